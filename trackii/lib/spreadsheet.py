"""Cells of CSV files people open in a spreadsheet program."""

import re
from typing import Any

#: A cell starting with one of these is read as a formula by some spreadsheet program
#: (OWASP "CSV injection"); a line break first hides the formula on a line of its own.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_safe(value: Any) -> str:
    """A cell that a spreadsheet shows as text, never runs as a formula: such a cell gets a
    leading quote. None is an empty cell."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def safe_filename(stem: str, extension: str) -> str:
    """A file name for Content-Disposition: ASCII letters, digits, '-' and '_' only, so no
    quote, path or header can be smuggled in by a code name."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "export"
    return f"{cleaned}.{extension}"

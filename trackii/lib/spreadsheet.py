"""Cells of CSV files people open in a spreadsheet program."""

import csv
import io
import re
import zipfile
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

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


class UnreadableSpreadsheet(ValueError):
    """A file that is not a CSV or XLSX table trackii can read; the message says why, in
    words for the person who uploaded it."""


#: Every XLSX file is a ZIP archive and starts so; its content, not its name, decides.
ZIP_MAGIC = b"PK\x03\x04"
#: An XLSX file unpacks to far more than it weighs; past this it is refused unread (a
#: "ZIP bomb" of a few kilobytes could otherwise fill the memory).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


def _text(value: Any) -> str:
    """A cell as the text a person typed: numbers without a trailing ".0", dates as ISO,
    formulas as their text (never computed)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _from_xlsx(data: bytes, max_rows: int) -> list[list[str]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise UnreadableSpreadsheet(_("This file is damaged: it cannot be opened.")) from exc
    if "xl/workbook.xml" not in names:
        raise UnreadableSpreadsheet(_not_a_table())
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableSpreadsheet(_("This spreadsheet is too large to read."))
    try:
        # data_only=False: a formula is read as its text, so nothing in the file is computed.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            rows = []
            for row in book.worksheets[0].iter_rows(values_only=True):
                rows.append([_text(value).strip() for value in row])
                if len(rows) > max_rows:
                    break
        finally:
            book.close()
    except UnreadableSpreadsheet:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise UnreadableSpreadsheet(_("This file is damaged: it cannot be opened.")) from exc
    return rows


def _from_csv(data: bytes, max_rows: int) -> list[list[str]]:
    if b"\x00" in data:
        raise UnreadableSpreadsheet(_not_a_table())
    try:
        text = data.decode("utf-8-sig")  # the BOM spreadsheet programs put first, if any
    except UnicodeDecodeError as exc:
        raise UnreadableSpreadsheet(
            _("This CSV file is not in UTF-8. Save it as “CSV UTF-8” and upload it again.")
        ) from exc
    first_line = text.split("\n", 1)[0]
    # Spreadsheet programs in many languages separate cells by semicolons or tabs.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    rows = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        rows.append([cell.strip() for cell in row])
        if len(rows) > max_rows:
            break
    return rows


def _not_a_table():
    return _("This is not a CSV or XLSX file. Upload a spreadsheet saved as CSV or XLSX.")


def read_table(data: bytes, *, max_rows: int) -> list[list[str]]:
    """The rows of a CSV or XLSX file (its first sheet) as lists of text, empty rows
    dropped; at most `max_rows` + 1 rows are read, so a caller can tell the file was
    longer. The kind is told by the content, whatever the file's name says.

    Cells come back as typed: a formula is its text ("=HYPERLINK(…)"), never its
    result; write cells back out through csv_safe. Raises UnreadableSpreadsheet."""
    reader = _from_xlsx if data.startswith(ZIP_MAGIC) else _from_csv
    return [row for row in reader(data, max_rows) if any(row)]


def xlsx_bytes(rows) -> bytes:
    """An XLSX file of one sheet with `rows` (lists of text), every cell stored as text: a
    value starting with "=" stays a string, never a formula."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=str(value))
            cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

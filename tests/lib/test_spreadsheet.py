"""Cells of exported CSV files: a spreadsheet shows them as text and never runs them."""

import pytest

from trackii.lib.spreadsheet import csv_safe


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+41 22", "'+41 22"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\r=1+1", "'\r=1+1"),
        ("\n=HYPERLINK(1)", "'\n=HYPERLINK(1)"),
        ("plain", "plain"),
        ("a = b", "a = b"),
        (None, ""),
        (7, "7"),
    ],
)
def test_csv_safe_prefixes_cells_a_spreadsheet_would_run_with_a_quote(value, safe):
    assert csv_safe(value) == safe

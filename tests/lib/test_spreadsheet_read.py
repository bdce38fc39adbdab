"""Reading CSV and XLSX tables: the kind told by the content, cells as typed, never run."""

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from trackii.lib.spreadsheet import UnreadableSpreadsheet, read_table, xlsx_bytes


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_read_table_csv_with_bom_drops_the_bom_from_the_first_header():
    data = "\ufeffname,side\nAmal,North\n".encode()

    assert read_table(data, max_rows=10) == [["name", "side"], ["Amal", "North"]]


def test_read_table_csv_separated_by_semicolons_splits_cells():
    data = b"name;side\nAmal;North\n"

    assert read_table(data, max_rows=10) == [["name", "side"], ["Amal", "North"]]


def test_read_table_csv_keeps_a_formula_as_its_text():
    data = b'name,side\n"=HYPERLINK(""http://evil.example"",""x"")",North\n'

    assert read_table(data, max_rows=10)[1] == ['=HYPERLINK("http://evil.example","x")', "North"]


def test_read_table_csv_not_utf8_asks_for_utf8():
    with pytest.raises(UnreadableSpreadsheet, match="UTF-8"):
        read_table("name\nJosé\n".encode("latin-1"), max_rows=10)


def test_read_table_binary_file_named_csv_is_refused():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"

    with pytest.raises(UnreadableSpreadsheet, match="not a CSV or XLSX"):
        read_table(png, max_rows=10)


def test_read_table_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()

    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")

    with pytest.raises(UnreadableSpreadsheet, match="not a CSV or XLSX"):
        read_table(out.getvalue(), max_rows=10)


def test_read_table_xlsx_reads_first_sheet_and_drops_empty_rows():
    data = xlsx([["name", "side", "phone"], [None, None, None], ["Amal", "North", 5551234.0]])

    assert read_table(data, max_rows=10) == [
        ["name", "side", "phone"],
        ["Amal", "North", "5551234"],
    ]


def test_read_table_xlsx_formula_is_read_as_its_text_not_computed():
    data = xlsx([["name"], ['=HYPERLINK("http://evil.example","click")']])

    assert read_table(data, max_rows=10)[1] == ['=HYPERLINK("http://evil.example","click")']


def test_read_table_stops_after_one_row_past_the_limit():
    data = ("name\n" + "".join(f"P{i}\n" for i in range(50))).encode()

    assert len(read_table(data, max_rows=10)) == 11


def test_xlsx_bytes_stores_a_formula_like_value_as_text():
    data = xlsx_bytes([["name"], ["=1+1"]])

    cell = load_workbook(io.BytesIO(data)).active["A2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_read_table_csv_keeps_a_line_break_inside_a_quoted_cell():
    data = b'name,influence\r\nAmal,"Reaches the council.\r\nWrites for the press."\r\n'

    assert read_table(data, max_rows=10)[1] == [
        "Amal",
        "Reaches the council.\r\nWrites for the press.",
    ]

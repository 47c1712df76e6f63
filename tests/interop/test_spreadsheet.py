"""CSV and Excel output: no cell runs as a formula, whatever the names hold."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from kring.interop.spreadsheet import sheet_title, write_csv, write_xlsx

DANGEROUS = ['=HYPERLINK("http://x.test")', "+31 6 1234", "-2+3", "@SUM(A1)", "\tTab", "<script>x</script>"]
HEADER = ["Naam", "Datum", "Getal", "Leeg"]
ROWS = [[name, dt.date(2027, 2, 1), Decimal("72.50"), None] for name in DANGEROUS] + [
    ["Ayşe Çelik", dt.date(2027, 2, 1), 12, ""],
    ["ግርማይ", None, True, "دعاء"],
]


def test_xlsx_every_cell_is_text_and_formula_lookalikes_are_quoted():
    workbook = load_workbook(io.BytesIO(write_xlsx(HEADER, ROWS, title="Cliënten [test]")))
    sheet = workbook.active
    assert sheet.title == "Cliënten  test"
    values = []
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            assert cell.data_type == "s", (cell.coordinate, cell.value, cell.data_type)
            assert cell.quotePrefix == cell.value.startswith(("=", "+", "-", "@", "\t"))
            values.append(cell.value)
    assert values[:4] == HEADER
    assert DANGEROUS[0] in values  # kept as it was typed, shown as text
    assert "72.50" in values and "2027-02-01" in values and "ja" in values and "دعاء" in values
    assert sheet.max_row == len(ROWS) + 1


def test_csv_has_a_bom_semicolons_and_no_live_formula():
    data = write_csv(HEADER, ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADER
    cells = [cell for row in rows for cell in row]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t")) for cell in cells)
    assert rows[1][0] == "'" + DANGEROUS[0]
    assert rows[1][1:] == ["2027-02-01", "72.50", ""]
    assert rows[-2][0] == "Ayşe Çelik"


def test_sheet_titles_stay_within_excel_limits():
    assert sheet_title("") == "Kring"
    assert len(sheet_title("x" * 50)) == 31

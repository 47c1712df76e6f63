"""Writing a table as CSV or Excel so that no cell runs as a formula (OWASP "CSV injection").

Pure Python (no Django): the web layer's list exports, the report tables and the command line
all write through `write_csv` and `write_xlsx`.

- CSV: UTF-8 with a byte-order mark (so Excel reads the accents) and semicolons (Dutch Excel).
  A cell that would start a formula gets a leading apostrophe, which Excel and LibreOffice show
  as text.
- Excel: every cell is written as a string (data type "s"), never a formula or a number that
  Excel might reinterpret; a cell that looks like a formula also gets Excel's quote prefix so
  that editing it keeps it text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

# A cell starting with one of these is a formula to Excel and LibreOffice.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
BOM = "\ufeff"
# Excel's limit on a sheet title, and characters it does not allow there.
_SHEET_TITLE_MAX = 31
_SHEET_TITLE_FORBIDDEN = set("[]:*?/\\")
# Characters XML 1.0 (and so .xlsx) cannot hold.
_XML_ILLEGAL = {c for c in range(32) if c not in (9, 10, 13)}


def cell_text(value: object) -> str:
    """A value as the text a list shows: dates ISO, decimals without exponent, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def safe_csv_cell(value: object) -> str:
    text = cell_text(value)
    return f"'{text}" if looks_like_formula(text) else text


def write_csv(header: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_csv_cell(cell) for cell in header])
    writer.writerows([safe_csv_cell(cell) for cell in row] for row in rows)
    return (BOM + buffer.getvalue()).encode("utf-8")


def sheet_title(title: str) -> str:
    cleaned = "".join(" " if char in _SHEET_TITLE_FORBIDDEN else char for char in title).strip()
    return (cleaned or "Kring")[:_SHEET_TITLE_MAX]


def _xml_safe(text: str) -> str:
    return "".join(char for char in text if ord(char) not in _XML_ILLEGAL)


def write_xlsx(header: Sequence[object], rows: Iterable[Sequence[object]], *, title: str = "Kring") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title)
    bold = Font(bold=True)
    for row_number, row in enumerate([header, *rows], start=1):
        for column_number, value in enumerate(row, start=1):
            text = _xml_safe(cell_text(value))
            if not text:
                continue  # an empty cell stays absent: nothing to run, nothing to misread
            cell = sheet.cell(row=row_number, column=column_number)
            cell.value = text
            # openpyxl turns a string starting with "=" into a formula; force text for every cell.
            cell.data_type = "s"
            if looks_like_formula(text):
                cell.quotePrefix = True
            if row_number == 1:
                cell.font = bold
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

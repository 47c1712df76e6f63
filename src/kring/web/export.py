"""Lists as downloads, safe to open in Excel: CSV (UTF-8 with a byte-order mark, semicolons)
or Excel (.xlsx, every cell text), with no cell that Excel or LibreOffice would run as a formula.

`table_response(fmt, filename_stem, header, rows, title=...)` is the one exporter every list and
report table calls: `fmt` is "csv" or "xlsx". The writing itself is pure
(`kring.interop.spreadsheet`); callers log client access themselves (kring.audit).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.http import Http404, HttpResponse

from kring.interop.spreadsheet import FORMULA_PREFIXES, safe_csv_cell, write_csv, write_xlsx

__all__ = ["FORMATS", "FORMULA_PREFIXES", "csv_response", "safe_cell", "table_response", "xlsx_response"]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def safe_cell(value: object) -> str:
    """The cell text, with a leading apostrophe when it would otherwise start a formula."""
    return safe_csv_cell(value)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> HttpResponse:
    return _download(write_csv(header, rows), "text/csv; charset=utf-8", filename)


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]], *, title: str = "Kring"
) -> HttpResponse:
    return _download(write_xlsx(header, rows, title=title), XLSX_CONTENT_TYPE, filename)


def table_response(
    fmt: str,
    filename_stem: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    title: str = "Kring",
) -> HttpResponse:
    """The table as `filename_stem.csv` or `filename_stem.xlsx`; 404 for another format."""
    if fmt == "csv":
        return csv_response(f"{filename_stem}.csv", header, rows)
    if fmt == "xlsx":
        return xlsx_response(f"{filename_stem}.xlsx", header, rows, title=title)
    raise Http404("unknown export format")

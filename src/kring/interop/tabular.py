"""Reading a client or people list from a CSV or Excel file, pure Python (no Django).

`read_table(data)` gives the header and rows of the first sheet whatever the file's shape: a
byte-order mark, semicolons, commas or tabs, UTF-8 or Windows-1252, .xlsx. Anything else
raises `TableError` with a code (the web layer owns the wording). `parse_date` reads the
dates Excel leaves behind (45678, 1-2-27, 01-02-2027, 2027-02-01). `guess_mapping` proposes
which column is which field. Validation against the database is the Django layer's job.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

MAX_COLUMNS = 200
MAX_CELL_CHARS = 1000
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0, after its 1900 leap-year bug
# Serial numbers between these are dates Excel turned into numbers (1954 to 2119).
EXCEL_SERIAL_RANGE = (20000, 80000)


class TableError(StrEnum):
    EMPTY = "empty"
    NOT_A_TABLE = "not_a_table"
    OLD_EXCEL = "old_excel"
    BROKEN_EXCEL = "broken_excel"
    TOO_MANY_COLUMNS = "too_many_columns"
    NO_HEADER = "no_header"


class TableReadError(Exception):
    def __init__(self, code: TableError):
        super().__init__(code.value)
        self.code = code


class DateProblem(StrEnum):
    NOT_A_DATE = "not_a_date"
    NO_SUCH_DATE = "no_such_date"  # 29-02 in a non-leap year, 31-04, ...


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]  # each as long as the header, cells stripped
    encoding: str  # utf-8, windows-1252 or xlsx
    delimiter: str  # ";" "," "\t" or "" for Excel


def read_table(data: bytes) -> Table:
    if not data.strip():
        raise TableReadError(TableError.EMPTY)
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data)
    if data.startswith(OLE_MAGIC):
        raise TableReadError(TableError.OLD_EXCEL)
    return _read_csv(data)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Windows-1252 decodes almost every byte; the checks below catch binary files.
        return data.decode("cp1252", errors="replace"), "windows-1252"


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if "\x00" in sample:
        return True
    controls = sum(1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\r\n\t")
    return controls > len(sample) // 100 + 1 or "\ufffd" in sample


def _read_csv(data: bytes) -> Table:
    text, encoding = _decode(data)
    if _looks_binary(text):
        raise TableReadError(TableError.NOT_A_TABLE)
    first_line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    delimiter = max((";", ",", "\t"), key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ";"
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    try:
        lines = [row for row in reader]
    except csv.Error as error:
        raise TableReadError(TableError.NOT_A_TABLE) from error
    return _table([[cell for cell in row] for row in lines], encoding, delimiter)


def _excel_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(data: bytes) -> Table:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as error:
        raise TableReadError(TableError.BROKEN_EXCEL) from error
    try:
        sheet = workbook.worksheets[0]
        lines = [[_excel_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _table(lines, "xlsx", "")


def _clean_cell(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()[:MAX_CELL_CHARS]


def _table(lines: list[list[str]], encoding: str, delimiter: str) -> Table:
    lines = [[_clean_cell(cell) for cell in line] for line in lines]
    lines = [line for line in lines if any(line)]
    if len(lines) < 2:  # nothing, or only a header
        raise TableReadError(TableError.EMPTY)
    header = lines[0]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise TableReadError(TableError.TOO_MANY_COLUMNS)
    if not header or sum(1 for cell in header if cell) < 1:
        raise TableReadError(TableError.NO_HEADER)
    width = len(header)
    rows = [(line + [""] * width)[:width] for line in lines[1:]]
    return Table(header=header, rows=rows, encoding=encoding, delimiter=delimiter)


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_DUTCH = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
_SERIAL = re.compile(r"^\d{5}(?:[.,]0+)?$")


def parse_date(text: str, *, today: dt.date | None = None) -> dt.date | DateProblem | None:
    """A date as Dutch files and Excel write it; None for an empty cell.

    Day first (1-2-27 is 1 February 2027); a two-digit year is the one nearest to `today` in
    this century or the last (birth dates stay in the past when the caller says so)."""
    text = (text or "").strip()
    if not text:
        return None
    if _SERIAL.match(text):
        serial = int(text.replace(",", ".").split(".")[0])
        if EXCEL_SERIAL_RANGE[0] <= serial <= EXCEL_SERIAL_RANGE[1]:
            return EXCEL_EPOCH + dt.timedelta(days=serial)
        return DateProblem.NOT_A_DATE
    match = _ISO.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _DUTCH.match(text)
        if not match:
            return DateProblem.NOT_A_DATE
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year = _full_year(year, today or dt.date.today())
    if not 1 <= month <= 12:
        return DateProblem.NOT_A_DATE
    try:
        return dt.date(year, month, day)
    except ValueError:
        return DateProblem.NO_SUCH_DATE if 1 <= day <= 31 else DateProblem.NOT_A_DATE


def _full_year(two_digits: int, today: dt.date) -> int:
    """The year in 19xx or 20xx nearest to today (due dates are near, birth dates not far)."""
    candidates = (1900 + two_digits, 2000 + two_digits)
    return min(candidates, key=lambda year: abs(year - today.year))


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", folded)


# Field -> headers (Dutch and English) that mean it, compared without case, accents or spaces.
CLIENT_FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "given_name": ("voornaam", "voornamen", "given name", "first name", "firstname"),
    "family_name": ("achternaam", "familienaam", "geslachtsnaam", "family name", "last name", "surname"),
    "called_name": ("roepnaam", "called", "called name", "nickname"),
    "bsn": ("bsn", "burgerservicenummer", "citizen service number"),
    "date_of_birth": ("geboortedatum", "date of birth", "birth date", "dob"),
    "due_date": ("a terme datum", "aterme", "atd", "uitgerekende datum", "due date", "edd"),
    "programme": ("programma", "programme", "program"),
    "email": ("e-mail", "email", "e-mailadres", "emailadres"),
    "phone": ("telefoon", "telefoonnummer", "mobiel", "phone", "mobile"),
    "postcode": ("postcode", "postal code", "zip"),
    "languages": ("talen", "taal", "languages", "language"),
    "baby_given_name": ("voornaam baby", "naam baby", "baby's given name", "baby name"),
    "baby_birth_date": ("geboortedatum baby", "baby's birth date", "baby birth date"),
    "baby_bsn": ("bsn baby", "baby's bsn", "baby bsn"),
}
PERSON_FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "given_name": CLIENT_FIELD_NAMES["given_name"],
    "family_name": CLIENT_FIELD_NAMES["family_name"],
    "email": CLIENT_FIELD_NAMES["email"],
    "phone": CLIENT_FIELD_NAMES["phone"],
    "agb_code": ("agb", "agb code", "agb-code"),
    "big_number": ("big", "big nummer", "big-nummer", "big number", "big-registratienummer"),
    "profession": ("beroep", "profession"),
    "languages": CLIENT_FIELD_NAMES["languages"],
    "roles": ("rollen", "rol", "roles", "role"),
    "availability": ("beschikbaarheid", "availability"),
}
FIELD_NAMES = {"clients": CLIENT_FIELD_NAMES, "people": PERSON_FIELD_NAMES}


def guess_mapping(header: list[str], kind: str = "clients") -> dict[str, str]:
    """Column header -> field for the headers recognised; each field at most once."""
    known = {_key(name): field for field, names in FIELD_NAMES[kind].items() for name in (*names, field)}
    mapping: dict[str, str] = {}
    for column in header:
        field = known.get(_key(column))
        if field and field not in mapping.values():
            mapping[column] = field
    return mapping


def split_list(text: str) -> list[str]:
    """ "nl, tr" / "nl;tr" / "nl tr" -> ["nl", "tr"] (lower case, order kept, no repeats)."""
    items = [item.lower() for item in re.split(r"[\s,;/|]+", text or "") if item]
    return list(dict.fromkeys(items))


_DAY_ALIASES = {
    "ma": "mon",
    "maandag": "mon",
    "mon": "mon",
    "monday": "mon",
    "di": "tue",
    "dinsdag": "tue",
    "tue": "tue",
    "tuesday": "tue",
    "wo": "wed",
    "woensdag": "wed",
    "wed": "wed",
    "wednesday": "wed",
    "do": "thu",
    "donderdag": "thu",
    "thu": "thu",
    "thursday": "thu",
    "vr": "fri",
    "vrijdag": "fri",
    "fri": "fri",
    "friday": "fri",
    "za": "sat",
    "zaterdag": "sat",
    "sat": "sat",
    "saturday": "sat",
    "zo": "sun",
    "zondag": "sun",
    "sun": "sun",
    "sunday": "sun",
}
_DAYPART_ALIASES = {"ochtend": "morning", "middag": "afternoon", "avond": "evening"}


def parse_availability(text: str) -> dict[str, list[str]] | None:
    """ "ma: ochtend avond; wo: middag" -> {"mon": ["morning", "evening"], "wed": ["afternoon"]};
    None when a weekday is not recognised. Daypart codes are checked by the caller."""
    availability: dict[str, list[str]] = {}
    for part in re.split(r"[;\n]+", text or ""):
        if not part.strip():
            continue
        day_text, _, parts_text = part.partition(":")
        day = _DAY_ALIASES.get(_key(day_text))
        if day is None:
            return None
        dayparts = [_DAYPART_ALIASES.get(code, code) for code in split_list(parts_text)]
        availability[day] = list(dict.fromkeys(availability.get(day, []) + dayparts))
    return availability

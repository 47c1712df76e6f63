"""Reading client lists as practices have them: BOM, semicolons or commas, Windows-1252,
Excel files and the dates Excel leaves behind; anything else gets a code, never a crash."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from openpyxl import Workbook

from kring.interop.tabular import (
    DateProblem,
    TableError,
    TableReadError,
    guess_mapping,
    parse_availability,
    parse_date,
    read_table,
    split_list,
)

TODAY = dt.date(2026, 12, 3)


def test_utf8_with_bom_and_semicolons():
    table = read_table("\ufeffVoornaam;Achternaam;BSN\r\nAyşe;Çelik;999911120\r\n".encode())
    assert table.header == ["Voornaam", "Achternaam", "BSN"]
    assert table.rows == [["Ayşe", "Çelik", "999911120"]]
    assert (table.encoding, table.delimiter) == ("utf-8", ";")


def test_commas_quotes_and_windows_1252():
    data = 'Voornaam,Achternaam,Opmerking\n"Zoë","Müller","a, b"\n'.encode("cp1252")
    table = read_table(data)
    assert table.encoding == "windows-1252"
    assert table.delimiter == ","
    assert table.rows == [["Zoë", "Müller", "a, b"]]


def test_missing_and_extra_cells_are_padded_and_cut_and_blank_lines_dropped():
    table = read_table(b"a;b;c\n1\n\n;;\n1;2;3;4;5\n")
    assert table.rows == [["1", "", ""], ["1", "2", "3"]]


def test_names_are_nfc_whatever_the_file_had():
    nfd = unicodedata.normalize("NFD", "Ngozi Ọkafor")
    table = read_table(f"naam\n{nfd}\n".encode())
    assert table.rows[0][0] == unicodedata.normalize("NFC", "Ngozi Ọkafor")


def test_xlsx_with_real_dates_and_numbers():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Voornaam", "À terme datum", "BSN"])
    sheet.append(["ግርማይ", dt.datetime(2027, 2, 1), 999912045])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue())
    assert table.encoding == "xlsx"
    assert table.rows == [["ግርማይ", "2027-02-01", "999912045"]]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", TableError.EMPTY),
        (b"   \n\n", TableError.EMPTY),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", TableError.NOT_A_TABLE),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x01\x02\x03\x04\x05\x06\x07", TableError.NOT_A_TABLE),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, TableError.OLD_EXCEL),
        (b"PK\x03\x04not really a zip", TableError.BROKEN_EXCEL),
        ((";".join(str(n) for n in range(300)) + "\n1;2\n").encode(), TableError.TOO_MANY_COLUMNS),
        (b"Voornaam;Achternaam\n", TableError.EMPTY),  # a header without rows
    ],
)
def test_files_that_are_not_a_readable_table_get_a_code(data, code):
    with pytest.raises(TableReadError) as caught:
        read_table(data)
    assert caught.value.code is code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("45678", dt.date(2025, 1, 21)),  # an Excel serial number
        ("45678,0", dt.date(2025, 1, 21)),
        ("1-2-27", dt.date(2027, 2, 1)),  # day first, two-digit year
        ("01-02-2027", dt.date(2027, 2, 1)),
        ("1/2/2027", dt.date(2027, 2, 1)),
        ("1.2.2027", dt.date(2027, 2, 1)),
        ("2027-02-01", dt.date(2027, 2, 1)),
        ("2027-02-01 00:00:00", dt.date(2027, 2, 1)),
        ("12-4-95", dt.date(1995, 4, 12)),  # a birth date: the nearest century
        ("", None),
        ("29-02-2028", dt.date(2028, 2, 29)),
        ("29-02-2027", DateProblem.NO_SUCH_DATE),
        ("31-04-2027", DateProblem.NO_SUCH_DATE),
        ("13-13-2027", DateProblem.NOT_A_DATE),
        ("morgen", DateProblem.NOT_A_DATE),
        ("12345", DateProblem.NOT_A_DATE),  # a number, but not a date Excel would make
        ("=1+1", DateProblem.NOT_A_DATE),
    ],
)
def test_dates_as_excel_and_people_write_them(text, expected):
    assert parse_date(text, today=TODAY) == expected


def test_guess_mapping_reads_dutch_and_english_headers_once_each():
    header = [
        "Voornaam",
        "ACHTERNAAM",
        "Burgerservicenummer",
        "À terme datum",
        "E-mail",
        "First name",
        "Extra",
    ]
    assert guess_mapping(header) == {
        "Voornaam": "given_name",
        "ACHTERNAAM": "family_name",
        "Burgerservicenummer": "bsn",
        "À terme datum": "due_date",
        "E-mail": "email",
    }
    assert guess_mapping(["Naam", "Beschikbaarheid", "Rollen"], "people") == {
        "Beschikbaarheid": "availability",
        "Rollen": "roles",
    }


def test_lists_and_availability():
    assert split_list("NL, tr;nl / ti") == ["nl", "tr", "ti"]
    assert parse_availability("ma: ochtend avond; wo: middag") == {
        "mon": ["morning", "evening"],
        "wed": ["afternoon"],
    }
    assert parse_availability("") == {}
    assert parse_availability("blursday: ochtend") is None

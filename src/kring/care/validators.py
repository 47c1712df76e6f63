"""Validation of client data: BSN, names and the dates of a pregnancy or a baby.

Everything here raises `ValidationError` with a message a coordinator can act on; model
`clean()` methods and domain functions call these so forms and the admin share them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.nl import bsn as stdnum_bsn

DUE_DATE_MAX_DAYS_PAST = 14
DUE_DATE_MAX_WEEKS_AHEAD = 44
OLDEST_BIRTH_YEAR = 1900

_NINE_DIGITS = re.compile(r"^[0-9]{9}$")
# Characters that never belong in a name: markup, braces and control characters.
_FORBIDDEN_IN_NAME = set("<>{}[]\\|`") | {chr(c) for c in range(32)} | {"\x7f"}


def normalise_bsn(value: str) -> str:
    """Strip spaces, dots and dashes; a BSN then has exactly nine digits and passes the 11-check."""
    digits = re.sub(r"[\s.\-]", "", value or "")
    if not _NINE_DIGITS.match(digits):
        raise ValidationError(_("A BSN has exactly 9 digits."), code="bsn_length")
    if not stdnum_bsn.is_valid(digits):
        raise ValidationError(
            _("This BSN fails the 11-check; check for a typing error."), code="bsn_checksum"
        )
    return digits


def validate_bsn(value: str) -> None:
    normalise_bsn(value)


def normalise_name(value: str) -> str:
    """NFC-normalise and trim a name; names in any script are welcome, markup is not."""
    name = unicodedata.normalize("NFC", value or "").strip()
    name = re.sub(r"\s+", " ", name)
    if any(char in _FORBIDDEN_IN_NAME for char in name):
        raise ValidationError(
            _("A name cannot contain < > { } [ ] \\ | ` or control characters."), code="name_chars"
        )
    if name and not any(unicodedata.category(char).startswith("L") for char in name):
        raise ValidationError(_("A name needs at least one letter."), code="name_letters")
    return name


def validate_due_date(due_date: dt.date, today: dt.date) -> None:
    if due_date < today - dt.timedelta(days=DUE_DATE_MAX_DAYS_PAST):
        raise ValidationError(
            _("The due date is more than 2 weeks in the past; register the birth instead."),
            code="due_date_past",
        )
    if due_date > today + dt.timedelta(weeks=DUE_DATE_MAX_WEEKS_AHEAD):
        raise ValidationError(_("The due date is more than 44 weeks ahead."), code="due_date_future")


def validate_birth_date(birth_date: dt.date, today: dt.date) -> None:
    if birth_date > today:
        raise ValidationError(_("A birth date cannot be in the future."), code="birth_date_future")
    if birth_date.year < OLDEST_BIRTH_YEAR:
        raise ValidationError(_("This birth date is too long ago."), code="birth_date_past")


_DUTCH_DATE = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_local_date(text: str) -> dt.date:
    """Read a date written as 31-12-2027 (Dutch) or 2027-12-31 (ISO) with a clear message for
    dates that do not exist, such as 29-02 in a year that is not a leap year."""
    match = _DUTCH_DATE.match(text or "")
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _ISO_DATE.match(text or "")
        if not match:
            raise ValidationError(
                _("%(value)s is not a date; write it as 31-12-2027."),
                code="date_format",
                params={"value": text},
            )
        year, month, day = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        if month == 2 and day == 29:
            raise ValidationError(
                _("29 February %(year)s does not exist: %(year)s is not a leap year."),
                code="date_not_leap",
                params={"year": year},
            ) from None
        raise ValidationError(
            _("%(value)s is not an existing date."), code="date_invalid", params={"value": text}
        ) from None


FULL_TERM_DAYS = 280
GESTATION_TOLERANCE_DAYS = 7


def due_date_from_gestational_age(weeks: int, days: int, on: dt.date) -> dt.date:
    """The due date implied by a gestational age of `weeks`+`days` on date `on` (40 weeks term)."""
    return on + dt.timedelta(days=FULL_TERM_DAYS - (weeks * 7 + days))


def validate_gestational_age(due_date: dt.date, weeks: int, days: int, on: dt.date) -> None:
    """A gestational age and a due date entered together must agree within a week."""
    if not (0 <= days <= 6 and 0 <= weeks <= 44):
        raise ValidationError(
            _("A gestational age is 0–44 weeks and 0–6 days."), code="gestational_age_range"
        )
    implied = due_date_from_gestational_age(weeks, days, on)
    if abs((implied - due_date).days) > GESTATION_TOLERANCE_DAYS:
        raise ValidationError(
            _("%(weeks)s+%(days)s weeks on %(on)s means a due date around %(implied)s, not %(due)s."),
            code="gestational_age_mismatch",
            params={
                "weeks": weeks,
                "days": days,
                "on": f"{on:%d-%m-%Y}",
                "implied": f"{implied:%d-%m-%Y}",
                "due": f"{due_date:%d-%m-%Y}",
            },
        )

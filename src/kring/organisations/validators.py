"""Validators for Dutch identifiers and the small value formats shared by organisation data."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_CHOICES = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]

# Dutch postcodes: four digits not starting with 0, two letters, never SA, SD or SS.
_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s?([A-Z]{2})$")
_AGB = re.compile(r"^[0-9]{8}$")
_BIG = re.compile(r"^[0-9]{11}$")  # the BIG register number of a care professional
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def normalise_postcode(value: str) -> str:
    """'1234ab' -> '1234 AB'; raises ValidationError for anything that is not a Dutch postcode."""
    match = _POSTCODE.match((value or "").strip().upper())
    if not match or match.group(2) in {"SA", "SD", "SS"}:
        raise ValidationError(
            _("%(value)s is not a Dutch postcode; write it as 1234 AB."),
            code="postcode",
            params={"value": value},
        )
    return f"{match.group(1)} {match.group(2)}"


def validate_postcode(value: str) -> None:
    normalise_postcode(value)


def validate_agb_code(value: str) -> None:
    if not _AGB.match(value or ""):
        raise ValidationError(_("An AGB code has exactly 8 digits."), code="agb")


def validate_big_number(value: str) -> None:
    if not _BIG.match(value or ""):
        raise ValidationError(_("A BIG number has exactly 11 digits."), code="big")


def validate_ura_number(value: str) -> None:
    if not _AGB.match(value or ""):
        raise ValidationError(_("A URA number has exactly 8 digits."), code="ura")


def validate_language_codes(value: object) -> None:
    """A list of ISO 639 language codes in lower case, e.g. ["nl", "en", "ti"]."""
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(
            _("Languages must be a list of ISO codes such as nl, en, tr."), code="languages"
        )
    bad = [code for code in value if not _LANGUAGE.match(code)]
    if bad:
        raise ValidationError(
            _("Not an ISO language code: %(codes)s."), code="languages", params={"codes": ", ".join(bad)}
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("A language is listed twice."), code="languages")


def validate_weekly_availability(value: object, daypart_codes: set[str] | None = None) -> None:
    """A map weekday -> list of daypart codes, e.g. {"mon": ["morning"], "wed": ["evening"]}.

    A weekday missing from the map is unavailable; {} means never. With `daypart_codes` the
    dayparts must be among them (the organisation's dayparts).
    """
    if not isinstance(value, dict):
        raise ValidationError(_("Availability must map weekdays to dayparts."), code="availability")
    for day, parts in value.items():
        if day not in WEEKDAYS:
            raise ValidationError(
                _("Unknown weekday %(day)s; use mon … sun."), code="availability", params={"day": day}
            )
        if not isinstance(parts, list) or not all(isinstance(part, str) for part in parts):
            raise ValidationError(_("Availability must map weekdays to dayparts."), code="availability")
        unknown = sorted(set(parts) - daypart_codes) if daypart_codes is not None else []
        if unknown:
            raise ValidationError(
                _("Unknown daypart %(daypart)s."), code="availability", params={"daypart": ", ".join(unknown)}
            )

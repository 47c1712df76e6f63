"""Form fields shared by Kring's forms: dates a Dutch user types, lists of language codes."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kring.care.languages import code_for, language_name
from kring.care.validators import parse_local_date
from kring.organisations.validators import validate_language_codes


class DateInput(forms.DateInput):
    """The browser's date picker; it sends ISO dates, which `LocalDateField` reads."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class LocalDateField(forms.DateField):
    """Accepts 31-12-2027 and 2027-12-31, and says why 29-02-2027 is not a date."""

    widget = DateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return parse_local_date(str(value))


class LanguagesField(forms.CharField):
    """Languages typed as names or ISO codes, separated by commas: "Nederlands, Turks" or
    "nl, tr" -> ["nl", "tr"]. Shown as names."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Separated by commas, for example Dutch, English, Turkish."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(language_name(code) for code in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        parts = [part for part in re.split(r"[,;\n]+", text or "") if part.strip()]
        if len(parts) == 1 and " " in parts[0].strip() and code_for(parts[0]) is None:
            parts = parts[0].split()  # "nl en tr" as the old form asked
        codes, unknown = [], []
        for part in parts:
            code = code_for(part)
            (codes if code else unknown).append(code or part.strip())
        if unknown:
            raise ValidationError(
                _(
                    "Unknown language: %(names)s. Type the name, for example Turkish, "
                    "or the code, for example tr."
                ),
                params={"names": ", ".join(unknown)},
            )
        try:
            validate_language_codes(codes)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        return codes

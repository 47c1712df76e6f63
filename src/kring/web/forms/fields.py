"""Form fields shared by Kring's forms: dates a Dutch user types, lists of language codes."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
    """ISO language codes separated by commas or spaces: "nl, en, ti" -> ["nl", "en", "ti"]."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("ISO codes separated by commas, for example nl, en, tr."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        codes = [code.lower() for code in re.split(r"[\s,;]+", text or "") if code]
        try:
            validate_language_codes(codes)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        return codes

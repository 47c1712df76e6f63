"""The weekday × daypart grid behind people's and rooms' weekly availability.

Availability is stored as {"mon": ["morning", "evening"], ...} (see
`kring.organisations.validators.validate_weekly_availability`); the grid shows one checkbox per
weekday and daypart of the organisation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from kring.organisations.validators import WEEKDAY_CHOICES


def field_name(weekday: str, daypart_code: str) -> str:
    return f"{weekday}__{daypart_code}"


@dataclass(frozen=True)
class GridCell:
    weekday: str
    daypart: str
    field: forms.BoundField


@dataclass(frozen=True)
class GridRow:
    weekday: str
    label: str
    cells: list[GridCell]


class AvailabilityForm(forms.Form):
    """One checkbox per (weekday, daypart). With `allow_always`, an extra "always available"
    choice stores None (used by rooms, whose availability may be unrestricted)."""

    always = forms.BooleanField(label=_("Always available"), required=False)

    def __init__(self, *args, dayparts, availability, allow_always: bool = False, **kwargs):
        self.dayparts = list(dayparts)
        self.allow_always = allow_always
        initial = kwargs.pop("initial", None) or {}
        if allow_always:
            initial["always"] = availability is None
        for weekday, _label in WEEKDAY_CHOICES:
            for daypart in self.dayparts:
                initial[field_name(weekday, daypart.code)] = daypart.code in (availability or {}).get(
                    weekday, []
                )
        super().__init__(*args, initial=initial, **kwargs)
        if not allow_always:
            self.fields.pop("always", None)
        for weekday, label in WEEKDAY_CHOICES:
            for daypart in self.dayparts:
                self.fields[field_name(weekday, daypart.code)] = forms.BooleanField(
                    required=False, label=f"{label} {daypart.name}"
                )

    def rows(self) -> list[GridRow]:
        return [
            GridRow(
                weekday=weekday,
                label=str(label),
                cells=[
                    GridCell(weekday, daypart.code, self[field_name(weekday, daypart.code)])
                    for daypart in self.dayparts
                ],
            )
            for weekday, label in WEEKDAY_CHOICES
        ]

    def availability(self) -> dict[str, list[str]] | None:
        """The cleaned grid as stored on the model; None means always available."""
        if self.allow_always and self.cleaned_data.get("always"):
            return None
        result: dict[str, list[str]] = {}
        for weekday, _label in WEEKDAY_CHOICES:
            codes = [d.code for d in self.dayparts if self.cleaned_data.get(field_name(weekday, d.code))]
            if codes:
                result[weekday] = codes
        return result

"""Locations and their rooms."""

from __future__ import annotations

from django import forms
from django.core.validators import MinValueValidator

from kring.organisations.models import Location, Room


class ScopedModelForm(forms.ModelForm):
    """A form whose instance belongs to a parent set by the view (not a form field). The
    parent still takes part in validation, so "this name exists already in this organisation"
    is a form error instead of a database error."""

    scope_field = ""

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.discard(self.scope_field)
        return exclude


class LocationForm(ScopedModelForm):
    scope_field = "organisation"

    class Meta:
        model = Location
        fields = ["name", "online", "street", "postcode", "city", "is_active"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation


class RoomForm(ScopedModelForm):
    """Room details; the weekly availability comes from the grid next to it."""

    scope_field = "location"

    class Meta:
        model = Room
        fields = ["name", "capacity_seats", "cost_per_session", "is_active"]

    def __init__(self, *args, location, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.location = location
        # The same limits as the database constraints, as field messages people understand.
        self.fields["capacity_seats"].min_value = 1
        self.fields["capacity_seats"].validators.append(MinValueValidator(1))
        self.fields["cost_per_session"].validators.append(MinValueValidator(0))
        self.fields["capacity_seats"].widget.attrs["min"] = 1
        self.fields["cost_per_session"].widget.attrs["min"] = 0

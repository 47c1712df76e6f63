"""Registering and editing a client. Validation lives in the domain (`Client.clean`, the care
validators); this form adds the organisation's choices and reads what people type."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.care.models import Client, LocationPreference
from kring.care.validators import due_date_from_gestational_age, normalise_bsn, validate_gestational_age
from kring.organisations.models import Organisation
from kring.organisations.validators import WEEKDAY_CHOICES, normalise_postcode
from kring.web.forms.fields import LanguagesField, LocalDateField

DATE_FIELDS = ("date_of_birth", "due_date", "available_from", "baby_birth_date")


class ClientForm(forms.ModelForm):
    bsn = forms.CharField(label=_("BSN"), required=False, max_length=20, help_text=_("9 digits; optional."))
    baby_bsn = forms.CharField(label=_("Baby's BSN"), required=False, max_length=20)
    languages = LanguagesField(label=_("Languages"))
    weekdays = forms.MultipleChoiceField(
        label=_("Weekdays that suit"),
        choices=WEEKDAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    dayparts = forms.MultipleChoiceField(
        label=_("Dayparts that suit"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    preferred_locations = forms.ModelMultipleChoiceField(
        label=_("Locations that suit"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    consent = forms.BooleanField(
        label=_("The client has given consent to take part in group care"), required=False
    )
    gestational_age = forms.CharField(
        label=_("Weeks pregnant today"),
        required=False,
        max_length=10,
        help_text=_("Optional, as weeks+days (16+3): checked against the due date, or gives it."),
    )

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    CONFLICT = _(
        "Someone else saved changes to this client after you opened this form. "
        "Open the client again to see them, then make your changes."
    )

    class Conflict(Exception):
        """The client changed since the form was opened (optimistic locking, `Client.version`)."""

    class Meta:
        model = Client
        fields = [
            "programme",
            "given_name",
            "family_name",
            "called_name",
            "bsn",
            "date_of_birth",
            "email",
            "phone",
            "postcode",
            "languages",
            "due_date",
            "available_from",
            "baby_given_name",
            "baby_birth_date",
            "baby_bsn",
            "baby_sex",
            "weekdays",
            "dayparts",
            "consent_scope",
        ]
        field_classes = {name: LocalDateField for name in DATE_FIELDS}

    def __init__(self, *args, organisation, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["programme"].queryset = programmes
        self.fields["programme"].empty_label = None
        if self.instance.pk is None and "programme" not in self.initial:
            # A JGZ organisation registers parents with babies (CO); everyone else pregnant women (CZ).
            usual = "CO" if organisation.kind == Organisation.Kind.JGZ else "CZ"
            self.initial["programme"] = programmes.filter(code=usual).first()
        dayparts = list(organisation.dayparts.order_by("start"))
        self.fields["dayparts"].choices = [(d.code, d.name) for d in dayparts]
        self.fields["preferred_locations"].queryset = organisation.locations.filter(is_active=True).order_by(
            "name"
        )
        if self.instance.pk:
            self.initial["preferred_locations"] = [loc.pk for loc in self.instance.preferred_locations()]
            self.initial["consent"] = self.instance.consent_given_at is not None
            self.initial["seen_version"] = self.instance.version
        for name in ("given_name", "family_name"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean_bsn(self):
        return normalise_bsn(self.cleaned_data["bsn"]) if self.cleaned_data["bsn"] else ""

    def clean_baby_bsn(self):
        return normalise_bsn(self.cleaned_data["baby_bsn"]) if self.cleaned_data["baby_bsn"] else ""

    def clean_postcode(self):
        value = self.cleaned_data["postcode"]
        return normalise_postcode(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        # a post without the version (not from this form) is not checked
        seen = cleaned.get("seen_version")
        if self.instance.pk and seen is not None and self._stale(seen):
            raise ValidationError(self.CONFLICT, code="conflict")
        if cleaned.get("consent") and not cleaned.get("consent_scope"):
            self.add_error("consent_scope", _("Say what the client gave consent for."))
        self._check_gestational_age(cleaned)
        return cleaned

    def _check_gestational_age(self, cleaned) -> None:
        """Weeks pregnant typed with a due date must agree with it; typed alone, they give it."""
        typed = (cleaned.get("gestational_age") or "").replace(" ", "")
        if not typed:
            return
        match = re.fullmatch(r"(\d{1,2})(?:\+(\d))?", typed)
        try:
            if match is None:
                raise ValidationError(
                    _("A gestational age is 0–44 weeks and 0–6 days."), code="gestational_age_range"
                )
            weeks, days, today = int(match[1]), int(match[2] or 0), timezone.localdate()
            due = cleaned.get("due_date") or due_date_from_gestational_age(weeks, days, today)
            validate_gestational_age(due, weeks, days, today)
        except ValidationError as error:
            self.add_error("gestational_age", error)
            return
        is_cz = getattr(cleaned.get("programme"), "code", "") == "CZ"
        if is_cz and not cleaned.get("due_date") and "due_date" not in self.errors:
            cleaned["due_date"] = due

    def _stale(self, seen) -> bool:
        return Client.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first() != seen

    @transaction.atomic
    def save(self, commit: bool = True) -> Client:
        """Save the client and its location preferences together, or nothing at all."""
        client = super().save(commit=False)
        if client.pk:
            # the version moves on only if nobody saved since this form was opened; a race that
            # slipped past clean() ends here and undoes the whole save
            seen = self.cleaned_data.get("seen_version")
            current = Client.objects.filter(pk=client.pk)
            if seen is not None:
                current = current.filter(version=seen)
            if not current.update(version=F("version") + 1):
                raise self.Conflict(self.CONFLICT)
            client.version = Client.objects.values_list("version", flat=True).get(pk=client.pk)
        if self.cleaned_data.get("consent"):
            client.consent_given_at = client.consent_given_at or timezone.now()
        else:
            client.consent_given_at = None
            client.consent_scope = ""
        client.save()
        client.location_preferences.all().delete()
        LocationPreference.objects.bulk_create(
            LocationPreference(client=client, location=location, rank=rank)
            for rank, location in enumerate(self.cleaned_data.get("preferred_locations") or [])
        )
        return client

"""A person's details and roles; their availability has its own grid form."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kring.care.validators import normalise_name
from kring.organisations.models import Absence, Person, Role
from kring.web.forms.fields import LanguagesField, LocalDateField


class PersonForm(forms.ModelForm):
    languages = LanguagesField(label=_("Languages"))
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.Kind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Person
        fields = [
            "given_name",
            "family_name",
            "profession",
            "email",
            "phone",
            "agb_code",
            "big_number",
            "languages",
            "locations",
            "max_sessions_per_week",
            "max_concurrent_groups",
            "is_active",
        ]
        widgets = {"locations": forms.CheckboxSelectMultiple}

    def __init__(self, *args, organisation, editor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor
        self.instance.organisation = organisation
        self.fields["locations"].queryset = organisation.locations.order_by("name")
        if self.instance.pk:
            self.initial["roles"] = sorted(self.instance.role_codes())

    def clean_given_name(self):
        return normalise_name(self.cleaned_data["given_name"])

    def clean_family_name(self):
        return normalise_name(self.cleaned_data["family_name"])

    def clean_roles(self):
        roles = self.cleaned_data["roles"]
        editing_self = self.editor is not None and self.instance.pk == self.editor.pk
        if (
            editing_self
            and Role.Kind.COORDINATOR in self.initial.get("roles", [])
            and Role.Kind.COORDINATOR not in roles
        ):
            raise forms.ValidationError(
                _("You cannot take away your own coordinator role; ask another coordinator.")
            )
        return roles

    @transaction.atomic
    def save(self, commit: bool = True) -> Person:
        """Save the person, their locations and their roles together, or nothing at all."""
        person = super().save(commit=True)
        wanted = set(self.cleaned_data.get("roles") or [])
        person.roles.exclude(role__in=wanted).delete()
        existing = set(person.roles.values_list("role", flat=True))
        Role.objects.bulk_create(Role(person=person, role=code) for code in sorted(wanted - existing))
        return person


class AbsenceForm(forms.ModelForm):
    """A period in which a person cannot run sessions (leave, illness, training)."""

    class Meta:
        model = Absence
        fields = ["first_day", "last_day", "reason"]
        field_classes = {"first_day": LocalDateField, "last_day": LocalDateField}

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.person = person

    def _post_clean(self):
        # Say it at the field, once, instead of also reporting the database constraint by name.
        first, last = self.cleaned_data.get("first_day"), self.cleaned_data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("The last day cannot be before the first day."))
            return
        super()._post_clean()

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.organisations.models.organisation import Organisation, ProgrammeCode
from kring.organisations.models.places import Location
from kring.organisations.validators import (
    validate_agb_code,
    validate_big_number,
    validate_language_codes,
    validate_weekly_availability,
)


class Person(models.Model):
    """Someone who works in an organisation: facilitator, coordinator, privacy officer.

    A person may have a login (`user`); one user can be a person in several organisations.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="people", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("login"),
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    profession = models.CharField(
        _("profession"),
        max_length=100,
        blank=True,
        help_text=_("For example midwife, maternity carer, JGZ nurse."),
    )
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    agb_code = models.CharField(_("AGB code"), max_length=8, blank=True, validators=[validate_agb_code])
    big_number = models.CharField(
        _("BIG number"), max_length=11, blank=True, validators=[validate_big_number]
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("ISO codes, e.g. nl, en, tr.")
    )
    locations = models.ManyToManyField(
        Location, blank=True, related_name="people", verbose_name=_("works at locations")
    )
    # weekday -> daypart codes; {} means never available
    availability = models.JSONField(_("weekly availability"), default=dict, blank=True)
    max_sessions_per_week = models.PositiveSmallIntegerField(
        _("at most sessions per week"), null=True, blank=True
    )
    max_concurrent_groups = models.PositiveSmallIntegerField(
        _("at most groups at once"), null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["organisation", "family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(user__isnull=False),
                name="person_one_per_user_per_org",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        try:
            validate_language_codes(self.languages)
        except ValidationError as error:
            errors["languages"] = error
        if self.organisation_id:
            codes = set(self.organisation.dayparts.values_list("code", flat=True))
            try:
                validate_weekly_availability(self.availability, codes)
            except ValidationError as error:
                errors["availability"] = error
        if errors:
            raise ValidationError(errors)

    # Roles -----------------------------------------------------------------------------

    def role_codes(self) -> set[str]:
        return {role.role for role in self.roles.all()}

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes() & set(codes))

    @property
    def can_lead(self) -> list[str]:
        """Programmes this person may lead (the planner's `can_lead`)."""
        codes = self.role_codes()
        return [
            p
            for p, r in ((ProgrammeCode.CZ, Role.Kind.CZ_LEAD), (ProgrammeCode.CO, Role.Kind.CO_LEAD))
            if r in codes
        ]

    @property
    def can_co(self) -> list[str]:
        """Programmes this person may co-facilitate: a lead may co its own programme; a
        co-facilitator or interpreter may co both."""
        codes = self.role_codes()
        if codes & {Role.Kind.CO_FACILITATOR, Role.Kind.INTERPRETER}:
            return [ProgrammeCode.CZ, ProgrammeCode.CO]
        return self.can_lead

    def is_available(self, weekday: str, daypart_code: str) -> bool:
        return daypart_code in (self.availability or {}).get(weekday, [])

    def is_absent_on(self, day: dt.date) -> bool:
        return self.absences.filter(first_day__lte=day, last_day__gte=day).exists()


class Role(models.Model):
    """What a person does in their organisation; a person may hold several roles."""

    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        CZ_LEAD = "cz_lead", _("CZ lead (midwife)")
        CO_LEAD = "co_lead", _("CO lead (JGZ nurse or doctor)")
        CO_FACILITATOR = "co_facilitator", _("Co-facilitator")
        INTERPRETER = "interpreter", _("Interpreter")
        PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="roles", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=30, choices=Kind.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["person", "role"], name="role_unique_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_role_display()}"


class Training(models.Model):
    """A person's Centering training for one programme: the two-day course, intervision,
    certification."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("person")
    )
    programme = models.CharField(_("programme"), max_length=2, choices=ProgrammeCode.choices)
    trained_on = models.DateField(_("training date"))
    certified_on = models.DateField(_("certified on"), null=True, blank=True)

    class Meta:
        verbose_name = _("Centering training")
        verbose_name_plural = _("Centering trainings")
        ordering = ["trained_on"]
        constraints = [
            models.UniqueConstraint(fields=["person", "programme"], name="training_unique_per_programme"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.programme} {self.trained_on:%d-%m-%Y}"

    def clean(self) -> None:
        super().clean()
        if self.certified_on and self.trained_on and self.certified_on < self.trained_on:
            raise ValidationError({"certified_on": _("Certification cannot come before the training.")})

    @property
    def is_certified(self) -> bool:
        return self.certified_on is not None


class IntervisionMeeting(models.Model):
    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="intervision_meetings", verbose_name=_("training")
    )
    held_on = models.DateField(_("date"))
    online = models.BooleanField(_("online"), default=True)

    class Meta:
        verbose_name = _("intervision meeting")
        verbose_name_plural = _("intervision meetings")
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"{self.held_on:%d-%m-%Y}"


class Absence(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="absences", verbose_name=_("person")
    )
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("to (inclusive)"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_day__lte=models.F("last_day")), name="absence_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.first_day:%d-%m-%Y} – {self.last_day:%d-%m-%Y}"

    def clean(self) -> None:
        super().clean()
        if self.first_day and self.last_day and self.first_day > self.last_day:
            raise ValidationError(_("The last day cannot be before the first day."))

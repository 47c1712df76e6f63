from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.organisations.models import Organisation, ProgrammeCode


class Programme(models.Model):
    """A Centering programme as one organisation runs it: timing, group size, session plan.

    Created per organisation from `src/kring/programmes/<code>.json` (`load_programmes`), then
    editable in the admin; the planner reads it into the exchange format's `programmes`.
    """

    class Anchor(models.TextChoices):
        DUE_DATE = "due_date", _("Due date")
        BIRTH_DATE = "birth_date", _("Baby's birth date")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="programmes", verbose_name=_("organisation")
    )
    code = models.CharField(_("programme"), max_length=2, choices=ProgrammeCode.choices)
    name = models.CharField(_("name"), max_length=100)
    anchor = models.CharField(_("anchor"), max_length=20, choices=Anchor.choices)
    group_min = models.PositiveSmallIntegerField(_("minimum group size"))
    group_target = models.PositiveSmallIntegerField(_("target group size"))
    group_max = models.PositiveSmallIntegerField(_("maximum group size"))
    anchor_spread_days = models.PositiveSmallIntegerField(_("largest spread of anchor dates (days)"))
    latest_join_session = models.PositiveSmallIntegerField(_("latest session to join"))
    min_days_between_sessions = models.PositiveSmallIntegerField(_("minimum days between sessions"))
    session_minutes = models.PositiveSmallIntegerField(_("session length (minutes)"), default=120)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["organisation", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="programme_unique_per_org"),
            models.CheckConstraint(
                condition=models.Q(group_min__lte=models.F("group_target"))
                & models.Q(group_target__lte=models.F("group_max")),
                name="programme_group_size_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        super().clean()
        sizes = (self.group_min, self.group_target, self.group_max)
        if None not in sizes and not (self.group_min <= self.group_target <= self.group_max):
            raise ValidationError(_("Group sizes must satisfy minimum ≤ target ≤ maximum."))


class ProgrammeSession(models.Model):
    """One session of a programme's plan: when it falls relative to the group's reference date."""

    class Reference(models.TextChoices):
        FIRST = "first", _("Earliest anchor date in the group")
        MID = "mid", _("Middle anchor date of the group")
        LAST = "last", _("Latest anchor date in the group")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("programme")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    label = models.CharField(_("timing"), max_length=100, help_text=_("For example: week 16, or 3 months."))
    reference = models.CharField(
        _("reference"), max_length=5, choices=Reference.choices, default=Reference.MID
    )
    offset_days = models.SmallIntegerField(_("days from the reference date"))
    window_before_days = models.SmallIntegerField(_("earliest (days from the ideal date)"), default=-7)
    window_after_days = models.SmallIntegerField(_("latest (days from the ideal date)"), default=7)
    seats_per_member = models.PositiveSmallIntegerField(
        _("seats per member"), default=1, help_text=_("2 when partners come too.")
    )
    topics = models.JSONField(_("topics"), default=list, blank=True)
    checks = models.JSONField(_("checks"), default=list, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("programme session")
        verbose_name_plural = _("programme sessions")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="programme_session_number_unique"),
            models.CheckConstraint(
                condition=models.Q(window_before_days__lte=models.F("window_after_days")),
                name="programme_session_window_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="programme_session_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.number}: {self.label}"

    def clean(self) -> None:
        super().clean()
        if (
            self.window_before_days is not None
            and self.window_after_days is not None
            and self.window_before_days > self.window_after_days
        ):
            raise ValidationError(_("The window's earliest day must come before its latest day."))

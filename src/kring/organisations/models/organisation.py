from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.organisations.validators import validate_agb_code, validate_ura_number

# The default dayparts of a new organisation (centering.md, SPEC.md 1): code, name, start, end.
DEFAULT_DAYPARTS = (
    ("morning", _("Morning"), dt.time(9, 30), dt.time(11, 30)),
    ("afternoon", _("Afternoon"), dt.time(13, 30), dt.time(15, 30)),
    ("evening", _("Evening"), dt.time(19, 0), dt.time(21, 0)),
)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MIDWIFERY_PRACTICE = "midwifery_practice", _("Midwifery practice")
        HOSPITAL = "hospital", _("Hospital")
        JGZ = "jgz", _("Youth health care (JGZ) organisation")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    agb_code = models.CharField(_("AGB code"), max_length=8, blank=True, validators=[validate_agb_code])
    ura_number = models.CharField(_("URA number"), max_length=8, blank=True, validators=[validate_ura_number])
    room_buffer_minutes = models.PositiveSmallIntegerField(
        _("minutes between two sessions in one room"), default=15
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Daypart(models.Model):
    """A named block of local wall-clock time in which sessions are held (19:00 stays 19:00)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="dayparts", verbose_name=_("organisation")
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=60)
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))

    class Meta:
        verbose_name = _("daypart")
        verbose_name_plural = _("dayparts")
        ordering = ["organisation", "start"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="daypart_code_unique_per_org"),
            models.CheckConstraint(
                condition=models.Q(start__lt=models.F("end")), name="daypart_start_before_end"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start:%H:%M}–{self.end:%H:%M})"

    def clean(self) -> None:
        super().clean()
        if self.start and self.end:
            if self.start >= self.end:
                raise ValidationError(_("A daypart must end after it starts, on the same day."))
            # Between 02:00 and 03:00 local times vanish or repeat when daylight saving switches.
            two, three = dt.time(2, 0), dt.time(3, 0)
            if (
                two <= self.start < three
                or two < self.end <= three
                or (self.start < two and self.end > three)
            ):
                raise ValidationError(_("A daypart cannot include 02:00–03:00 (daylight saving time)."))


class ClosedDate(models.Model):
    """A date on which no session is held anywhere in the organisation (e.g. King's Day)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="closed_dates", verbose_name=_("organisation")
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closed date")
        verbose_name_plural = _("closed dates")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "date"], name="closed_date_unique_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.reason}".strip()


class ProgrammeCode(models.TextChoices):
    """The two Centering programmes; the care app holds their definitions."""

    CZ = "CZ", _("CenteringZwangerschap (group prenatal care)")
    CO = "CO", _("CenteringOuderschap (group well-baby care)")

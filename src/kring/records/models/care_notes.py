"""The professional's short check, private notes and referrals: staff-only parts of a record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProfessionalCheck(models.Model):
    """The ~3-minute check in a corner of the room (CZ) or the child's examination (CO).

    Numeric findings (fundal height, fetal heart rate) are `Measurement` rows measured by the
    professional; this holds what is not a number.
    """

    class Position(models.TextChoices):
        UNKNOWN = "", _("Not assessed")
        CEPHALIC = "cephalic", _("Head down (cephalic)")
        BREECH = "breech", _("Breech")
        TRANSVERSE = "transverse", _("Transverse")
        OBLIQUE = "oblique", _("Oblique")

    class Vaccination(models.TextChoices):
        NOT_APPLICABLE = "", _("None due")
        GIVEN_IN_GROUP = "given_in_group", _("Given in the group")
        PLANNED_SEPARATELY = "planned_separately", _("Planned separately")

    session = models.ForeignKey(
        "care.Session",
        on_delete=models.CASCADE,
        related_name="professional_checks",
        verbose_name=_("session"),
    )
    client = models.ForeignKey(
        "care.Client",
        on_delete=models.CASCADE,
        related_name="professional_checks",
        verbose_name=_("participant"),
    )
    position = models.CharField(_("position"), max_length=12, choices=Position.choices, blank=True)
    vaccination = models.CharField(_("vaccinations"), max_length=20, choices=Vaccination.choices, blank=True)
    vaccination_note = models.CharField(_("which vaccinations"), max_length=200, blank=True)
    remarks = models.TextField(_("remarks"), blank=True, max_length=4000)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("checked by")
    )
    checked_at = models.DateTimeField(_("checked at"), auto_now=True)

    class Meta:
        verbose_name = _("professional check")
        verbose_name_plural = _("professional checks")
        constraints = [
            models.UniqueConstraint(fields=["session", "client"], name="professional_check_once_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.client} – {self.session}"


class PrivateNote(models.Model):
    """A facilitator's note about a participant; never shown to the participant or the group."""

    session = models.ForeignKey(
        "care.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="private_notes",
        verbose_name=_("session"),
    )
    client = models.ForeignKey(
        "care.Client", on_delete=models.CASCADE, related_name="private_notes", verbose_name=_("participant")
    )
    text = models.TextField(_("note"), max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("private note")
        verbose_name_plural = _("private notes")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.client} {self.created_at:%d-%m-%Y}"


class Referral(models.Model):
    """A referral to secondary care. It does not end the membership: the midwife decides."""

    class Destination(models.TextChoices):
        OBSTETRICIAN = "obstetrician", _("Obstetrician (secondary care)")
        PAEDIATRICIAN = "paediatrician", _("Paediatrician")
        OTHER = "other", _("Other care provider")

    client = models.ForeignKey(
        "care.Client", on_delete=models.CASCADE, related_name="referrals", verbose_name=_("participant")
    )
    session = models.ForeignKey(
        "care.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("session"),
    )
    destination = models.CharField(_("referred to"), max_length=20, choices=Destination.choices)
    reason = models.TextField(_("reason"), max_length=2000)
    referred_on = models.DateField(_("referred on"))
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("referred by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["referred_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.client} → {self.get_destination_display()}"


class FollowUp(models.Model):
    """An individual visit to plan because a participant missed a session."""

    class Status(models.TextChoices):
        OPEN = "open", _("To plan")
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Not needed")

    client = models.ForeignKey(
        "care.Client", on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("participant")
    )
    session = models.ForeignKey(
        "care.Session", on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("missed session")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    planned_for = models.DateTimeField(_("planned for"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["client", "session"], name="follow_up_once_per_missed_session"),
        ]

    def __str__(self) -> str:
        return f"{self.client} – {self.session}"

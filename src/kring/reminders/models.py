"""Per organisation whether and when reminders go out; a client's opt-out; and every notice,
one row per (session, recipient, kind): the unique constraint is what makes it exactly once."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.care.models import Client, Session
from kring.organisations.models import Organisation

DEFAULT_HOURS_BEFORE = 24


class ReminderSettings(models.Model):
    """Without a row an organisation sends reminders DEFAULT_HOURS_BEFORE hours before."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="reminder_settings",
        verbose_name=_("organisation"),
    )
    enabled = models.BooleanField(_("send reminders"), default=True)
    hours_before = models.PositiveSmallIntegerField(
        _("hours before the session"),
        default=DEFAULT_HOURS_BEFORE,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
    )

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.hours_before} h" if self.enabled else f"{self.organisation}: off"


class ReminderOptOut(models.Model):
    """The client asked not to get reminders (invitations and change notices still go)."""

    client = models.OneToOneField(
        Client, on_delete=models.CASCADE, related_name="reminder_opt_out", verbose_name=_("client")
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder opt-out")
        verbose_name_plural = _("reminder opt-outs")

    def __str__(self) -> str:
        return str(self.client)


class Notice(models.Model):
    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="+", verbose_name=_("session")
    )
    client = models.ForeignKey(Client, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # who, as a stable key ("C12" for client 12), so a changed e-mail address is no new recipient
    recipient = models.CharField(max_length=30)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(_("language"), max_length=3)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    ics = models.BinaryField()
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "recipient", "kind"], name="notice_once_per_recipient"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="notice_org_status")]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"

"""What happened in a session: who came, what was covered, and when it was closed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionRecord(models.Model):
    """The facilitators' record of one session; exists from the first thing recorded.

    Kept beside `care.Session` (which the planner owns) so running a session never touches the
    plan. A closed session is read-only on the session-day page.
    """

    session = models.OneToOneField(
        "care.Session", on_delete=models.CASCADE, related_name="record", verbose_name=_("session")
    )
    topics_covered = models.JSONField(_("topics covered"), default=list, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    class Meta:
        verbose_name = _("session record")
        verbose_name_plural = _("session records")

    def __str__(self) -> str:
        return f"{self.session}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    session = models.ForeignKey(
        "care.Session", on_delete=models.CASCADE, related_name="attendances", verbose_name=_("session")
    )
    client = models.ForeignKey(
        "care.Client", on_delete=models.CASCADE, related_name="attendances", verbose_name=_("participant")
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    partner_present = models.BooleanField(_("partner came"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "client"], name="attendance_once_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.client} – {self.get_status_display()}"

    @property
    def attended(self) -> bool:
        return self.status in (self.Status.PRESENT, self.Status.LATE)

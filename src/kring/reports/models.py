"""The annual report jobs, the national viewers and the organisations that share their figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.organisations.models import Organisation


class NationalViewer(models.Model):
    """A login of Stichting Centering Nederland: belongs to no organisation and sees only the
    national aggregates (never a client, never a count under the threshold)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="national_viewer",
        verbose_name=_("login"),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("national viewer")
        verbose_name_plural = _("national viewers")

    def __str__(self) -> str:
        return str(self.user)


class NationalOptIn(models.Model):
    """An organisation that agreed to count in the national figures; without this row it never does."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="national_opt_in", verbose_name=_("organisation")
    )
    opted_in_at = models.DateTimeField(_("opted in at"), auto_now_add=True)
    opted_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("national opt-in")
        verbose_name_plural = _("national opt-ins")

    def __str__(self) -> str:
        return str(self.organisation)


class AnnualReport(models.Model):
    """One request for an organisation's annual report, made in the background (tasks.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Language(models.TextChoices):
        DUTCH = "nl", _("Dutch")
        ENGLISH = "en", _("English")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="annual_reports", verbose_name=_("organisation")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.DUTCH)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_fraction = models.FloatField(default=0)
    progress_phase = models.CharField(max_length=60, blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year} ({self.language})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

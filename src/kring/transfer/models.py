"""An import as it goes from upload to preview to import, the column mapping an organisation
used last time, and a background FHIR export with its result."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.organisations.models import Organisation


class ImportKind(models.TextChoices):
    CLIENTS = "clients", _("Clients")
    PEOPLE = "people", _("People and their availability")


class ColumnMapping(models.Model):
    """Column header -> field, remembered per organisation and kind for the next file."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    mapping = models.JSONField(_("mapping"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [models.UniqueConstraint(fields=["organisation", "kind"], name="column_mapping_once")]

    def __str__(self) -> str:
        return f"{self.organisation} {self.kind}"


class ImportJob(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Choose the columns")
        PREVIEWING = "previewing", _("Checking the rows")
        PREVIEWED = "previewed", _("Preview ready")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    filename = models.CharField(_("file"), max_length=255)
    content = models.BinaryField(_("file content"))
    language = models.CharField(max_length=10, default="nl")
    header = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    # One dict per row: row number, status (new, update, unchanged, error), label, changes, errors.
    preview = models.JSONField(default=list)
    counts = models.JSONField(default=dict)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        return int(100 * self.done_rows / self.total_rows) if self.total_rows else 0

    @property
    def can_import(self) -> bool:
        return (
            self.status == self.Status.PREVIEWED
            and not self.counts.get("error")
            and bool(self.counts.get("new") or self.counts.get("update"))
        )


class FhirExport(models.Model):
    """The organisation's data as FHIR NDJSON (one file per resource type, zipped)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Exporting")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    content = models.BinaryField(_("zip file"), null=True, blank=True)
    counts = models.JSONField(default=dict)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("FHIR export")
        verbose_name_plural = _("FHIR exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"FHIR {self.organisation} {self.created_at:%Y-%m-%d %H:%M}"

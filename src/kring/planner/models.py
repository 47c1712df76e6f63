"""Planning runs in the browser: a run holds the instance it planned and the plan it found (the
exchange formats of the planning SPEC, as JSON), pins the coordinator set on it, the versions
that publishing made, and the messages publishing queued."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kring.care.models import Client
from kring.organisations.models import Absence, Organisation


class PlanningRun(models.Model):
    # With a context: "Done" and "Running" mean other things in other apps' catalogues, and
    # the app listed first (records) would otherwise win ("Gedaan" for a finished plan).
    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("planning run", "Queued")
        RUNNING = "running", pgettext_lazy("planning run", "Running")
        DONE = "done", pgettext_lazy("planning run", "Done")
        FAILED = "failed", pgettext_lazy("planning run", "Failed")
        CANCELLED = "cancelled", pgettext_lazy("planning run", "Cancelled")

    class Method(models.TextChoices):
        CPSAT = "cpsat", _("Optimiser")
        GREEDY = "greedy", _("Quick (greedy)")
        REPAIR = "repair", _("Repair after a change")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="planning_runs", verbose_name=_("organisation")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    method = models.CharField(_("method"), max_length=10, choices=Method.choices, default=Method.CPSAT)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    cancel_requested = models.BooleanField(default=False)
    progress_phase = models.CharField(max_length=60, blank=True)
    progress_fraction = models.FloatField(default=0)
    progress_penalty = models.BigIntegerField(null=True, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    time_limit_s = models.FloatField(default=30)
    instance = models.JSONField(_("instance"))
    skipped = models.JSONField(default=list, blank=True)
    # pins a re-plan could not put back, each with the rules (number and code) that kept it out
    unkept_pins = models.JSONField(default=list, blank=True)
    plan = models.JSONField(_("plan"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=0)  # counts saved hand edits (optimistic locking)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replans"
    )
    absence = models.ForeignKey(Absence, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    base_version = models.PositiveIntegerField(default=0)  # the latest version when the data was read
    penalty = models.BigIntegerField(_("penalty"), null=True, blank=True)
    lower_bound = models.FloatField(_("lower bound"), null=True, blank=True)
    error = models.TextField(blank=True)
    published_version = models.ForeignKey(
        "PlanVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("planning run")
        verbose_name_plural = _("planning runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation} run {self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class Pin(models.Model):
    """A choice the coordinator fixed by hand; re-planning keeps it."""

    class Kind(models.TextChoices):
        SESSION = "session", _("Session date and room")
        FACILITATORS = "facilitators", _("Lead and co")
        MEMBER = "member", _("Client in group")

    run = models.ForeignKey(PlanningRun, on_delete=models.CASCADE, related_name="pins")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    group = models.CharField(max_length=30)
    session = models.PositiveSmallIntegerField(null=True, blank=True)
    client = models.CharField(max_length=30, blank=True)
    value = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.group} {self.session or ''} {self.client}".strip()


class PlanVersion(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="plan_versions", verbose_name=_("organisation")
    )
    number = models.PositiveIntegerField(_("version"))
    run = models.ForeignKey(PlanningRun, on_delete=models.SET_NULL, null=True, related_name="versions")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    changes = models.JSONField(_("changes"), default=list)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="plan_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} v{self.number}"


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="outbox")
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="messages")
    client = models.ForeignKey(Client, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recipient = models.EmailField(_("recipient"), blank=True)
    recipient_name = models.CharField(max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=3, default="nl")
    kind = models.CharField(max_length=20)  # invitation | change | cancellation
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    ics = models.BinaryField(blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.recipient_name}: {self.subject}"

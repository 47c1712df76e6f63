"""API tokens and the responses remembered per Idempotency-Key."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.organisations.models import Organisation


class ApiToken(models.Model):
    """A key for one organisation, acting with the rights of the coordinator who made it.

    Only `prefix` (to find the row) and the SHA-256 of the whole key are stored; the key itself
    is shown once when it is made. A token is random (256 bits), so a fast hash is safe here.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("organisation")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("made by"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    read_only = models.BooleanField(_("read only"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IdempotencyRecord(models.Model):
    """The response to a creating request sent with an Idempotency-Key, kept for a day so a
    retry gets the same answer instead of a second object."""

    owner = models.CharField(max_length=40)  # "token:12" or "user:5": keys are per caller
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)  # method, path and body of the first request
    status_code = models.PositiveSmallIntegerField()
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="idempotency_key_once_per_owner")
        ]

    def __str__(self) -> str:
        return f"{self.owner} {self.key}"

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ParticipantLink(models.Model):
    """A personal link that shows one participant her own dates, measurements and charts.

    Only a SHA-256 hash of the token is stored; the link itself is shown once to the staff
    member who makes it. Revoking or expiry ends it.
    """

    class Language(models.TextChoices):
        NL = "nl", "Nederlands"
        EN = "en", "English"

    client = models.ForeignKey(
        "care.Client",
        on_delete=models.CASCADE,
        related_name="participant_links",
        verbose_name=_("participant"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.NL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("made by")
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal link")
        verbose_name_plural = _("personal links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.client} ({self.created_at:%d-%m-%Y})"

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PHOTO_MAX_BYTES = 1_000_000


class ParticipantPhoto(models.Model):
    """An optional photo so the facilitators know each face; only with her consent.

    Kept in the database (not in a public media folder) so it is served only through an
    access-checked, logged view and travels with backups of the record.
    """

    class ContentType(models.TextChoices):
        JPEG = "image/jpeg", "JPEG"
        PNG = "image/png", "PNG"
        WEBP = "image/webp", "WebP"

    client = models.OneToOneField(
        "care.Client", on_delete=models.CASCADE, related_name="photo", verbose_name=_("participant")
    )
    content_type = models.CharField(_("type"), max_length=20, choices=ContentType.choices)
    data = models.BinaryField(_("photo"))
    consent = models.BooleanField(_("she agreed to a photo"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(condition=models.Q(consent=True), name="photo_only_with_consent"),
        ]

    def __str__(self) -> str:
        return f"{self.client}"

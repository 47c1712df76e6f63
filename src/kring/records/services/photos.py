"""Optional participant photos: checked by their first bytes, small, and only with consent."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kring.care.models import Client
from kring.records.errors import RecordError
from kring.records.models import ParticipantPhoto
from kring.records.models.photo import PHOTO_MAX_BYTES

# The file's own first bytes decide its type, never its name or the browser's claim.
SIGNATURES = (
    (b"\xff\xd8\xff", ParticipantPhoto.ContentType.JPEG),
    (b"\x89PNG\r\n\x1a\n", ParticipantPhoto.ContentType.PNG),
)


def sniff(data: bytes) -> str | None:
    for signature, content_type in SIGNATURES:
        if data.startswith(signature):
            return content_type
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ParticipantPhoto.ContentType.WEBP
    return None


@transaction.atomic
def set_photo(client: Client, data: bytes, *, consent: bool, by) -> ParticipantPhoto:
    if not consent:
        raise RecordError(_("A photo is only kept when she agrees."), code="no_consent")
    if not data:
        raise RecordError(_("Choose a photo."), code="empty")
    if len(data) > PHOTO_MAX_BYTES:
        raise RecordError(_("The photo is too large (at most 1 MB)."), code="too_large")
    content_type = sniff(data)
    if content_type is None:
        raise RecordError(_("Only JPEG, PNG or WebP photos are accepted."), code="not_an_image")
    photo, _created = ParticipantPhoto.objects.update_or_create(
        client=client,
        defaults={"data": data, "content_type": content_type, "consent": True, "uploaded_by": by},
    )
    return photo


def remove_photo(client: Client) -> bool:
    deleted, _detail = ParticipantPhoto.objects.filter(client=client).delete()
    return bool(deleted)


def with_photo(clients) -> set[int]:
    """Which of these clients have a photo, in one query and without loading the images."""
    return set(ParticipantPhoto.objects.filter(client__in=clients).values_list("client_id", flat=True))

"""Personal links: a participant sees her own dates, measurements and charts, nothing else."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.care.models import Client
from kring.records.errors import RecordError
from kring.records.models import ParticipantLink

DEFAULT_VALID_DAYS = 365
MAX_VALID_DAYS = 2 * 365
TOKEN_BYTES = 32


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def create_participant_link(
    client: Client, *, by, language: str = "nl", valid_days: int = DEFAULT_VALID_DAYS
) -> tuple[ParticipantLink, str]:
    """A new link; returns the record and the token, which is shown once and never stored."""
    if language not in ParticipantLink.Language.values:
        raise RecordError(_("Choose Dutch or English."), code="bad_language")
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise RecordError(_("A link is valid for 1 day to 2 years."), code="bad_validity")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ParticipantLink.objects.create(
        client=client,
        token_hash=_hash(token),
        language=language,
        created_by=by,
        expires_at=timezone.now() + dt.timedelta(days=valid_days),
    )
    return link, token


def resolve_participant_link(token: str) -> ParticipantLink | None:
    """The valid link for a token, or None (unknown, revoked or expired: the same answer)."""
    if not token or len(token) > 100:
        return None
    link = (
        ParticipantLink.objects.select_related("client", "client__organisation", "client__programme")
        .filter(token_hash=_hash(token), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if link is not None:
        ParticipantLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
    return link


def revoke_participant_link(link: ParticipantLink) -> ParticipantLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link

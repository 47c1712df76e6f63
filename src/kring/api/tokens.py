"""Making, finding and revoking API tokens. A key looks like `kring_<prefix>_<secret>`."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kring.api.models import ApiToken
from kring.care.access import can_plan
from kring.organisations.models import Organisation

KEY_START = "kring_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_token(organisation: Organisation, user, *, name: str, read_only: bool) -> tuple[ApiToken, str]:
    """Make a token for `organisation` on behalf of coordinator `user`; returns it with the key,
    which is never stored and cannot be shown again."""
    if not can_plan(user, organisation):
        raise PermissionDenied
    prefix = secrets.token_hex(6)
    key = f"{KEY_START}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        organisation=organisation,
        created_by=user,
        name=name.strip()[:100],
        prefix=prefix,
        key_hash=_hash(key),
        read_only=read_only,
    )
    return token, key


def revoke_token(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=timezone.now())
    token.refresh_from_db()


def find_token(key: str) -> ApiToken | None:
    """The active token with this key, or None (unknown, malformed or revoked)."""
    if not key.startswith(KEY_START) or key.count("_") < 2:
        return None
    prefix = key[len(KEY_START) :].split("_", 1)[0]
    token = ApiToken.objects.select_related("organisation", "created_by").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.key_hash, _hash(key)) or not token.is_active:
        return None
    return token


def tokens_for_user(user, organisation: Organisation):
    """The organisation's tokens, for its coordinators only."""
    if not can_plan(user, organisation):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(organisation=organisation).select_related("created_by")


def touch(token: ApiToken) -> None:
    """Remember when a token was last used (at most once a minute, to spare the database)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)

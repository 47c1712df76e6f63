"""Writing and verifying the access log (NEN 7513).

Every entry stores the hash of the entry before it and a SHA-256 hash of its own content
including that previous hash, so changing, removing or inserting an entry anywhere but at the
end breaks the chain, and `verify_chain` finds where. The unique `previous_hash` keeps the
chain linear even when two requests log at the same moment.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from kring.audit.models import AccessLog

GENESIS_HASH = "0" * 64
_ADVISORY_LOCK_KEY = 7513  # serialises writers on PostgreSQL; SQLite's IMMEDIATE transactions already do


def entry_content(entry: AccessLog) -> bytes:
    """The canonical bytes an entry's hash covers."""
    content = {
        "previous_hash": entry.previous_hash,
        "at": entry.at.astimezone(dt.UTC).isoformat(),
        "user": entry.user_id,
        "user_label": entry.user_label,
        "organisation": entry.organisation_id,
        "role": entry.role,
        "client": entry.client_id,
        "action": entry.action,
        "ip_address": entry.ip_address,
        "path": entry.path,
        "detail": entry.detail,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def compute_hash(entry: AccessLog) -> str:
    return hashlib.sha256(entry_content(entry)).hexdigest()


def record_access(
    *,
    user,
    action: str,
    organisation=None,
    client=None,
    role: str = "",
    ip_address: str | None = None,
    path: str = "",
    detail: str = "",
) -> AccessLog:
    """Append one entry to the log. Use `log_access` from a view; this form is for tasks and
    commands that have no request."""
    if action not in AccessLog.Action.values:
        raise ValueError(f"unknown access log action {action!r}")
    if organisation is None and client is not None:
        organisation = client.organisation
    if user is not None and user.is_authenticated:
        user_id, label = user.pk, (user.get_username() or user.email)
    else:
        user_id, label = None, "anonymous"
    if not role and user_id is not None and organisation is not None:
        from kring.organisations.access import roles_for_user

        role = ",".join(sorted(roles_for_user(user, organisation)))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
        last = AccessLog.objects.order_by("-id").values_list("entry_hash", flat=True).first()
        entry = AccessLog(
            at=timezone.now(),
            user_id=user_id,
            user_label=label[:254],
            organisation_id=organisation.pk if organisation is not None else None,
            role=role[:200],
            client_id=client.pk if client is not None else None,
            action=action,
            ip_address=ip_address,
            path=path[:500],
            detail=detail,
            previous_hash=last or GENESIS_HASH,
        )
        entry.entry_hash = compute_hash(entry)
        entry.save()
    return entry


def client_ip(request) -> str | None:
    if settings.KRING_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def log_access(request, client, action: str, *, detail: str = "", organisation=None) -> AccessLog:
    """Log that `request.user` did `action` ("view", "change", "create", "delete", "export",
    "print", "search") to `client` (None for a search or list) on behalf of the client's
    organisation (or `organisation`, e.g. the active one for a search)."""
    if organisation is None and client is None:
        from kring.organisations.access import active_organisation

        organisation = active_organisation(request)
    return record_access(
        user=request.user,
        action=action,
        organisation=organisation,
        client=client,
        ip_address=client_ip(request),
        path=request.get_full_path()[:500],
        detail=detail,
    )


@dataclass(frozen=True)
class ChainVerification:
    ok: bool
    checked: int
    broken_entry_id: int | None = None
    reason: str = ""


def verify_chain() -> ChainVerification:
    """Recompute every hash in order. Finds any changed, removed or inserted entry except
    removal of the newest entries (keep a copy of the latest hash elsewhere for that)."""
    expected_previous = GENESIS_HASH
    checked = 0
    for entry in AccessLog.objects.order_by("id").iterator(chunk_size=2000):
        if entry.previous_hash != expected_previous:
            return ChainVerification(
                False, checked, entry.pk, "previous hash does not match: an entry is missing"
            )
        if compute_hash(entry) != entry.entry_hash:
            return ChainVerification(
                False, checked, entry.pk, "content does not match its hash: entry changed"
            )
        expected_previous = entry.entry_hash
        checked += 1
    return ChainVerification(True, checked)

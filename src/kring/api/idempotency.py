"""Idempotency-Key on creating requests: the same key with the same request gets the first
response again and makes nothing new; the same key with another request is refused (422).
Only successful responses are remembered, so a refused request can be corrected and retried
with its key. Keys are per caller (token or user) and kept for a day."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from kring.api.models import ApiToken, IdempotencyRecord

HEADER = "Idempotency-Key"
KEPT_FOR = dt.timedelta(days=1)
MAX_KEY_LENGTH = 200


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"


def _owner(request) -> str:
    if isinstance(request.auth, ApiToken):
        return f"token:{request.auth.pk}"
    return f"user:{request.user.pk}"


def _fingerprint(request) -> str:
    try:
        body = json.dumps(request.data, sort_keys=True, separators=(",", ":"), default=str)
    except TypeError:
        body = repr(request.data)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def _replay(record: IdempotencyRecord, fingerprint: str, on_replay) -> Response:
    if record.fingerprint != fingerprint:
        raise KeyReused(_("This Idempotency-Key was already used for a different request; use a new key."))
    response = Response(json.loads(record.body), status=record.status_code)
    response["Idempotent-Replayed"] = "true"
    if on_replay is not None:
        on_replay(response.data)  # the answer shows client data again: the access log says so
    return response


def idempotent(
    request, action: Callable[[], Response], on_replay: Callable[[object], None] | None = None
) -> Response:
    """Run `action` (a creating request) once per Idempotency-Key; `on_replay` is told what a
    repeated answer shows."""
    key = request.headers.get(HEADER, "").strip()
    if not key:
        return action()
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise exceptions.ValidationError({HEADER: [_("Use a key of at most 200 printable characters.")]})
    owner, fingerprint = _owner(request), _fingerprint(request)
    fresh = IdempotencyRecord.objects.filter(created_at__gte=timezone.now() - KEPT_FOR)
    existing = fresh.filter(owner=owner, key=key).first()
    if existing is not None:
        return _replay(existing, fingerprint, on_replay)
    try:
        with transaction.atomic():
            IdempotencyRecord.objects.filter(owner=owner, key=key).delete()  # an expired one
            response = action()
            if 200 <= response.status_code < 300:
                IdempotencyRecord.objects.create(
                    owner=owner,
                    key=key,
                    fingerprint=fingerprint,
                    status_code=response.status_code,
                    body=JSONRenderer().render(response.data).decode(),
                )
    except IntegrityError:
        # The same key arrived twice at once: the other request won, ours was rolled back.
        existing = IdempotencyRecord.objects.filter(owner=owner, key=key).first()
        if existing is None:
            raise
        return _replay(existing, fingerprint, on_replay)
    IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    return response

"""Helpers shared by the records' views: object access and permission checks."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from kring.organisations.access import LEAD_ROLES
from kring.records import access
from kring.records.errors import RecordError


def get_session(request, pk):
    """The session if the user may run or see it in the active organisation, else 404."""
    return access.get_session_for_user(request.user, pk, request.membership.organisation)


def get_client(request, pk):
    return access.get_client_for_user(request.user, pk, request.membership.organisation)


def require_care_role(request) -> None:
    """Privacy officers (and anyone without a care role) never see client records."""
    if not (request.membership.is_coordinator or request.membership.is_facilitator):
        raise PermissionDenied


def is_professional(request) -> bool:
    """The midwife (CZ) or youth health nurse/doctor (CO) who does the checks."""
    return bool(request.membership.roles & LEAD_ROLES)


def require_professional(request) -> None:
    if not is_professional(request):
        raise PermissionDenied


def require_coordinator(request) -> None:
    if not request.membership.is_coordinator:
        raise PermissionDenied


def can_close(request, session) -> bool:
    person = request.membership.person
    own = person is not None and person.pk in (session.lead_id, session.co_id)
    return own or request.membership.is_coordinator or is_professional(request)


def report(request, error: RecordError) -> None:
    for message in error.messages:
        messages.error(request, message)


# While the tablet goes round for self-measurement, the staff pages stay locked: whoever holds
# the tablet can only pick a name and enter values until a facilitator unlocks it again.
KIOSK_KEY = "records_kiosk_session"


def kiosk_locked(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        locked = request.session.get(KIOSK_KEY)
        if locked is not None:
            return redirect("records:kiosk_unlock", pk=locked)
        return view(request, *args, **kwargs)

    return wrapper

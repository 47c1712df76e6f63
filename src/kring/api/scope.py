"""The organisation a request works in and what it may do there: a token's own organisation,
or the active organisation of a login session (as on the pages)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from kring.api.models import ApiToken
from kring.organisations.access import active_organisation, memberships_for_user
from kring.organisations.models import Organisation


def api_organisation(request) -> Organisation | None:
    cached = getattr(request, "_kring_api_organisation", None)
    if cached is not None:
        return cached
    token = request.auth if isinstance(request.auth, ApiToken) else None
    organisation = token.organisation if token is not None else active_organisation(request)
    request._kring_api_organisation = organisation
    return organisation


def via(request) -> str:
    """How the caller came in, for the access log's detail."""
    token = request.auth if isinstance(request.auth, ApiToken) else None
    return f"API token {token.prefix}" if token is not None else "API session"


class OrganisationMember(permissions.BasePermission):
    """A member of the organisation; a read-only token may only read."""

    message = _("You have no access to this organisation.")

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        organisation = api_organisation(request)
        if organisation is None or not memberships_for_user(request.user, organisation).exists():
            return False
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if token is not None and token.read_only and request.method not in permissions.SAFE_METHODS:
            self.message = _("This API token may only read.")
            return False
        return True

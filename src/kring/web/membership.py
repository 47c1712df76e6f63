"""The organisation a request works in, and what the user may do there.

Views are wrapped in `member_required`: it sends anonymous users to the login page, finds the
active organisation (kept in the session by `kring.organisations.access`) and the user's roles
in it, and stores them as `request.membership` for the view, the templates and the access log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from kring.accounts.twofactor import needs_second_factor
from kring.organisations.access import (
    FACILITATOR_ROLES,
    LEAD_ROLES,
    active_organisation,
    memberships_for_user,
)
from kring.organisations.models import Organisation, Person, Role
from kring.web.views.twofactor import second_factor_redirect


@dataclass(frozen=True)
class Membership:
    organisation: Organisation
    person: Person | None
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_coordinator(self) -> bool:
        return Role.Kind.COORDINATOR in self.roles

    @property
    def is_facilitator(self) -> bool:
        return bool(self.roles & (LEAD_ROLES | FACILITATOR_ROLES))

    @property
    def is_privacy_officer(self) -> bool:
        return Role.Kind.PRIVACY_OFFICER in self.roles

    @property
    def can_manage(self) -> bool:
        """Set-up of the organisation (people, locations, rooms) and client registration."""
        return self.is_coordinator


def membership_for(request) -> Membership | None:
    cached = getattr(request, "_kring_membership", None)
    if cached is not None:
        return cached
    organisation = active_organisation(request)
    if organisation is None:
        return None
    person = memberships_for_user(request.user, organisation).first()
    roles = frozenset(role.role for role in person.roles.all()) if person is not None else frozenset()
    membership = Membership(organisation=organisation, person=person, roles=roles)
    request._kring_membership = membership
    return membership


def member_required(view=None, *, manage: bool = False):
    """Log in first; then the user must belong to an organisation (and, with `manage=True`,
    be allowed to change its set-up). Sets `request.membership`."""

    def decorate(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if needs_second_factor(request):
                return second_factor_redirect(request)
            membership = membership_for(request)
            if membership is None:
                return TemplateResponse(request, "kring/no_organisation.html", status=403)
            if manage and not membership.can_manage:
                raise PermissionDenied
            request.membership = membership
            return view_func(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate

"""Who may see what, per organisation. Every query for organisation-scoped objects in views,
tasks and commands goes through a `..._for_user` function of its app's `access` module.

Rules (docs/architecture.md, "Organisation scoping"):
- A user belongs to an organisation through an active `Person` with that user; what they may
  do there follows from that person's `Role`s. Being a superuser grants nothing here (the
  admin site is the installation administrator's tool, not part of the app).
- A user may belong to several organisations. Every function takes an optional
  `organisation`: the web layer passes the *active organisation* kept in the session
  (`active_organisation(request)`), so a page only ever shows one organisation's data.
  Without it, the result spans all the user's organisations.
- `get_..._for_user` raises Http404 for an object the user may not see, whether it exists in
  another organisation or not at all: the answer never reveals which.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404

from kring.organisations.models import Location, Organisation, Person, Role, Room

SESSION_KEY = "kring_organisation_id"

# Roles that may see client records and plan groups in their organisation.
PLANNING_ROLES = frozenset({Role.Kind.COORDINATOR})
LEAD_ROLES = frozenset({Role.Kind.CZ_LEAD, Role.Kind.CO_LEAD})
FACILITATOR_ROLES = frozenset({Role.Kind.CO_FACILITATOR, Role.Kind.INTERPRETER})
STAFF_ROLES = PLANNING_ROLES | LEAD_ROLES | FACILITATOR_ROLES | {Role.Kind.PRIVACY_OFFICER}


def _authenticated(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def memberships_for_user(user, organisation: Organisation | None = None) -> QuerySet[Person]:
    """The user's active Person records (one per organisation), with their roles prefetched."""
    if not _authenticated(user):
        return Person.objects.none()
    people = Person.objects.filter(user=user, is_active=True).select_related("organisation")
    if organisation is not None:
        people = people.filter(organisation=organisation)
    return people.prefetch_related("roles")


def organisations_for_user(user) -> QuerySet[Organisation]:
    if not _authenticated(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(people__user=user, people__is_active=True).distinct()


def get_organisation_for_user(user, pk) -> Organisation:
    try:
        return organisations_for_user(user).get(pk=pk)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise Http404("No such organisation") from None


def roles_for_user(user, organisation: Organisation) -> set[str]:
    """The role codes the user holds in `organisation` (empty when not a member)."""
    return {role.role for person in memberships_for_user(user, organisation) for role in person.roles.all()}


def has_role(user, organisation: Organisation, *roles: str) -> bool:
    return bool(roles_for_user(user, organisation) & set(roles))


def organisations_where(user, roles: Iterable[str]) -> QuerySet[Organisation]:
    """Organisations in which the user holds at least one of `roles`."""
    if not _authenticated(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        people__user=user, people__is_active=True, people__roles__role__in=list(roles)
    ).distinct()


def person_for_user(user, organisation: Organisation) -> Person | None:
    """The user's own Person in `organisation`, or None."""
    return memberships_for_user(user, organisation).first()


# Active organisation in the session --------------------------------------------------------


def active_organisation(request) -> Organisation | None:
    """The organisation the user works in now: the one chosen and kept in the session, else
    their first organisation by name. None for a user who belongs to no organisation."""
    organisations = organisations_for_user(request.user)
    chosen = request.session.get(SESSION_KEY)
    if chosen is not None:
        found = organisations.filter(pk=chosen).first()
        if found is not None:
            return found
    first = organisations.order_by("name").first()
    if first is not None:
        request.session[SESSION_KEY] = first.pk
    return first


def set_active_organisation(request, organisation: Organisation) -> None:
    """Switch the session to `organisation`; Http404 when the user is not a member."""
    organisation = get_organisation_for_user(request.user, organisation.pk)
    request.session[SESSION_KEY] = organisation.pk


# Organisation data ---------------------------------------------------------------------------


def _scope(user, organisation: Organisation | None, roles: Iterable[str] = STAFF_ROLES):
    orgs = organisations_where(user, roles)
    if organisation is not None:
        orgs = orgs.filter(pk=organisation.pk)
    return orgs


def people_for_user(user, organisation: Organisation | None = None) -> QuerySet[Person]:
    """Colleagues: every staff member sees the people of their organisation(s)."""
    return Person.objects.filter(organisation__in=_scope(user, organisation)).select_related("organisation")


def get_person_for_user(user, pk, organisation: Organisation | None = None) -> Person:
    return _get(people_for_user(user, organisation), pk)


def locations_for_user(user, organisation: Organisation | None = None) -> QuerySet[Location]:
    return Location.objects.filter(organisation__in=_scope(user, organisation)).select_related("organisation")


def get_location_for_user(user, pk, organisation: Organisation | None = None) -> Location:
    return _get(locations_for_user(user, organisation), pk)


def rooms_for_user(user, organisation: Organisation | None = None) -> QuerySet[Room]:
    return Room.objects.filter(location__organisation__in=_scope(user, organisation)).select_related(
        "location"
    )


def get_room_for_user(user, pk, organisation: Organisation | None = None) -> Room:
    return _get(rooms_for_user(user, organisation), pk)


def _get(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No such {queryset.model._meta.model_name}") from None

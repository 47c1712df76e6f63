"""Object access for care data (clients, groups, sessions, enrolments, programmes).

Per organisation, by role (docs/architecture.md, "Organisation scoping"):
- coordinator: everything of the organisation;
- CZ lead / CO lead: every client and group of their programme, plus the groups they run;
- co-facilitator / interpreter: the groups and sessions they facilitate and those groups'
  clients (also clients who left or moved on: they were in the room);
- privacy officer alone: no client data (reads the access log instead).
`get_..._for_user` raises Http404 for anything outside that, so another organisation's ids
reveal nothing. Pass `organisation=` (the session's active organisation) to see one only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kring.care.models import Client, Enrolment, Group, Programme, Session
from kring.organisations.access import _get, memberships_for_user, organisations_where
from kring.organisations.models import Organisation, Person, ProgrammeCode, Role

_LEAD_PROGRAMMES = {Role.Kind.CZ_LEAD: ProgrammeCode.CZ, Role.Kind.CO_LEAD: ProgrammeCode.CO}
_FACILITATING = {Role.Kind.CZ_LEAD, Role.Kind.CO_LEAD, Role.Kind.CO_FACILITATOR, Role.Kind.INTERPRETER}
_NOTHING = Q(pk__in=[])


def _facilitated_groups(person: Person) -> QuerySet[Group]:
    return Group.objects.filter(
        Q(lead=person) | Q(co=person) | Q(sessions__lead=person) | Q(sessions__co=person)
    ).values("pk")


def _group_filter(user, organisation: Organisation | None) -> Q:
    condition = _NOTHING
    for person in memberships_for_user(user, organisation):
        roles = {role.role for role in person.roles.all()}
        org = Q(organisation_id=person.organisation_id)
        if Role.Kind.COORDINATOR in roles:
            condition |= org
            continue
        programmes = [code for role, code in _LEAD_PROGRAMMES.items() if role in roles]
        if programmes:
            condition |= org & Q(programme__code__in=programmes)
        if roles & _FACILITATING:
            condition |= org & Q(pk__in=_facilitated_groups(person))
    return condition


def _client_filter(user, organisation: Organisation | None) -> Q:
    condition = _NOTHING
    for person in memberships_for_user(user, organisation):
        roles = {role.role for role in person.roles.all()}
        org = Q(organisation_id=person.organisation_id)
        if Role.Kind.COORDINATOR in roles:
            condition |= org
            continue
        programmes = [code for role, code in _LEAD_PROGRAMMES.items() if role in roles]
        if programmes:
            condition |= org & Q(programme__code__in=programmes)
        if roles & _FACILITATING:
            in_groups = Enrolment.objects.filter(group__in=_facilitated_groups(person)).values("client_id")
            condition |= org & Q(pk__in=in_groups)
    return condition


# Clients -----------------------------------------------------------------------------------


def clients_for_user(user, organisation: Organisation | None = None) -> QuerySet[Client]:
    return Client.objects.filter(_client_filter(user, organisation)).select_related(
        "programme", "organisation"
    )


def get_client_for_user(user, pk, organisation: Organisation | None = None) -> Client:
    return _get(clients_for_user(user, organisation), pk)


def waiting_clients_for_user(user, organisation: Organisation | None = None) -> QuerySet[Client]:
    """Clients with no active enrolment: the waiting list."""
    return clients_for_user(user, organisation).exclude(enrolments__status=Enrolment.Status.ACTIVE)


def can_edit_client(user, client: Client) -> bool:
    """Coordinators edit every client of their organisation; leads those of their programme."""
    for person in memberships_for_user(user, client.organisation):
        roles = {role.role for role in person.roles.all()}
        if Role.Kind.COORDINATOR in roles:
            return True
        if any(_LEAD_PROGRAMMES[role] == client.programme.code for role in roles & set(_LEAD_PROGRAMMES)):
            return True
    return False


def can_plan(user, organisation: Organisation) -> bool:
    """Forming groups, planning and publishing sessions: the coordinator's job."""
    return organisations_where(user, [Role.Kind.COORDINATOR]).filter(pk=organisation.pk).exists()


# Groups, sessions, enrolments, programmes -----------------------------------------------------


def groups_for_user(user, organisation: Organisation | None = None) -> QuerySet[Group]:
    return Group.objects.filter(_group_filter(user, organisation)).select_related(
        "programme", "location", "daypart", "lead", "co"
    )


def get_group_for_user(user, pk, organisation: Organisation | None = None) -> Group:
    return _get(groups_for_user(user, organisation), pk)


def sessions_for_user(user, organisation: Organisation | None = None) -> QuerySet[Session]:
    people = [person.pk for person in memberships_for_user(user, organisation)]
    visible_groups = Group.objects.filter(_group_filter(user, organisation)).values("pk")
    return Session.objects.filter(
        Q(group__in=visible_groups) | Q(lead__in=people) | Q(co__in=people)
    ).select_related("group", "room", "room__location", "lead", "co")


def get_session_for_user(user, pk, organisation: Organisation | None = None) -> Session:
    return _get(sessions_for_user(user, organisation), pk)


def enrolments_for_user(user, organisation: Organisation | None = None) -> QuerySet[Enrolment]:
    visible_groups = Group.objects.filter(_group_filter(user, organisation)).values("pk")
    return Enrolment.objects.filter(group__in=visible_groups).select_related("client", "group")


def get_enrolment_for_user(user, pk, organisation: Organisation | None = None) -> Enrolment:
    return _get(enrolments_for_user(user, organisation), pk)


def programmes_for_user(user, organisation: Organisation | None = None) -> QuerySet[Programme]:
    orgs = organisations_where(user, list(Role.Kind))
    if organisation is not None:
        orgs = orgs.filter(pk=organisation.pk)
    return Programme.objects.filter(organisation__in=orgs)


def get_programme_for_user(user, pk, organisation: Organisation | None = None) -> Programme:
    return _get(programmes_for_user(user, organisation), pk)


__all__ = [
    "can_edit_client",
    "can_plan",
    "clients_for_user",
    "enrolments_for_user",
    "get_client_for_user",
    "get_enrolment_for_user",
    "get_group_for_user",
    "get_programme_for_user",
    "get_session_for_user",
    "groups_for_user",
    "programmes_for_user",
    "sessions_for_user",
    "waiting_clients_for_user",
]

"""Which records a user may work with, built on `kring.care.access` (sessions, groups and
clients by role) and `kring.organisations.access`. Outside that scope everything is a 404,
whether it exists in another organisation or not at all."""

from __future__ import annotations

from django.db.models import QuerySet

from kring.care.access import (
    can_plan,
    clients_for_user,
    get_client_for_user,
    get_group_for_user,
    get_session_for_user,
    groups_for_user,
    sessions_for_user,
)
from kring.organisations.access import PLANNING_ROLES, _get, organisations_where
from kring.organisations.models import Organisation
from kring.records.models import CoProposal, FollowUp

__all__ = [
    "can_plan",
    "clients_for_user",
    "follow_ups_for_user",
    "get_client_for_user",
    "get_follow_up_for_user",
    "get_group_for_user",
    "get_incoming_proposal_for_user",
    "get_session_for_user",
    "groups_for_user",
    "incoming_proposals_for_user",
    "sessions_for_user",
]


def follow_ups_for_user(user, organisation: Organisation | None = None) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(client__in=clients_for_user(user, organisation)).select_related(
        "client", "session", "session__group"
    )


def get_follow_up_for_user(user, pk, organisation: Organisation | None = None) -> FollowUp:
    return _get(follow_ups_for_user(user, organisation), pk)


def incoming_proposals_for_user(user, organisation: Organisation | None = None) -> QuerySet[CoProposal]:
    """CO proposals addressed to the user's JGZ organisation; only its coordinators decide."""
    orgs = organisations_where(user, PLANNING_ROLES)
    if organisation is not None:
        orgs = orgs.filter(pk=organisation.pk)
    return CoProposal.objects.filter(jgz_organisation__in=orgs).select_related("cz_group", "jgz_organisation")


def get_incoming_proposal_for_user(user, pk, organisation: Organisation | None = None) -> CoProposal:
    return _get(incoming_proposals_for_user(user, organisation), pk)

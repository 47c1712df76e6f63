"""Who may read the access log: the privacy officer of an organisation, for that organisation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from kring.audit.models import AccessLog
from kring.organisations.access import organisations_where
from kring.organisations.models import Organisation, Role


def can_read_access_log(user, organisation: Organisation | None = None) -> bool:
    orgs = organisations_where(user, [Role.Kind.PRIVACY_OFFICER])
    if organisation is not None:
        orgs = orgs.filter(pk=organisation.pk)
    return orgs.exists()


def access_log_for_user(user, organisation: Organisation | None = None) -> QuerySet[AccessLog]:
    """Entries of the organisations where `user` is privacy officer (or of `organisation`
    only); PermissionDenied for everyone else."""
    orgs = organisations_where(user, [Role.Kind.PRIVACY_OFFICER])
    if organisation is not None:
        orgs = orgs.filter(pk=organisation.pk)
    if not orgs.exists():
        raise PermissionDenied("Only the privacy officer reads the access log.")
    return AccessLog.objects.filter(organisation__in=orgs).order_by("-at", "-id")


def logged_client_names(user, organisation: Organisation, client_ids) -> dict[int, str]:
    """Names of the organisation's clients a log entry names, for its privacy officer only
    (she sees no client data otherwise, but must know whose record was opened)."""
    if not can_read_access_log(user, organisation):
        raise PermissionDenied("Only the privacy officer reads the access log.")
    from kring.care.models import Client

    clients = Client.objects.filter(organisation=organisation, pk__in=set(client_ids))
    return {client.pk: client.display_name for client in clients}


def logged_user_names(organisation: Organisation, user_ids) -> dict[int, str]:
    """The person's name behind each logged user id, as the organisation knows them."""
    from kring.organisations.models import Person

    people = Person.objects.filter(organisation=organisation, user_id__in=set(user_ids))
    return {person.user_id: str(person) for person in people}

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

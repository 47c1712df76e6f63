"""Which groups and participants a measure counts.

A group is in the period when its first session that was not cancelled falls in the period
(a cohort: the women who started together are reported together). Cancelled groups never
count for outcomes. A participant counts when she was enrolled (in any status: left, moved or
completed included) in a counted group; she counts once, however many groups that is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Min, OuterRef, Q, QuerySet, Subquery

from kring.care.models import Enrolment, Group, Session
from kring.organisations.models import Organisation


@dataclass(frozen=True)
class MeasureFilter:
    """The dashboard's filters. `organisations` lets the national view count many at once;
    `organisation` is the usual single one. None means "all"."""

    start: dt.date
    end: dt.date
    organisation: Organisation | None = None
    organisations: tuple[int, ...] | None = None
    programme: str | None = None  # programme code, "CZ" or "CO"
    location_id: int | None = None
    facilitator_id: int | None = None
    language: str | None = None
    online: bool | None = None

    def groups(self) -> QuerySet[Group]:
        """The counted groups (not cancelled, first session in the period)."""
        first = (
            Session.objects.filter(group=OuterRef("pk"))
            .exclude(status=Session.Status.CANCELLED)
            .values("group")
            .annotate(first=Min("date"))
            .values("first")
        )
        groups = self.all_groups().exclude(status=Group.Status.CANCELLED)
        return groups.annotate(first_date=Subquery(first[:1])).filter(
            first_date__range=(self.start, self.end)
        )

    def all_groups(self) -> QuerySet[Group]:
        """Groups matching every filter but the period and status (for group management)."""
        groups = Group.objects.all()
        if self.organisation is not None:
            groups = groups.filter(organisation=self.organisation)
        if self.organisations is not None:
            groups = groups.filter(organisation_id__in=self.organisations)
        if self.programme:
            groups = groups.filter(programme__code=self.programme)
        if self.location_id:
            groups = groups.filter(location_id=self.location_id)
        if self.facilitator_id:
            groups = groups.filter(Q(lead_id=self.facilitator_id) | Q(co_id=self.facilitator_id))
        if self.language:
            groups = groups.filter(language=self.language)
        if self.online is not None:
            groups = groups.filter(location__online=self.online)
        return groups

    def participant_ids(self) -> QuerySet:
        """Ids of the counted participants, as a subquery."""
        return Enrolment.objects.filter(group__in=self.groups().values("pk")).values("client_id")

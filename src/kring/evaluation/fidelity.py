"""Fidelity over time: the facilitators' per-session essential-elements self-checks added up
per quarter, per group and per facilitator, with group size and stable leadership from the
planned and held sessions, and a list of what slipped.

An element is *met* in a session when it was scored 2 ("usually"). The share is met checks of
checks that scored the element. Codes (E01..E13) are the same in every checklist version, so
checks of older versions count with the newest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils.translation import get_language

from kring.care.models import Enrolment, Group, Session
from kring.organisations.models import Organisation, Person
from kring.records import checklists
from kring.records.models import FidelitySelfCheck

MET = 2
SLIPPED_BELOW = Decimal(80)  # percent of checks meeting the element


@dataclass(frozen=True)
class ElementShare:
    code: str
    number: int
    text: str
    met: int
    scored: int

    @property
    def percent(self) -> Decimal | None:
        return (Decimal(100) * self.met / self.scored).quantize(Decimal("0.1")) if self.scored else None

    @property
    def slipped(self) -> bool:
        return self.percent is not None and self.percent < SLIPPED_BELOW


@dataclass(frozen=True)
class FidelityLine:
    label: str
    checks: int
    elements: list[ElementShare]

    @property
    def overall(self) -> Decimal | None:
        met = sum(e.met for e in self.elements)
        scored = sum(e.scored for e in self.elements)
        return (Decimal(100) * met / scored).quantize(Decimal("0.1")) if scored else None


@dataclass(frozen=True)
class GroupProcess:
    """Group size and stable leadership of one group from its sessions."""

    group: str
    planned: int
    held: int
    cancelled: int
    members: int
    size_min: int
    size_max: int
    held_by_own_pair: int

    @property
    def size_ok(self) -> bool:
        return self.size_min <= self.members <= self.size_max

    @property
    def stable_leadership(self) -> bool:
        return self.held > 0 and self.held_by_own_pair == self.held


@dataclass
class FidelitySummary:
    overall: FidelityLine
    by_quarter: list[FidelityLine]
    by_group: list[FidelityLine]
    by_facilitator: list[FidelityLine]
    groups: list[GroupProcess]
    slipped: list[str] = field(default_factory=list)


def _element_aggregates(codes: Iterable[str]) -> dict[str, Count]:
    aggregates: dict[str, Count] = {"checks": Count("pk")}
    for code in codes:
        aggregates[f"met_{code}"] = Count("pk", filter=Q(**{f"scores__{code}": MET}))
        aggregates[f"scored_{code}"] = Count("pk", filter=Q(scores__has_key=code))
    return aggregates


def _line(label: str, row: dict, items) -> FidelityLine:
    language = (get_language() or "nl")[:2]
    elements = [
        ElementShare(
            item.code,
            item.number,
            item.text.get(language, item.text.get("en", item.code)),
            row[f"met_{item.code}"],
            row[f"scored_{item.code}"],
        )
        for item in items
    ]
    return FidelityLine(label, row["checks"], elements)


def fidelity_summary(organisation: Organisation, start: dt.date, end: dt.date) -> FidelitySummary:
    """Self-checks of sessions dated in [start, end] of the organisation's groups (a constant
    number of queries, whatever the number of sessions)."""
    items = checklists.load().items
    aggregates = _element_aggregates(item.code for item in items)
    checks = FidelitySelfCheck.objects.filter(
        session__group__organisation=organisation, session__date__range=(start, end)
    )
    overall = _line("", checks.aggregate(**aggregates), items)
    quarters = (
        checks.annotate(year=ExtractYear("session__date"), quarter=ExtractQuarter("session__date"))
        .values("year", "quarter")
        .annotate(**aggregates)
        .order_by("year", "quarter")
    )
    by_quarter = [_line(f"{row['year']} Q{row['quarter']}", row, items) for row in quarters]
    groups = checks.values("session__group__name").annotate(**aggregates).order_by("session__group__name")
    by_group = [_line(row["session__group__name"], row, items) for row in groups]
    people = dict(
        Person.objects.filter(organisation=organisation, user__isnull=False).values_list(
            "user_id", "given_name"
        )
    )
    facilitators = checks.values("filled_by").annotate(**aggregates).order_by("filled_by")
    by_facilitator = [_line(people.get(row["filled_by"], "?"), row, items) for row in facilitators]
    processes = group_processes(organisation, start, end)
    slipped = [f"{e.number}. {e.text} ({e.percent} %)" for e in overall.elements if e.slipped]
    slipped += [
        f"{line.label}: {e.number}. {e.text} ({e.percent} %)"
        for line in by_group
        for e in line.elements
        if e.slipped
    ]
    return FidelitySummary(overall, by_quarter, by_group, by_facilitator, processes, slipped)


def group_processes(organisation: Organisation, start: dt.date, end: dt.date) -> list[GroupProcess]:
    """Groups with a session dated in the period: planned (all sessions), held, cancelled;
    members (enrolments that did not leave before joining: every enrolment of the group); held
    by the group's own lead and co-facilitator."""
    groups = (
        Group.objects.filter(organisation=organisation, sessions__date__range=(start, end))
        .distinct()
        .annotate(
            planned=Count("sessions", distinct=True),
            held=Count("sessions", filter=Q(sessions__status=Session.Status.HELD), distinct=True),
            cancelled=Count("sessions", filter=Q(sessions__status=Session.Status.CANCELLED), distinct=True),
            own_pair=Count(
                "sessions",
                filter=Q(
                    sessions__status=Session.Status.HELD,
                    sessions__lead=F("lead"),
                    sessions__co=F("co"),
                ),
                distinct=True,
            ),
        )
        .select_related("programme")
        .order_by("name")
    )
    members = dict(
        Enrolment.objects.filter(group__in=groups.values("pk"))
        .values("group")
        .annotate(n=Count("client", distinct=True))
        .values_list("group", "n")
    )
    return [
        GroupProcess(
            group.name,
            group.planned,
            group.held,
            group.cancelled,
            members.get(group.pk, 0),
            group.programme.group_min,
            group.programme.group_max,
            group.own_pair,
        )
        for group in groups
    ]

"""Costs per group and per participant, the NZa surcharge income and the TNO reference.

Every rate is the organisation's own dated data (`CostRates`, the newest row that started on
or before the group's first session); nothing here is a tariff. Per group:

- facilitator hours: held sessions x (session length + preparation), for the lead and for
  the co-facilitator, each at their hourly rate (two facilitators per session);
- room: the room's cost per session for every held session;
- training and intervision: every trained person's training plus intervision cost, spread
  over the years of use, shared out over the groups started in the period (pro rata to the
  length of the period);
- income: the NZa surcharge per participating pregnant woman (a CZ participant who came to at
  least one session), once per woman, only when the group's lead completed the Centering
  training (condition of the NZa) - a co-facilitator is present by construction of a group.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from kring.care.models import Enrolment, Group, Session
from kring.evaluation.measures import MeasureFilter
from kring.evaluation.models import CostRates, EconomicReference
from kring.organisations.models import Organisation, ProgrammeCode, Training
from kring.records.models import Attendance

CENT = Decimal("0.01")
DEFAULT_RATES_FROM = dt.date(2024, 1, 1)


def ensure_default_rates(organisation: Organisation) -> CostRates:
    """The organisation's rates; seeded once with the published figures (training EUR 710 per
    person in 2022, the NZa surcharge of EUR 70 per participating pregnant woman since 1 January
    2024) when it has none. Every figure can be edited afterwards."""
    rates = CostRates.objects.filter(organisation=organisation).order_by("-valid_from").first()
    if rates is None:
        rates = CostRates.objects.create(
            organisation=organisation,
            valid_from=DEFAULT_RATES_FROM,
            training_cost_per_person=Decimal("710.00"),
            surcharge_per_woman=Decimal("70.00"),
            source="SCN training EUR 710 (2022); NZa surcharge CB-IPG EUR 70 per woman (2024)",
        )
    return rates


@dataclass(frozen=True)
class GroupCost:
    group: str
    programme: str
    held_sessions: int
    participants: int
    facilitator_hours: Decimal
    facilitators: Decimal
    room: Decimal
    training: Decimal
    income: Decimal
    surcharge_women: int
    surcharge_allowed: bool

    @property
    def total(self) -> Decimal:
        return self.facilitators + self.room + self.training

    @property
    def per_participant(self) -> Decimal | None:
        return (self.total / self.participants).quantize(CENT) if self.participants else None

    @property
    def net_per_participant(self) -> Decimal | None:
        return ((self.total - self.income) / self.participants).quantize(CENT) if self.participants else None


@dataclass(frozen=True)
class CostSummary:
    groups: list[GroupCost]
    references: list[EconomicReference]
    rates: CostRates | None
    trained_people: int

    @property
    def total(self) -> Decimal:
        return sum((g.total for g in self.groups), Decimal(0))

    @property
    def income(self) -> Decimal:
        return sum((g.income for g in self.groups), Decimal(0))

    @property
    def participants(self) -> int:
        return sum(g.participants for g in self.groups)

    @property
    def per_participant(self) -> Decimal | None:
        return (self.total / self.participants).quantize(CENT) if self.participants else None

    @property
    def net_per_participant(self) -> Decimal | None:
        return ((self.total - self.income) / self.participants).quantize(CENT) if self.participants else None


def _rates_on(rates: list[CostRates], day: dt.date | None) -> CostRates | None:
    for row in rates:  # newest first
        if day is not None and row.valid_from <= day:
            return row
    return None


def cost_summary(f: MeasureFilter) -> CostSummary:
    """Costs of the groups the filter counts (a constant number of queries)."""
    assert f.organisation is not None
    organisation = f.organisation
    rates = list(CostRates.objects.filter(organisation=organisation).order_by("-valid_from"))
    came = Attendance.objects.filter(
        client=OuterRef("client"), session__group=OuterRef("group"), status__in=("present", "late")
    )
    trained_leads = Training.objects.filter(person=OuterRef("lead"), programme=ProgrammeCode.CZ)
    groups = list(
        f.groups()
        .annotate(
            held=Count("sessions", filter=Q(sessions__status=Session.Status.HELD), distinct=True),
            room_cost=Sum("sessions__room__cost_per_session", filter=Q(sessions__status=Session.Status.HELD)),
            lead_trained=Exists(trained_leads),
        )
        .select_related("programme")
        .order_by("first_date", "name")
    )
    participants = dict(
        Enrolment.objects.filter(group__in=[g.pk for g in groups])
        .values("group")
        .annotate(n=Count("client", distinct=True))
        .values_list("group", "n")
    )
    women = dict(
        Enrolment.objects.filter(group__in=[g.pk for g in groups], group__programme__code=ProgrammeCode.CZ)
        .filter(Exists(came))
        .values("group")
        .annotate(n=Count("client", distinct=True))
        .values_list("group", "n")
    )
    trained_people = (
        Training.objects.filter(person__organisation=organisation, trained_on__lte=f.end)
        .values("person")
        .distinct()
        .count()
    )
    period_years = Decimal((f.end - f.start).days + 1) / Decimal(365)
    current = _rates_on(rates, f.end)
    training_per_group = Decimal(0)
    if current and groups:
        per_year = trained_people * (current.training_cost_per_person + current.intervision_cost_per_person)
        training_per_group = (per_year / current.years_of_use * period_years / len(groups)).quantize(CENT)
    result = [
        _group_cost(g, _rates_on(rates, g.first_date), participants, women, training_per_group)
        for g in groups
    ]
    return CostSummary(result, list(EconomicReference.objects.all()), current, trained_people)


def _group_cost(group: Group, rates: CostRates | None, participants, women, training: Decimal) -> GroupCost:
    held = group.held  # type: ignore[attr-defined]
    hours = Decimal(0)
    facilitators = Decimal(0)
    surcharge_allowed = bool(group.lead_trained)  # type: ignore[attr-defined]
    income = Decimal(0)
    women_count = women.get(group.pk, 0)
    if rates is not None:
        hours = (Decimal(held) * (group.programme.session_minutes + rates.preparation_minutes) / 60).quantize(
            CENT
        )
        facilitators = (hours * (rates.facilitator_hourly_rate + rates.co_facilitator_hourly_rate)).quantize(
            CENT, ROUND_HALF_UP
        )
        if surcharge_allowed:
            income = women_count * rates.surcharge_per_woman
    return GroupCost(
        group=group.name,
        programme=group.programme.code,
        held_sessions=held,
        participants=participants.get(group.pk, 0),
        facilitator_hours=hours,
        facilitators=facilitators,
        room=(group.room_cost or Decimal(0)).quantize(CENT),  # type: ignore[attr-defined]
        training=training if rates is not None else Decimal(0),
        income=income,
        surcharge_women=women_count if surcharge_allowed else 0,
        surcharge_allowed=surcharge_allowed,
    )


__all__ = ["CostSummary", "GroupCost", "cost_summary", "ensure_default_rates"]

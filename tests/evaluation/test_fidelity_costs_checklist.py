"""Fidelity, costs and the implementation checklist against answers worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kring.evaluation.checklist import implementation_checklist
from kring.evaluation.costs import cost_summary, ensure_default_rates
from kring.evaluation.fidelity import fidelity_summary
from kring.evaluation.measures import MeasureFilter
from kring.evaluation.models import CostRates
from kring.records import checklists
from kring.records.models import FidelitySelfCheck
from tests.evaluation.builders import build_telling
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


@pytest.fixture
def telling():
    return build_telling()


def check(session, user, **changed):
    checklist = checklists.load()
    scores = {item.code: 2 for item in checklist.items} | changed
    FidelitySelfCheck.objects.create(
        session=session,
        checklist_version=checklist.version,
        scores=scores,
        total=sum(scores.values()),
        max_total=checklist.max_total,
        filled_by=user,
    )


def test_fidelity_shares_quarters_and_what_slipped(telling):
    a = list(telling.groups["A"].sessions.order_by("number"))
    check(a[0], telling.facilitator, E04=1)
    check(a[1], telling.facilitator, E04=0, E07=1)
    check(telling.groups["Y"].sessions.get(number=1), telling.facilitator)
    other = PersonFactory(organisation=telling.organisation, given_name="Ilse")
    a[2].co = other  # session 3 held by another co-facilitator: leadership not stable
    a[2].save()

    summary = fidelity_summary(telling.organisation, START, END)
    shares = {e.code: (e.met, e.scored) for e in summary.overall.elements}
    assert summary.overall.checks == 2
    assert shares["E04"] == (0, 2) and shares["E07"] == (1, 2) and shares["E01"] == (2, 2)
    assert [line.rsplit(" (", 1)[0] for line in summary.slipped if not line.startswith("CZ")] == [
        "4. De groep zit in een kring.",
        "7. Stabiele begeleiding (dezelfde twee begeleiders).",
    ]
    assert [(line.label, line.checks) for line in summary.by_facilitator] == [("Lieke", 2)]
    processes = {g.group: g for g in summary.groups}
    assert (processes["CZ A"].planned, processes["CZ A"].held, processes["CZ A"].members) == (6, 6, 6)
    assert processes["CZ A"].held_by_own_pair == 5 and not processes["CZ A"].stable_leadership
    assert processes["CZ B"].stable_leadership
    assert (processes["CZ X"].held, processes["CZ X"].cancelled) == (0, 1)

    wider = fidelity_summary(telling.organisation, dt.date(2024, 10, 1), END)
    assert [(line.label, line.checks) for line in wider.by_quarter] == [("2024 Q4", 1), ("2025 Q1", 2)]


def test_costs_per_group_and_participant(telling):
    telling.groups["A"].programme.session_minutes = 120
    telling.groups["A"].programme.save()
    CostRates.objects.create(
        organisation=telling.organisation,
        valid_from=dt.date(2024, 1, 1),
        facilitator_hourly_rate=Decimal("60"),
        co_facilitator_hourly_rate=Decimal("35"),
        preparation_minutes=30,
        training_cost_per_person=Decimal("710"),
        intervision_cost_per_person=Decimal("90"),
        years_of_use=5,
        surcharge_per_woman=Decimal("70"),
    )
    summary = cost_summary(MeasureFilter(organisation=telling.organisation, start=START, end=END))
    groups = {g.group: g for g in summary.groups}
    a, b = groups["CZ A"], groups["CZ B"]
    assert (a.held_sessions, a.facilitator_hours, a.facilitators, a.room, a.training) == (
        6,
        Decimal("15.00"),
        Decimal("1425.00"),
        Decimal("300.00"),
        Decimal("80.00"),
    )
    assert (a.total, a.per_participant, a.income, a.surcharge_women) == (
        Decimal("1805.00"),
        Decimal("300.83"),
        Decimal("280"),
        4,
    )
    assert (b.total, b.per_participant, b.income) == (Decimal("555.00"), Decimal("277.50"), Decimal("140"))
    assert (summary.total, summary.income, summary.per_participant, summary.net_per_participant) == (
        Decimal("2360.00"),
        Decimal("420"),
        Decimal("295.00"),
        Decimal("242.50"),
    )
    assert [(r.year, r.extra_cost_per_woman, r.net_saving_per_woman) for r in summary.references] == [
        (2023, Decimal("45.00"), Decimal("67.00")),
        (2021, Decimal("57.00"), Decimal("76.00")),
    ]


def test_no_surcharge_without_a_trained_lead(telling):
    ensure_default_rates(telling.organisation)
    telling.lead.trainings.all().delete()
    summary = cost_summary(MeasureFilter(organisation=telling.organisation, start=START, end=END))
    assert summary.income == 0
    assert not any(g.surcharge_allowed for g in summary.groups)


def test_seeded_rates_are_the_published_figures(telling):
    rates = ensure_default_rates(telling.organisation)
    assert (rates.training_cost_per_person, rates.surcharge_per_woman, rates.valid_from) == (
        Decimal("710.00"),
        Decimal("70.00"),
        dt.date(2024, 1, 1),
    )
    assert ensure_default_rates(telling.organisation).pk == rates.pk  # seeded once


def test_checklist_from_the_data(telling):
    items = {item.code: item for item in implementation_checklist(telling.organisation, 2025)}
    assert items["room"].done and items["coordinator"].done
    assert not items["population"].done and items["population"].missing == ["nog 10 groepen per jaar"]
    assert not items["trained_providers"].done and items["trained_providers"].missing == [
        "nog 3 getrainde zorgverleners"
    ]
    assert items["track"].missing == [
        "Lieke de Vries: 0 van 3 intervisiebijeenkomsten",
        "Lieke de Vries: nog niet gecertificeerd",
    ]
    assert not items["admin_support"].done and not items["admin_support"].from_data

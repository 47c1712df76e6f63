"""Every measure against the answers worked out by hand in builders.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kring.evaluation import measures
from kring.evaluation.measures import MeasureFilter, Tally
from kring.records.models import Attendance
from kring.records.models.outcomes import Outcome
from tests.evaluation.builders import build_telling
from tests.factories import ClientFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db

YEAR_2025 = {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31)}

EXPECTED = {
    "attendance": Tally(2, 7, 1, Decimal("2.9")),
    "sessions_attended": Tally(2, 7, 1, Decimal("2.9")),
    "partner_attendance": Tally(2, 7, 1, Decimal("0.3")),
    "breastfeeding_start": Tally(3, 4, 4),
    "pain_relief": Tally(2, 4, 4),
    "smoking_intake": Tally(3, 5, 3),
    "smoking_36_weeks": Tally(1, 3, 5),
    "smoking_after_birth": Tally(0, 1, 7),
    "smoking_quit": Tally(1, 2, 1),
    "referral": Tally(1, 3, 5),
    "hypertension": Tally(2, 3, 5),
    "satisfaction": Tally(3, 4, 4, Decimal("8.5")),
}


@pytest.fixture
def telling():
    return build_telling()


def test_every_measure_matches_the_hand_count(telling):
    f = MeasureFilter(organisation=telling.organisation, **YEAR_2025)
    assert measures.tally_all(f) == EXPECTED
    assert measures.participants(f) == 8
    assert measures.groups(f) == 2


def test_missing_is_never_counted_as_no(telling):
    tally = measures.tally(
        "breastfeeding_start", MeasureFilter(organisation=telling.organisation, **YEAR_2025)
    )
    assert tally.percent == Decimal("75.0")  # 3 of 4 known, not 3 of 8
    assert tally.population == 8


def test_location_filter(telling):
    f = MeasureFilter(organisation=telling.organisation, location_id=telling.centrum.pk, **YEAR_2025)
    assert measures.participants(f) == 6
    assert measures.tally("attendance", f) == Tally(2, 5, 1, Decimal("3.4"))


def test_online_language_and_facilitator_filters(telling):
    online = MeasureFilter(organisation=telling.organisation, online=True, **YEAR_2025)
    assert measures.participants(online) == 2
    english = MeasureFilter(organisation=telling.organisation, language="en", **YEAR_2025)
    assert measures.tally("satisfaction", english) == Tally(1, 1, 1, Decimal("10.0"))
    other = MeasureFilter(organisation=telling.organisation, facilitator_id=telling.co.pk + 999, **YEAR_2025)
    assert measures.participants(other) == 0


def test_the_earlier_cohort_is_its_own_period(telling):
    f = MeasureFilter(organisation=telling.organisation, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    assert measures.participants(f) == 1
    assert measures.tally("hypertension", f) == Tally(1, 1, 0)


def test_other_organisations_are_not_counted(telling):
    build_telling(slug="anders")
    f = MeasureFilter(organisation=telling.organisation, **YEAR_2025)
    assert measures.tally_all(f) == EXPECTED


def test_by_organisation_in_one_query(telling):
    other = build_telling(slug="anders")
    f = MeasureFilter(organisations=(telling.organisation.pk, other.organisation.pk), **YEAR_2025)
    with CaptureQueriesContext(connection) as queries:
        result = measures.tally_by_organisation("breastfeeding_start", f)
    assert len(queries) == 1
    assert result == {telling.organisation.pk: Tally(3, 4, 4), other.organisation.pk: Tally(3, 4, 4)}


def test_query_count_does_not_grow_with_the_data(telling):
    f = MeasureFilter(organisation=telling.organisation, **YEAR_2025)
    with CaptureQueriesContext(connection) as small:
        measures.tally_all(f)
        measures.group_management(f)
    group = telling.groups["A"]
    for _n in range(5):  # more participants in the same organisation, with records of every kind
        client = ClientFactory(organisation=telling.organisation, due_date=dt.date(2025, 7, 1))
        EnrolmentFactory(group=group, client=client, joined_on=dt.date(2024, 10, 1))
        Outcome.objects.create(client=client, updated_by=telling.facilitator, smoking_at_intake="yes")
        for session in group.sessions.all():
            Attendance.objects.create(
                session=session, client=client, status="present", recorded_by=telling.facilitator
            )
    with CaptureQueriesContext(connection) as large:
        measures.tally_all(f)
        measures.group_management(f)
    assert len(large) == len(small) == len(measures.MEASURES) + 5


def test_group_management(telling):
    result = measures.group_management(MeasureFilter(organisation=telling.organisation, **YEAR_2025))
    assert (result.groups, result.participants, result.groups_cancelled) == (2, 8, 1)
    assert (result.sessions_held, result.sessions_cancelled) == (6 + 2, 1)  # Y's sessions are in 2024


def test_every_measure_has_a_definition():
    for measure in measures.MEASURES:
        assert len(measure.definition) > 40, measure.code

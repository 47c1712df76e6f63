"""Group management figures of the annual report against the hand-built organisation."""

from __future__ import annotations

import pytest

from kring.reports import group_management as gm
from tests.reports.builders import YEAR, build_rekenhulp

pytestmark = pytest.mark.django_db


def test_the_hand_built_organisation_gives_the_answers_worked_out_on_paper():
    world = build_rekenhulp()
    org = world.organisation

    assert gm.groups_held(org, YEAR) == {"CZ": 2}
    assert gm.sessions_held(org, YEAR) == 6
    assert gm.groups_cancelled(org, YEAR) == 1
    assert gm.waiting_time(org, YEAR) == gm.WaitingTime(
        clients=5, median_days=28.0, mean_days=27.8, longest_days=59
    )
    assert gm.sessions_per_month(org, YEAR) == [0, 0, 1, 1, 1, 1, 0, 0, 2, 0, 0, 0]
    assert gm.participants_in_year(org, YEAR) == 5
    assert gm.participants_by_organisation_and_year([org.pk], [YEAR - 1, YEAR]) == {(org.pk, YEAR): 5}


def test_another_year_is_empty_and_says_so():
    world = build_rekenhulp()

    assert gm.groups_held(world.organisation, YEAR + 1) == {}
    assert gm.waiting_time(world.organisation, YEAR + 1) == gm.WaitingTime(0, None, None, None)


def test_participant_counts_take_one_query_however_many_organisations(django_assert_num_queries):
    first = build_rekenhulp()
    second = build_rekenhulp("Verloskundigenpraktijk Tweede", "tweede")

    with django_assert_num_queries(1):
        counts = gm.participants_by_organisation_and_year(
            [first.organisation.pk, second.organisation.pk], [YEAR - 2, YEAR - 1, YEAR]
        )
    assert counts == {(first.organisation.pk, YEAR): 5, (second.organisation.pk, YEAR): 5}

"""Penalty terms (SPEC 4): the exact amount each term penalizes by, alone."""

import dataclasses
import datetime as dt

import pytest
from builders import (
    DATES,
    D,
    adding_clients,
    client,
    group,
    instance,
    plan,
    published_instance,
    units,
    with_client,
    with_room,
    with_session,
)

from kring.planning import rules
from kring.planning.model import DEFAULT_WEIGHTS, PENALTY_TERMS, Unplaced


def only(term: str, count: int) -> dict[str, int]:
    """All terms 0 but `term`."""
    return {name: (count if name == term else 0) for name in PENALTY_TERMS}


def assert_penalizes(inst, p, term, count):
    """Timefold's `penalizes_by`: `term` counts `count` units and nothing else counts."""
    assert units(inst, p) == only(term, count)
    report = rules.check(inst, p)
    assert report.breakdown == only(term, count * inst.weights[term])
    assert report.penalty == count * inst.weights[term]


def test_unplaced_counts_each_client_in_no_group():
    inst = adding_clients(instance(), client("C4"), client("C5"))
    p = plan(inst, [group(inst)])
    assert rules.check(inst, p).valid
    assert_penalizes(inst, p, "unplaced", 2)


def test_below_target_counts_missing_members():
    inst = instance()
    p = plan(inst, [group(inst, members=("C1", "C2"))])
    assert units(inst, p) == only("unplaced", 1) | {"below_target": 1}
    assert rules.check(inst, p).breakdown["below_target"] == 30


def test_below_target_is_zero_at_and_above_target():
    inst = adding_clients(instance(), client("C4"))
    assert units(inst, plan(inst, [group(inst, members=("C1", "C2", "C3", "C4"))]))["below_target"] == 0


def test_timing_counts_days_from_the_ideal_date():
    inst = instance()
    g = with_session(inst, group(inst), 1, date=D("2027-03-16"))
    g = with_session(inst, g, 3, date=D("2027-05-25"))
    assert_penalizes(inst, plan(inst, [g]), "timing", 14)


def test_timing_counts_future_sessions_only():
    inst, p1 = published_instance()
    g = with_session(inst, p1, 2, date=D("2027-04-13"))
    # Session 1 is history and at its ideal; session 2 is a week early and was published elsewhere.
    assert units(inst, plan(inst, [g]))["timing"] == 7


def test_daypart_preference_counts_position_per_member():
    inst = with_client(instance(), "C1", dayparts=("afternoon", "morning"))
    inst = with_client(inst, "C2", dayparts=("evening", "afternoon", "morning"))
    inst = with_client(inst, "C3", dayparts=("morning", "evening"))
    assert_penalizes(inst, plan(inst), "daypart_preference", 1 + 2 + 0)


def test_location_preference_counts_position_per_member():
    inst = with_client(instance(), "C1", locations=("L2", "L1"))
    assert_penalizes(inst, plan(inst), "location_preference", 1)


def test_preferences_count_kept_published_members_who_lack_the_option_as_zero():
    inst, p1 = published_instance()
    inst = with_client(inst, "C1", locations=("L2",), dayparts=("evening",))
    counted = units(inst, plan(inst, [p1]))
    assert counted["location_preference"] == 0
    assert counted["daypart_preference"] == 0


def test_substitute_counts_lead_and_co_separately():
    inst = instance()
    g = with_session(inst, group(inst), 2, lead="F3")
    g = with_session(inst, g, 3, lead="F3", co="F4")
    assert_penalizes(inst, plan(inst, [g]), "substitute", 3)


def test_room_change_counts_sessions_in_another_room_than_session_one():
    inst = instance()
    g = with_session(inst, group(inst), 1, room="R2")
    assert_penalizes(inst, plan(inst, [g]), "room_change", 2)


def test_room_cost_counts_each_future_session():
    inst = with_room(instance(), "R1", cost_per_session=40)
    assert_penalizes(inst, plan(inst), "room_cost", 120)


def test_room_cost_leaves_out_history():
    inst, p1 = published_instance()
    inst = with_room(inst, "R1", cost_per_session=40)
    assert units(inst, plan(inst, [p1]))["room_cost"] == 80


def test_published_change_counts_each_changed_field():
    inst, p1 = published_instance()
    g = with_session(inst, p1, 3, date=D("2027-05-25"), room="R2", lead="F3", co="F4")
    counted = units(inst, plan(inst, [g]))
    assert counted["published_change"] == 4
    assert counted == only("published_change", 4) | {"timing": 7, "substitute": 2, "room_change": 1}


def test_published_change_counts_a_moved_session_once():
    inst, p1 = published_instance()
    g = with_session(inst, p1, 2, date=D("2027-04-13"))
    assert units(inst, plan(inst, [g])) == only("published_change", 1) | {"timing": 7}


def test_published_change_is_zero_for_new_groups():
    inst = instance()
    g = with_session(inst, group(inst), 2, lead="F3")
    assert units(inst, plan(inst, [g]))["published_change"] == 0


def test_weights_come_from_the_instance():
    weights = dict(DEFAULT_WEIGHTS) | {"timing": 5, "unplaced": 0}
    inst = adding_clients(instance(weights=weights), client("C4"))
    g = with_session(inst, group(inst), 3, date=D("2027-05-25"))
    report = rules.check(inst, plan(inst, [g]))
    assert report.breakdown["timing"] == 35
    assert report.breakdown["unplaced"] == 0
    assert report.penalty == 35


def test_penalty_is_the_sum_of_the_breakdown():
    inst = with_room(adding_clients(instance(), client("C4")), "R1", cost_per_session=10)
    inst = with_client(inst, "C1", dayparts=("afternoon", "morning"))
    g = with_session(inst, group(inst), 2, date=D("2027-04-13"), lead="F3")
    report = rules.check(inst, plan(inst, [g]))
    assert report.breakdown == only("unplaced", 1000) | {
        "timing": 14,
        "daypart_preference": 20,
        "substitute": 40,
        "room_cost": 30,
    }
    assert report.penalty == 1000 + 14 + 20 + 40 + 30


def test_penalty_breakdown_for_solvers_matches_check():
    inst = adding_clients(instance(), client("C4"))
    g = with_session(inst, group(inst), 2, date=D("2027-04-13"))
    assert rules.penalty_breakdown(inst, [g]) == rules.check(inst, plan(inst, [g])).breakdown
    assert rules.penalty_breakdown(inst, [g], unplaced_ids=["C4", "C4"])["unplaced"] == 1000
    assert rules.penalty_of(inst, [g]) == 1014


# -- the plan's claims


def test_claims_right():
    inst = adding_clients(instance(), client("C4"))
    report = rules.check(inst, plan(inst))
    assert report.claims_ok() and report.claim_errors() == []


def test_claimed_breakdown_wrong():
    inst = adding_clients(instance(), client("C4"))
    p = plan(inst)
    p = dataclasses.replace(p, penalty_breakdown=dict(p.penalty_breakdown) | {"unplaced": 0}, penalty=0)
    report = rules.check(inst, p)
    assert not report.claims_ok()
    assert "penalty_breakdown.unplaced: claimed 0, computed 1000" in report.claim_errors()
    assert "penalty: claimed 0, computed 1000" in report.claim_errors()
    assert report.violations == ()  # the plan itself is valid; only its claims are wrong


def test_claimed_penalty_not_the_sum_of_its_breakdown():
    inst = instance()
    p = dataclasses.replace(plan(inst), penalty=5)
    report = rules.check(inst, p)
    assert [(v.rule, v.code) for v in report.violations] == [(0, "penalty_not_sum")]
    assert not report.claims_ok()


def test_lower_bound_above_the_penalty():
    inst = instance()
    p = dataclasses.replace(plan(inst), lower_bound=3.0)
    assert [(v.rule, v.code) for v in rules.check(inst, p).violations] == [(0, "lower_bound_above_penalty")]


@pytest.mark.parametrize(("bound", "ok"), [(0.0, True), (None, False)])
def test_optimal_needs_a_bound_equal_to_the_penalty(bound, ok):
    inst = instance()
    p = dataclasses.replace(plan(inst), status="optimal", lower_bound=bound)
    assert rules.check(inst, p).valid is ok


def test_infeasible_plan_is_never_valid():
    inst = instance()
    p = dataclasses.replace(plan(inst), status="infeasible", problems=("P1 cannot be kept",))
    report = rules.check(inst, p)
    assert report.violations == ()
    assert not report.valid


def test_unplaced_reasons_are_kept_out_of_the_penalty():
    inst = adding_clients(instance(), client("C4"))
    p = plan(inst, unplaced=[Unplaced("C4", ("no room", "no facilitator"))])
    assert units(inst, p)["unplaced"] == 1


def test_timing_sums_over_all_sessions():
    inst = instance()
    g = group(inst, dates=tuple(d + dt.timedelta(days=7) for d in DATES))
    assert_penalizes(inst, plan(inst, [g]), "timing", 21)


def test_published_change_counts_a_missing_future_session_as_four():
    inst, p1 = published_instance()
    g = dataclasses.replace(p1, sessions=p1.sessions[:2])
    assert units(inst, plan(inst, [g]))["published_change"] == 4

"""Hard rules 1-6 (SPEC 3, "Groups"): each alone, a valid and a broken case."""

import dataclasses
import datetime as dt

from builders import (
    DATES,
    DUE,
    D,
    adding_clients,
    broken,
    client,
    first_based,
    group,
    instance,
    plan,
    programme,
    with_room,
    with_session,
)

from kring.planning import rules
from kring.planning.model import SessionSpec


def wide_windows(**changes):
    """Windows of +-60 days, so dates can move without breaking rule 5."""
    specs = tuple(dataclasses.replace(s, window_days=(-60, 60)) for s in programme().sessions)
    return instance(programmes=(programme(sessions=specs, **changes),))


def test_base_plan_is_valid_with_zero_penalty():
    inst = instance()
    report = rules.check(inst, plan(inst))
    assert report.violations == ()
    assert report.valid and report.claims_ok()
    assert report.penalty == 0
    assert set(report.breakdown) == set(rules.TERM_NAMES)


def test_rules_are_registered_in_spec_order_with_plain_descriptions():
    assert [r.number for r in rules.HARD_RULES] == list(range(1, 17))
    assert all(r.description.startswith("Hard: ") for r in rules.HARD_RULES)
    assert [t.name for t in rules.PENALTY_TERMS] == list(rules.TERM_NAMES)
    assert all(t.description.startswith("Penalty: ") for t in rules.PENALTY_TERMS)


# -- rule 1: all sessions, numbered, increasing, far enough apart


def test_rule1_missing_session():
    inst = instance()
    g = group(inst)
    g = dataclasses.replace(g, sessions=g.sessions[:2])
    assert broken(inst, plan(inst, [g])) == {(1, "session_missing")}


def test_rule1_duplicated_and_unknown_session_numbers():
    inst = wide_windows()
    g = group(inst)
    g = dataclasses.replace(g, sessions=(*g.sessions, dataclasses.replace(g.sessions[2], number=4)))
    g = with_session(inst, g, 4, date=D("2027-06-01"))
    g = with_session(inst, g, 3, number=2)
    found = broken(inst, plan(inst, [g]))
    assert {(1, "session_duplicated"), (1, "session_missing"), (1, "session_number_invalid")} <= found
    assert {rule for rule, _ in found} == {1}


def test_rule1_dates_must_increase():
    inst = wide_windows()
    g = with_session(inst, group(inst), 2, date=D("2027-03-16"))
    assert broken(inst, plan(inst, [g])) == {(1, "sessions_not_increasing")}


def test_rule1_sessions_too_close():
    inst = wide_windows(min_days_between_sessions=14)
    g = with_session(inst, group(inst), 2, date=D("2027-03-30"))
    violations = rules.check(inst, plan(inst, [g])).violations
    assert [(v.rule, v.code, v.group, v.session) for v in violations] == [(1, "sessions_too_close", "G1", 2)]
    assert "7 days apart, less than 14" in violations[0].message


def test_rule1_sessions_exactly_min_days_apart_are_valid():
    inst = wide_windows()
    g = with_session(inst, group(inst), 2, date=D("2027-03-30"))
    assert broken(inst, plan(inst, [g])) == set()


# -- rule 2: weekday, daypart times, room at the location


def test_rule2_wrong_weekday():
    inst = instance()
    g = with_session(inst, group(inst), 2, date=D("2027-04-21"))
    violations = rules.check(inst, plan(inst, [g])).violations
    assert [(v.rule, v.code, v.session, v.date) for v in violations] == [
        (2, "wrong_weekday", 2, D("2027-04-21"))
    ]


def test_rule2_times_not_the_daypart():
    inst = instance()
    g = group(inst)
    afternoon = group(inst, daypart="afternoon").sessions[1]
    g = with_session(inst, g, 2, start=afternoon.start, end=afternoon.end)
    assert broken(inst, plan(inst, [g])) == {(2, "wrong_times")}


def test_rule2_room_of_another_location():
    inst = instance()
    g = with_session(inst, group(inst), 3, room="R3")
    violations = rules.check(inst, plan(inst, [g])).violations
    assert [(v.rule, v.code, v.room) for v in violations] == [(2, "room_wrong_location", "R3")]


# -- rule 3: group size


def test_rule3_new_group_below_min():
    inst = instance()
    g = group(inst, members=("C1",))
    assert broken(inst, plan(inst, [g])) == {(3, "group_too_small")}


def test_rule3_new_group_above_max():
    inst = with_room(adding_clients(instance(), client("C4"), client("C5")), "R1", capacity_seats=20)
    g = group(inst, members=("C1", "C2", "C3", "C4", "C5"))
    assert broken(inst, plan(inst, [g])) == {(3, "group_too_large")}


def test_rule3_min_and_max_are_allowed():
    inst = adding_clients(instance(), client("C4"))
    assert broken(inst, plan(inst, [group(inst, members=("C1", "C2"))])) == set()
    assert broken(inst, plan(inst, [group(inst, members=("C1", "C2", "C3", "C4"))])) == set()


# -- rule 4: anchor spread


def test_rule4_anchor_spread_too_wide():
    inst = adding_clients(first_based(), client("C4", DUE + dt.timedelta(days=29)))
    g = group(inst, members=("C1", "C2", "C3", "C4"))
    violations = rules.check(inst, plan(inst, [g])).violations
    assert [(v.rule, v.code) for v in violations] == [(4, "anchor_spread_too_wide")]
    assert "span 29 days" in violations[0].message and "C4" in violations[0].message


def test_rule4_anchor_spread_at_the_limit_is_valid():
    inst = adding_clients(first_based(), client("C4", DUE + dt.timedelta(days=28)))
    assert broken(inst, plan(inst, [group(inst, members=("C1", "C2", "C3", "C4"))])) == set()


# -- rule 5: windows from the final members


def test_rule5_session_outside_its_window():
    inst = instance()
    g = with_session(inst, group(inst), 2, date=D("2027-05-04"))
    violations = rules.check(inst, plan(inst, [g])).violations
    assert [(v.rule, v.code, v.session) for v in violations] == [(5, "outside_window", 2)]
    assert "2027-04-13..2027-04-27" in violations[0].message


def test_rule5_window_edge_is_inside():
    inst = instance()
    g = with_session(inst, group(inst), 2, date=D("2027-04-13"))
    assert broken(inst, plan(inst, [g])) == set()


def test_rule5_windows_follow_the_final_members():
    # C4 is due four weeks later: mid and last move, so sessions 2 and 3 fall outside.
    inst = adding_clients(instance(), client("C4", DUE + dt.timedelta(days=28)))
    g = group(inst, members=("C1", "C4"))
    violations = rules.check(inst, plan(inst, [g])).violations
    assert [(v.rule, v.code, v.session) for v in violations] == [
        (5, "outside_window", 2),
        (5, "outside_window", 3),
    ]


def test_rule5_uses_first_mid_last_references():
    # Anchors 2027-06-01 and 2027-06-15: mid is 06-08, last 06-15; at those ideals the plan is valid.
    specs = programme().sessions
    assert [s.reference for s in specs] == ["first", "mid", "last"]
    inst = adding_clients(instance(closed_dates=frozenset()), client("C4", DUE + dt.timedelta(days=14)))
    dates = (DATES[0], DATES[1] + dt.timedelta(days=7), DATES[2] + dt.timedelta(days=14))
    g = group(inst, members=("C1", "C4"), dates=dates)
    assert broken(inst, plan(inst, [g])) == set()
    assert rules.penalty_units(inst, [g])["timing"] == 0


# -- rule 6: plan_start, closed dates, horizon


def test_rule6_session_before_plan_start():
    inst = instance(plan_start=D("2027-03-24"))
    violations = rules.check(inst, plan(inst)).violations
    assert [(v.rule, v.code, v.session) for v in violations] == [(6, "before_plan_start", 1)]


def test_rule6_session_on_a_closed_date():
    inst = instance(closed_dates=frozenset({DATES[1]}))
    violations = rules.check(inst, plan(inst)).violations
    assert [(v.rule, v.code, v.session) for v in violations] == [(6, "closed_date", 2)]


def test_rule6_new_group_starts_after_horizon():
    inst = instance(horizon_end=D("2027-03-22"))
    assert broken(inst, plan(inst)) == {(6, "after_horizon")}


def test_rule6_session_one_on_horizon_end_and_later_sessions_beyond_are_valid():
    inst = instance(horizon_end=DATES[0])
    assert broken(inst, plan(inst)) == set()


def test_rule6_plan_start_itself_is_allowed():
    inst = instance(plan_start=DATES[0])
    assert broken(inst, plan(inst)) == set()


def test_programme_with_one_session_is_checked_too():
    single = programme(sessions=(SessionSpec(1, "first", -70, (-7, 7), 1),), latest_join_session=1)
    inst = instance(programmes=(single,))
    g = group(inst, dates=DATES[:1])
    assert broken(inst, plan(inst, [g])) == set()

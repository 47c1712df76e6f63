"""Rule 16 and how published groups and their history meet every other rule (SPEC 1.5, 3)."""

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
    plan,
    published_from,
    published_instance,
    second_group,
    units,
    with_facilitator,
    with_room,
    with_session,
)

from kring.planning import rules
from kring.planning.model import Period


def found(inst, p):
    return [(v.rule, v.code, v.group, v.session) for v in rules.check(inst, p).violations]


def test_published_group_kept_as_published_is_valid():
    inst, p1 = published_instance()
    report = rules.check(inst, plan(inst, [p1]))
    assert report.violations == ()
    assert report.penalty == 0


# -- rule 16: present, identity, members, history


def test_rule16_published_group_with_members_left_out():
    inst, _ = published_instance()
    assert found(inst, plan(inst, [])) == [(16, "published_group_missing", "P1", None)]


def test_rule16_cancelled_group_without_members_may_be_left_out():
    inst, _ = published_instance()
    inst = dataclasses.replace(inst, clients=(client("C9"),))
    p = plan(inst, [])
    assert broken(inst, p) == set()
    # Its two future sessions disappear: 4 fields each.
    assert units(inst, p)["published_change"] == 8
    assert rules.check(inst, p).breakdown["published_change"] == 8 * 50


def test_rule16_group_without_members_may_be_kept_with_no_windows():
    inst, p1 = published_instance()
    inst = dataclasses.replace(inst, clients=(client("C9"),))
    p1 = with_session(inst, dataclasses.replace(p1, members=()), 3, date=D("2027-06-29"))  # far off any ideal
    p = plan(inst, [p1])
    assert broken(inst, p) == set()
    counted = units(inst, p)
    assert counted["timing"] == 0
    assert counted["below_target"] == 3


def test_rule16_identity_changed():
    inst, p1 = published_instance()
    g = dataclasses.replace(p1, lead="F3")
    violations = rules.check(inst, plan(inst, [g])).violations
    assert [(v.rule, v.code) for v in violations] == [(16, "published_identity_changed")]
    assert "lead changed from F1 to F3" in violations[0].message


def test_rule16_remaining_member_dropped():
    inst, p1 = published_instance()
    g = dataclasses.replace(p1, members=("C1", "C2"))
    violations = rules.check(inst, plan(inst, [g])).violations
    assert [(v.rule, v.code, v.client) for v in violations] == [(16, "published_member_dropped", "C3")]


def test_rule16_member_who_left_is_not_kept():
    inst, p1 = published_instance()
    inst = dataclasses.replace(inst, clients=inst.clients[:2])  # C3 left
    g = dataclasses.replace(p1, members=("C1", "C2"))
    assert broken(inst, plan(inst, [g])) == set()


def test_rule16_history_session_changed():
    inst, p1 = published_instance()
    g = with_session(inst, p1, 1, room="R2")
    violations = rules.check(inst, plan(inst, [g])).violations
    assert [(v.rule, v.code, v.session) for v in violations] == [(16, "history_changed", 1)]
    assert "room R1 -> R2" in violations[0].message


def test_rule16_history_session_moved():
    inst, p1 = published_instance()
    g = with_session(inst, p1, 1, date=D("2027-03-16"))
    assert (16, "history_changed") in broken(inst, plan(inst, [g]))


def test_rule16_history_session_missing():
    inst, p1 = published_instance()
    g = dataclasses.replace(p1, sessions=p1.sessions[1:])
    assert broken(inst, plan(inst, [g])) == {(1, "session_missing"), (16, "history_changed")}


def test_rule16_history_times_changed():
    inst, p1 = published_instance()
    evening = group(inst, daypart="evening").sessions[0]
    g = with_session(inst, p1, 1, start=evening.start, end=evening.end)
    assert broken(inst, plan(inst, [g])) == {(16, "history_changed")}


# -- history is exempt from rules 2, 5, 6, 9, 10, 11, 13, 14, 15 and counts for rule 12


def test_history_exempt_from_calendar_facilitator_and_room_rules():
    inst, p1 = published_instance()
    day = Period(DATES[0], DATES[0])
    inst = dataclasses.replace(inst, closed_dates=frozenset({DATES[0]}))
    inst = with_facilitator(inst, "F1", absences=(day,), languages=frozenset({"en"}))
    inst = with_room(inst, "R1", closures=(day,))
    inst = with_room(inst, "R2", capacity_seats=3)
    g = with_session(inst, p1, 2, lead="F3")
    g = with_session(inst, g, 3, lead="F3")
    g = dataclasses.replace(g, sessions=(dataclasses.replace(g.sessions[0], room="R2"), *g.sessions[1:]))
    inst = dataclasses.replace(inst, published=(published_from(g),))
    # Session 1 is history: closed date, absent lead who no longer speaks nl, closed and tiny room.
    assert broken(inst, plan(inst, [g])) == set()


def test_history_exempt_from_window_and_weekday():
    inst, p1 = published_instance()
    g = with_session(inst, p1, 1, date=D("2027-03-03"))  # a Wednesday, 20 days before its ideal
    inst = dataclasses.replace(inst, published=(published_from(g),))
    p = plan(inst, [g])
    assert broken(inst, p) == set()
    assert units(inst, p)["timing"] == 0


def test_future_sessions_of_published_groups_follow_every_rule():
    inst, p1 = published_instance()
    inst = with_facilitator(inst, "F2", absences=(Period(DATES[1], DATES[1]),))
    assert found(inst, plan(inst, [p1])) == [(10, "facilitator_absent", "P1", 2)]


def test_published_main_lead_kept_even_if_no_longer_qualified():
    inst, p1 = published_instance()
    inst = with_facilitator(inst, "F1", can_lead=frozenset(), locations=frozenset({"L2"}))
    g = with_session(inst, p1, 2, lead="F3")
    g = with_session(inst, g, 3, lead="F3")
    p = plan(inst, [g])
    assert broken(inst, p) == set()
    assert units(inst, p)["substitute"] == 2
    assert units(inst, p)["published_change"] == 2


def test_published_main_lead_not_qualified_cannot_lead_future_sessions():
    inst, p1 = published_instance()
    inst = with_facilitator(inst, "F1", can_lead=frozenset())
    assert found(inst, plan(inst, [p1])) == [
        (9, "lead_not_qualified", "P1", 2),
        (9, "lead_not_qualified", "P1", 3),
    ]


def test_history_overlaps_among_themselves_are_exempt():
    # P1 and P2 both had F1 on 2027-03-23 in the morning; both sessions are history.
    inst, p1 = published_instance()
    inst, p2 = second_group(inst, anchor=DUE + dt.timedelta(days=14), daypart="morning", lead="F1", co="F3")
    p2 = with_session(inst, dataclasses.replace(p2, id="P2"), 1, date=DATES[0])
    inst = dataclasses.replace(inst, published=(*inst.published, published_from(p2)))
    assert broken(inst, plan(inst, [p1, p2])) == set()


def test_history_counts_toward_the_weekly_limit():
    # plan_start on Wednesday 2027-03-24: Tuesday's P1 session is history, Thursday's G2 is new.
    inst, p1 = published_instance(plan_start=D("2027-03-24"))
    inst = with_facilitator(inst, "F1", max_sessions_per_week=1)
    inst, g2 = second_group(inst, anchor=DUE + dt.timedelta(days=2), lead="F1", co="F3")
    violations = rules.check(inst, plan(inst, [p1, g2])).violations
    assert [(v.rule, v.code, v.group, v.session) for v in violations] == [
        (12, "facilitator_week_limit", "G2", 1),  # week 12: P1's history session and G2's first
        (12, "facilitator_week_limit", "P1", 2),
        (12, "facilitator_week_limit", "P1", 3),
    ]
    assert "ISO week 2027-W12" in violations[0].message


def test_history_alone_over_the_weekly_limit_is_exempt():
    inst, p1 = published_instance()
    inst = with_facilitator(inst, "F1", max_sessions_per_week=1)
    inst, p2 = second_group(inst, anchor=DUE + dt.timedelta(days=14), lead="F1", co="F3")
    p2 = with_session(inst, dataclasses.replace(p2, id="P2"), 1, date=D("2027-03-24"))
    inst = dataclasses.replace(inst, published=(*inst.published, published_from(p2)))
    assert broken(inst, plan(inst, [p1, p2])) == set()


def test_history_counts_toward_concurrent_groups():
    inst, p1 = published_instance()
    inst = with_facilitator(inst, "F1", max_concurrent_groups=1)
    inst, g2 = second_group(inst, anchor=DUE + dt.timedelta(days=14), lead="F1", co="F3")
    assert broken(inst, plan(inst, [p1, g2])) == {(12, "facilitator_concurrent_limit")}


# -- joiners (rules 3, 4, 7 for published groups)


def test_joiner_while_latest_join_session_is_future():
    inst, p1 = published_instance()
    inst = adding_clients(inst, client("C4"))
    g = dataclasses.replace(p1, members=(*p1.members, "C4"))
    assert broken(inst, plan(inst, [g])) == set()


def test_joiner_after_latest_join_session_took_place():
    inst, p1 = published_instance(plan_start=D("2027-05-01"))
    inst = adding_clients(inst, client("C4"))
    g = dataclasses.replace(p1, members=(*p1.members, "C4"))
    violations = rules.check(inst, plan(inst, [g])).violations
    assert [(v.rule, v.code, v.client) for v in violations] == [(7, "join_closed", "C4")]


def test_joiner_must_fit_the_group():
    inst, p1 = published_instance()
    inst = adding_clients(inst, client("C4", languages=frozenset({"en"})))
    g = dataclasses.replace(p1, members=(*p1.members, "C4"))
    assert broken(inst, plan(inst, [g])) == {(7, "language_not_spoken")}


def test_kept_published_members_need_not_fit_any_more():
    inst, p1 = published_instance()
    inst = dataclasses.replace(
        inst,
        clients=tuple(dataclasses.replace(c, locations=("L2",), dayparts=("evening",)) for c in inst.clients),
    )
    assert broken(inst, plan(inst, [p1])) == set()


def test_published_group_below_min_is_allowed():
    inst, p1 = published_instance()
    inst = dataclasses.replace(inst, clients=inst.clients[:1])
    g = dataclasses.replace(p1, members=("C1",))
    assert broken(inst, plan(inst, [g])) == set()


def test_published_group_above_max():
    inst, p1 = published_instance()
    inst = adding_clients(inst, client("C4"), client("C5"))
    inst = with_room(inst, "R1", capacity_seats=20)
    g = dataclasses.replace(p1, members=(*p1.members, "C4", "C5"))
    assert broken(inst, plan(inst, [g])) == {(3, "group_too_large")}


def test_published_spread_is_checked_only_when_gaining_a_member():
    base = first_based()
    wide = dataclasses.replace(base, clients=(*base.clients[:2], client("C3", DUE + dt.timedelta(days=35))))
    p1 = group(wide, "P1")
    inst = dataclasses.replace(wide, plan_start=D("2027-04-01"), published=(published_from(p1),))
    assert broken(inst, plan(inst, [p1])) == set()
    inst = adding_clients(inst, client("C4"))
    g = dataclasses.replace(p1, members=(*p1.members, "C4"))
    assert broken(inst, plan(inst, [g])) == {(4, "anchor_spread_too_wide")}

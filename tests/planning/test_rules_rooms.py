"""Hard rules 13-15 (SPEC 3, "Rooms"): each alone, a valid and a broken case."""

import dataclasses
import datetime as dt

from builders import DATES, DUE, broken, group, instance, plan, second_group, with_facilitator, with_room

from kring.planning import rules
from kring.planning.model import Daypart, Period


def found(inst, p):
    return [(v.rule, v.code, v.session, v.room) for v in rules.check(inst, p).violations]


# -- rule 13: room available and not closed


def test_rule13_room_not_available_at_that_daypart():
    inst = with_room(instance(), "R1", availability={"tue": frozenset({"afternoon"})})
    assert found(inst, plan(inst)) == [(13, "room_unavailable", n, "R1") for n in (1, 2, 3)]


def test_rule13_room_available_at_that_weekday_and_daypart():
    inst = with_room(instance(), "R1", availability={"tue": frozenset({"morning"}), "wed": frozenset()})
    assert broken(inst, plan(inst)) == set()


def test_rule13_room_closed_that_date():
    inst = with_room(instance(), "R1", closures=(Period(DATES[1], DATES[1]),))
    assert found(inst, plan(inst)) == [(13, "room_closed", 2, "R1")]


# -- rule 14: capacity


def test_rule14_room_too_small_for_a_session_with_partners():
    # Session 3 seats 2 per member: 2 * 3 + 2 = 8 seats; sessions 1 and 2 need 5.
    inst = with_room(instance(), "R1", capacity_seats=7)
    violations = rules.check(inst, plan(inst)).violations
    assert [(v.rule, v.code, v.session, v.room) for v in violations] == [(14, "room_too_small", 3, "R1")]
    assert "seats 7, 8 needed" in violations[0].message


def test_rule14_room_exactly_large_enough():
    inst = with_room(instance(), "R1", capacity_seats=8)
    assert broken(inst, plan(inst)) == set()


# -- rule 15: two sessions in one room on one date


def with_noon(start: dt.time):
    inst = instance(dayparts=(*instance().dayparts, Daypart("noon", start, dt.time(13, 30))))
    for f in inst.facilitators:
        availability = {day: parts | {"noon"} for day, parts in f.availability.items()}
        inst = with_facilitator(inst, f.id, availability=availability)
    return inst


def test_rule15_two_groups_in_one_room_at_once():
    inst, g2 = second_group(instance(), daypart="morning", room="R1")
    violations = rules.check(inst, plan(inst, [group(inst), g2])).violations
    assert [(v.rule, v.code, v.room) for v in violations] == [(15, "room_double_booked", "R1")] * 3


def test_rule15_buffer_between_sessions_too_short():
    inst, g2 = second_group(with_noon(dt.time(11, 40)), daypart="noon", room="R1")
    violations = rules.check(inst, plan(inst, [group(inst), g2])).violations
    assert [(v.rule, v.code, v.group, v.session) for v in violations] == [
        (15, "room_buffer", "G2", n) for n in (1, 2, 3)
    ]
    assert "only 10 minutes" in violations[0].message


def test_rule15_buffer_exactly_long_enough():
    inst, g2 = second_group(with_noon(dt.time(11, 45)), daypart="noon", room="R1")
    assert broken(inst, plan(inst, [group(inst), g2])) == set()


def test_rule15_buffer_applies_only_on_the_same_date():
    later = DUE + dt.timedelta(days=2)
    inst, g2 = second_group(with_noon(dt.time(11, 30)), anchor=later, daypart="noon", room="R1")
    assert broken(inst, plan(inst, [group(inst), g2])) == set()


def test_rule15_no_buffer_needed_when_zero():
    inst, g2 = second_group(with_noon(dt.time(11, 30)), daypart="noon", room="R1")
    inst = dataclasses.replace(inst, room_buffer_minutes=0)
    assert broken(inst, plan(inst, [group(inst), g2])) == set()

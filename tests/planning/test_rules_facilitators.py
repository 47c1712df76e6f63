"""Hard rules 9-12 (SPEC 3, "Facilitators"): each alone, a valid and a broken case."""

import dataclasses
import datetime as dt

from builders import (
    DATES,
    DUE,
    D,
    broken,
    group,
    instance,
    plan,
    second_group,
    with_client,
    with_facilitator,
    with_session,
)

from kring.planning import rules
from kring.planning.model import Daypart, Period


def found(inst, p):
    return [(v.rule, v.code, v.session, v.facilitator) for v in rules.check(inst, p).violations]


# -- rule 9: two different, qualified people; a new group's main pair fits its slot


def test_rule9_same_person_leads_and_co_facilitates():
    inst = instance()
    g = with_session(inst, group(inst), 2, co="F1")
    assert found(inst, plan(inst, [g])) == [(9, "same_lead_and_co", 2, "F1")]


def test_rule9_lead_not_qualified_to_lead():
    inst = instance()
    g = with_session(inst, group(inst), 2, lead="F2", co="F3")
    assert found(inst, plan(inst, [g])) == [(9, "lead_not_qualified", 2, "F2")]


def test_rule9_co_not_qualified_to_co_facilitate():
    inst = with_facilitator(instance(), "F3", can_co=frozenset())
    g = with_session(inst, group(inst), 2, co="F3")
    assert found(inst, plan(inst, [g])) == [(9, "co_not_qualified", 2, "F3")]


def test_rule9_substitutes_who_are_qualified_are_valid():
    inst = instance()
    g = with_session(inst, group(inst), 2, lead="F3", co="F4")
    assert broken(inst, plan(inst, [g])) == set()


def test_rule9_new_group_main_lead_not_qualified():
    inst = instance()
    g = dataclasses.replace(group(inst), lead="F2", co="F3")
    assert found(inst, plan(inst, [g])) == [(9, "main_lead_not_qualified", None, "F2")]


def test_rule9_new_group_main_co_not_qualified():
    inst = with_facilitator(instance(), "F4", can_co=frozenset())
    g = dataclasses.replace(group(inst), co="F4")
    assert found(inst, plan(inst, [g])) == [(9, "main_co_not_qualified", None, "F4")]


def test_rule9_new_group_main_lead_and_co_the_same():
    inst = instance()
    g = dataclasses.replace(group(inst), co="F1")
    assert broken(inst, plan(inst, [g])) == {(9, "main_same_lead_and_co")}


def test_rule9_new_group_main_lead_works_elsewhere():
    inst = with_facilitator(instance(), "F3", locations=frozenset({"L2"}))
    g = dataclasses.replace(group(inst), lead="F3")
    assert found(inst, plan(inst, [g])) == [(9, "main_facilitator_wrong_location", None, "F3")]


def test_rule9_new_group_main_co_not_available_at_its_slot():
    inst = with_facilitator(instance(), "F4", availability={"tue": frozenset({"evening"})})
    g = dataclasses.replace(group(inst), co="F4")
    assert found(inst, plan(inst, [g])) == [(9, "main_facilitator_unavailable", None, "F4")]


def test_rule9_new_group_main_pair_language():
    inst = with_facilitator(instance(), "F3", languages=frozenset({"en"}))
    g = dataclasses.replace(group(inst), lead="F3", co="F2")  # F2 speaks nl but shares nothing with F3
    assert found(inst, plan(inst, [g])) == [(9, "main_language_not_covered", None, "F3")]


def test_rule9_main_pair_absence_does_not_count():
    # On an absent day a substitute takes over: only the sessions matter then.
    inst = with_facilitator(instance(), "F1", absences=(Period(DATES[1], DATES[1]),))
    g = with_session(inst, group(inst), 2, lead="F3")
    assert broken(inst, plan(inst, [g])) == set()


# -- rule 10: location, weekly availability, absences in every future session


def test_rule10_substitute_works_at_another_location():
    inst = with_facilitator(instance(), "F3", locations=frozenset({"L2"}))
    g = with_session(inst, group(inst), 2, lead="F3")
    assert found(inst, plan(inst, [g])) == [(10, "facilitator_wrong_location", 2, "F3")]


def test_rule10_substitute_not_available_that_daypart():
    inst = with_facilitator(instance(), "F4", availability={"tue": frozenset({"afternoon"})})
    g = with_session(inst, group(inst), 3, co="F4")
    assert found(inst, plan(inst, [g])) == [(10, "facilitator_unavailable", 3, "F4")]


def test_rule10_facilitator_absent_that_date():
    inst = with_facilitator(instance(), "F2", absences=(Period(D("2027-04-19"), D("2027-04-21")),))
    assert found(inst, plan(inst)) == [(10, "facilitator_absent", 2, "F2")]


def test_rule10_absence_ending_the_day_before_is_valid():
    inst = with_facilitator(instance(), "F2", absences=(Period(D("2027-04-12"), D("2027-04-19")),))
    assert broken(inst, plan(inst)) == set()


# -- rule 11: language


def english_instance():
    inst = instance()
    for cid in ("C1", "C2", "C3"):
        inst = with_client(inst, cid, languages=frozenset({"en"}))
    return with_facilitator(inst, "F4", languages=frozenset({"en"}))


def test_rule11_lead_speaks_the_language():
    inst = english_instance()
    g = group(inst, language="en", lead="F1", co="F2")
    assert broken(inst, plan(inst, [g])) == set()


def test_rule11_co_interprets_when_sharing_a_language_with_the_lead():
    inst = english_instance()
    g = with_session(inst, group(inst, language="en"), 2, lead="F3", co="F1")  # F3: nl; F1: nl, en
    assert broken(inst, plan(inst, [g])) == set()


def test_rule11_nobody_speaks_the_language():
    inst = english_instance()
    g = with_session(inst, group(inst, language="en"), 2, lead="F3", co="F2")  # both nl only
    assert found(inst, plan(inst, [g])) == [(11, "language_not_covered", 2, "F3")]


def test_rule11_co_speaks_it_but_shares_nothing_with_the_lead():
    inst = english_instance()
    g = with_session(inst, group(inst, language="en"), 2, lead="F3", co="F4")  # F3: nl; F4: en
    assert found(inst, plan(inst, [g])) == [(11, "language_not_covered", 2, "F3")]


# -- rule 12: one session at a time, weekly limit, concurrent groups


def test_rule12_facilitator_in_two_sessions_at_once():
    inst, g2 = second_group(instance(), daypart="morning", lead="F1", co="F3")
    violations = rules.check(inst, plan(inst, [group(inst), g2])).violations
    assert [(v.rule, v.code, v.facilitator, v.session) for v in violations] == [
        (12, "facilitator_double_booked", "F1", n) for n in (1, 2, 3)
    ]
    assert "G1 session 1 on 2027-03-23 and group G2 session 1 on 2027-03-23" in violations[0].message


def with_noon(start: dt.time):
    """The base instance with a daypart "noon" from `start` to 13:30 that everyone can work."""
    inst = instance(dayparts=(*instance().dayparts, Daypart("noon", start, dt.time(13, 30))))
    for f in inst.facilitators:
        availability = {day: parts | {"noon"} for day, parts in f.availability.items()}
        inst = with_facilitator(inst, f.id, availability=availability)
    return inst


def test_rule12_end_at_the_next_start_is_no_overlap():
    inst = with_noon(dt.time(11, 30))
    inst, g2 = second_group(inst, daypart="noon", lead="F1", co="F3")
    assert broken(inst, plan(inst, [group(inst), g2])) == set()


def test_rule12_one_minute_overlap_is_an_overlap():
    inst = with_noon(dt.time(11, 29))
    inst, g2 = second_group(inst, daypart="noon", lead="F3", co="F1")
    assert broken(inst, plan(inst, [group(inst), g2])) == {(12, "facilitator_double_booked")}


def test_rule12_more_sessions_in_an_iso_week_than_allowed():
    inst = with_facilitator(instance(), "F1", max_sessions_per_week=1)
    inst, g2 = second_group(inst, lead="F1", co="F3")
    violations = rules.check(inst, plan(inst, [group(inst), g2])).violations
    assert [(v.rule, v.code, v.facilitator) for v in violations] == [(12, "facilitator_week_limit", "F1")] * 3
    assert "ISO week 2027-W12" in violations[0].message


def test_rule12_iso_weeks_start_on_monday():
    # Tuesday 2027-03-23 (W12) and Monday 2027-03-29 (W13): two weeks, one session each.
    inst = with_facilitator(instance(), "F3", max_sessions_per_week=1)
    inst, g2 = second_group(inst, anchor=DUE + dt.timedelta(days=6), co="F2")
    assert broken(inst, plan(inst, [group(inst), g2])) == set()


def test_rule12_weekly_limit_reached_but_not_exceeded():
    inst = with_facilitator(instance(), "F1", max_sessions_per_week=2)
    inst, g2 = second_group(inst, lead="F1", co="F3")
    assert broken(inst, plan(inst, [group(inst), g2])) == set()


def test_rule12_main_lead_of_more_concurrent_groups_than_allowed():
    inst = with_facilitator(instance(), "F1", max_concurrent_groups=1)
    inst, g2 = second_group(inst, anchor=DUE + dt.timedelta(days=56), lead="F1", co="F3")
    violations = rules.check(inst, plan(inst, [group(inst), g2])).violations
    assert [(v.rule, v.code, v.facilitator, v.date) for v in violations] == [
        (12, "facilitator_concurrent_limit", "F1", D("2027-05-18"))
    ]
    assert "from 2027-05-18 to 2027-05-18 (G1, G2)" in violations[0].message


def test_rule12_concurrent_groups_one_after_the_other_are_valid():
    inst = with_facilitator(instance(), "F1", max_concurrent_groups=1)
    inst, g2 = second_group(inst, anchor=DUE + dt.timedelta(days=63), lead="F1", co="F3")
    assert broken(inst, plan(inst, [group(inst), g2])) == set()


def test_rule12_substituting_in_a_group_does_not_make_it_concurrent():
    inst = with_facilitator(instance(), "F1", max_concurrent_groups=1)
    inst, g2 = second_group(inst)
    g2 = with_session(inst, g2, 2, lead="F1")
    assert broken(inst, plan(inst, [group(inst), g2])) == set()


def test_rule12_concurrency_counts_main_co_too():
    inst = with_facilitator(instance(), "F2", max_concurrent_groups=1)
    inst, g2 = second_group(inst, co="F2")
    assert broken(inst, plan(inst, [group(inst), g2])) == {(12, "facilitator_concurrent_limit")}

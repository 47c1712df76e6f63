"""Hard rules 7-8 (SPEC 3, "Members"): each alone, a valid and a broken case."""

import dataclasses

import pytest
from builders import DATES, D, broken, group, instance, plan, programme, second_group, with_client

from kring.planning import rules


def violations_of(inst, p):
    return [(v.rule, v.code, v.group, v.client) for v in rules.check(inst, p).violations]


# -- rule 7: the member fits the group


def test_rule7_member_of_another_programme():
    inst = instance(programmes=(programme(), programme(id="CO")))
    inst = with_client(inst, "C3", programme="CO")
    assert violations_of(inst, plan(inst)) == [(7, "wrong_programme", "G1", "C3")]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"languages": frozenset({"en"})}, "language_not_spoken"),
        ({"locations": ("L2",)}, "location_not_acceptable"),
        ({"dayparts": ("evening", "afternoon")}, "daypart_not_acceptable"),
        ({"weekdays": frozenset({"mon", "wed"})}, "weekday_not_acceptable"),
    ],
)
def test_rule7_member_does_not_accept_the_group(change, code):
    inst = with_client(instance(), "C3", **change)
    assert violations_of(inst, plan(inst)) == [(7, code, "G1", "C3")]


@pytest.mark.parametrize(
    "change",
    [
        {"languages": frozenset({"en", "nl"})},
        {"locations": ("L2", "L1")},
        {"dayparts": ("evening", "morning")},
        {"weekdays": frozenset({"tue"})},
        {"available_from": DATES[1]},
    ],
)
def test_rule7_member_who_accepts_the_group_is_valid(change):
    inst = with_client(instance(), "C3", **change)
    assert broken(inst, plan(inst)) == set()


def test_rule7_member_available_after_the_latest_join_session():
    inst = with_client(instance(), "C3", available_from=D("2027-04-21"))
    violations = rules.check(inst, plan(inst)).violations
    assert [(v.rule, v.code, v.client, v.session) for v in violations] == [(7, "available_too_late", "C3", 2)]
    assert "2027-04-21" in violations[0].message and "2027-04-20" in violations[0].message


def test_rule7_latest_join_session_is_the_programmes():
    inst = instance(programmes=(programme(latest_join_session=3),))
    inst = with_client(inst, "C3", available_from=D("2027-04-21"))
    assert broken(inst, plan(inst)) == set()


# -- rule 8: at most one group


def test_rule8_client_in_two_groups():
    inst, g2 = second_group(instance())
    g2 = dataclasses.replace(g2, members=("C1", "C4", "C5", "C6"))
    violations = rules.check(inst, plan(inst, [group(inst), g2])).violations
    assert [(v.rule, v.code, v.client) for v in violations] == [(8, "client_in_two_groups", "C1")]
    assert "G1, G2" in violations[0].message


def test_rule8_client_listed_twice_in_one_group():
    inst = instance()
    g = group(inst, members=("C1", "C2", "C3", "C3"))
    assert violations_of(inst, plan(inst, [g])) == [(8, "client_listed_twice", "G1", "C3")]


def test_rule8_two_groups_of_different_clients_are_valid():
    inst, g2 = second_group(instance())
    assert broken(inst, plan(inst, [group(inst), g2])) == set()

"""Repair: a new absence changes only the published sessions it forces."""

import datetime as dt
from pathlib import Path

from kring.planning.cpsat import repair
from kring.planning.model import load_instance
from kring.planning.rules import check
from kring.planning.synthetic import add_absence

DATA = Path(__file__).parent / "data"


def _changed(instance, plan):
    published = {(g.id, s.number): s for g in instance.published for s in g.sessions}
    changed = {}
    for group in plan.groups:
        for s in group.sessions:
            before = published[(group.id, s.number)]
            if (before.date, before.room, before.lead, before.co) != (s.date, s.room, s.lead, s.co):
                changed[(group.id, s.number)] = s
    return changed


def test_repair_without_change_keeps_every_published_session():
    instance = load_instance(DATA / "city-m.json")
    plan = repair(instance, time_limit_s=10)
    assert check(instance, plan).valid
    assert {g.id for g in plan.groups} == {g.id for g in instance.published}
    assert _changed(instance, plan) == {}


def test_three_week_absence_changes_only_the_sessions_it_forces():
    instance = load_instance(DATA / "city-m.json")
    # F024 co-facilitates P-CZ-1 (Tuesday mornings); 1-21 March 2027 covers its session 6.
    absent = add_absence(instance, "F024", dt.date(2027, 3, 1), 21)
    plan = repair(absent, time_limit_s=10)
    report = check(absent, plan)
    assert report.valid, report.violations[:5]
    changed = _changed(absent, plan)
    assert set(changed) == {("P-CZ-1", 6)}
    session = changed[("P-CZ-1", 6)]
    assert session.co != "F024"
    assert session.date == dt.date(2027, 3, 9)
    assert report.breakdown["published_change"] == 50


def test_repair_reports_infeasible_when_no_one_can_take_over():
    instance = load_instance(DATA / "city-m.json")
    # Nobody else leads CZ at L1 on Tuesday mornings, and the window allows no other Tuesday.
    absent = add_absence(instance, "F002", dt.date(2027, 3, 1), 21)
    plan = repair(absent, time_limit_s=10)
    assert plan.status == "infeasible"
    assert plan.problems

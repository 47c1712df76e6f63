"""The seeded instance generator: deterministic, readable, the sizes of SPEC section 6, realistic."""

import dataclasses
import datetime as dt
from collections import Counter
from functools import cache
from pathlib import Path

import holidays
import pytest

from kring.planning import defaults, rules
from kring.planning.model import (
    Plan,
    PlanGroup,
    Unplaced,
    instance_to_json,
    load_instance,
    make_session,
    read_instance,
)
from kring.planning.synthetic import ONLINE, SCALES, add_absence, generate, with_plan_published

DATA = Path(__file__).parent / "data"


@cache
def _instance(scale, seed=0):
    return generate(scale, seed)


def _leads(instance):
    return [f for f in instance.facilitators if f.can_lead]


def _cos_only(instance):
    return [f for f in instance.facilitators if not f.can_lead]


@pytest.mark.parametrize("scale", ["XS", "S", "M"])
def test_generate_same_seed_gives_same_instance(scale):
    assert instance_to_json(generate(scale, 7)) == instance_to_json(generate(scale, 7))


@pytest.mark.parametrize("scale", ["XS", "S", "M"])
def test_generate_other_seed_gives_other_instance(scale):
    assert instance_to_json(generate(scale, 1))["clients"] != instance_to_json(generate(scale, 2))["clients"]


@pytest.mark.parametrize("scale", ["XS", "S", "M", "L"])
def test_generated_instance_reads_back_through_exchange_format(scale):
    instance = _instance(scale)
    assert read_instance(instance_to_json(instance)) == instance


def test_scale_s_is_one_midwifery_practice():
    instance = _instance("S")
    assert len(instance.clients) == 150
    assert {c.programme for c in instance.clients} == {"CZ"}
    assert [p.id for p in instance.programmes] == ["CZ"]
    assert len(_leads(instance)) == 4
    assert len(_cos_only(instance)) == 3
    assert len(instance.rooms) == 2


def test_scale_m_is_a_city_with_cz_and_co():
    instance = _instance("M")
    assert Counter(c.programme for c in instance.clients) == {"CZ": 1200, "CO": 800}
    assert len(instance.locations) == 5
    assert [loc.id for loc in instance.locations if loc.online] == [ONLINE]
    assert len(instance.rooms) == 12
    assert len(instance.rooms_at(ONLINE)) == 2
    assert len(_leads(instance)) == 25
    assert len(_cos_only(instance)) == 15
    assert set().union(*(c.languages for c in instance.clients)) == {"nl", "en", "tr", "ar"}


def test_scale_l_is_a_regional_organisation():
    instance = _instance("L")
    assert len(instance.clients) == 10_000
    assert len(instance.locations) == 30
    assert len(instance.rooms) == 60
    assert len(_leads(instance)) == 150
    assert len(_cos_only(instance)) == 80


def test_default_programmes_and_dayparts_are_those_of_the_examples():
    example = load_instance(DATA / "city-m.json")
    assert _instance("M").programmes == example.programmes
    assert _instance("M").dayparts == example.dayparts
    assert example.programmes == defaults.PROGRAMMES


def test_closed_dates_are_those_of_the_example_instances():
    example = load_instance(DATA / "city-m.json")
    assert defaults.closed_dates_between(2026, 2029) == example.closed_dates


@pytest.mark.parametrize("year", range(2024, 2036))
def test_closed_dates_follow_dutch_public_holidays(year):
    official = {day: name for day, name in holidays.NL(years=year).items()}
    closed = set(defaults.dutch_closed_dates(year))
    easter = defaults.easter_sunday(year)
    assert easter in official
    for day, name in official.items():
        if day == easter - dt.timedelta(days=2):  # Good Friday is a working day
            assert day not in closed, name
        elif day.month == 5 and day.day == 5:  # Liberation Day only in lustrum years
            assert (day in closed) == (year % 5 == 0)
        else:
            assert day in closed, name
    assert {dt.date(year, 12, d) for d in range(25, 32)} <= closed


def test_closed_dates_cover_history_and_the_year_after_the_horizon():
    instance = _instance("M")
    years = {d.year for d in instance.closed_dates}
    assert years == set(range(instance.plan_start.year - 1, instance.horizon_end.year + 2))


def test_published_groups_have_history_and_announced_future_sessions():
    instance = _instance("M")
    assert len(instance.published) == 3
    assert {g.programme for g in instance.published} == {"CZ", "CO"}
    assert any(g.language == "tr" for g in instance.published)
    for group in instance.published:
        history = [s for s in group.sessions if s.date < instance.plan_start]
        future = [s for s in group.sessions if s.date >= instance.plan_start]
        assert history and future
        for s in future:
            assert s.date.weekday() == ["mon", "tue", "wed", "thu", "fri"].index(group.weekday)
            assert s.date not in instance.closed_dates
            assert instance.room(s.room).is_open(s.date, group.daypart)
            for fid in (s.lead, s.co):
                assert instance.facilitator(fid).can_work(group.location, s.date, group.daypart)


def test_one_published_member_has_left():
    instance = _instance("M")
    left = [m for g in instance.published for m in g.members if not instance.has_client(m)]
    assert len(left) == 1


def test_a_published_cz_group_can_still_take_joiners():
    instance = _instance("M")
    group = next(g for g in instance.published if g.programme == "CZ")
    join = instance.programme("CZ").latest_join_session
    assert group.sessions[join - 1].date >= instance.plan_start


def test_clients_have_realistic_wishes():
    instance = _instance("M")
    clients = instance.clients
    assert any(c.dayparts == ("evening",) for c in clients)
    assert any(c.weekdays is not None for c in clients)
    assert any(c.locations == (ONLINE,) or ONLINE in c.locations for c in clients)
    assert any(c.available_from is None for c in clients)  # too far along at plan start
    anchors = [c.anchor_date for c in clients if c.programme == "CZ"]
    assert min(anchors) < instance.plan_start + dt.timedelta(days=168) < max(anchors)


def test_online_tigrinya_group_has_a_tigrinya_speaking_co():
    instance = _instance("L")
    tigrinya = [c for c in instance.clients if "ti" in c.languages]
    assert len(tigrinya) >= 100
    assert all(c.locations == (ONLINE,) for c in tigrinya)
    mediators = [f for f in instance.facilitators if "ti" in f.languages]
    assert mediators
    assert all(not f.can_lead and "CZ" in f.can_co and ONLINE in f.locations and "nl" in f.languages
               for f in mediators)


def test_facilitator_limits_follow_their_role():
    instance = _instance("M")
    for f in instance.facilitators:
        if "CZ" in f.can_lead:
            assert 2 <= f.max_concurrent_groups <= 4
        elif "CO" in f.can_lead:
            assert 6 <= f.max_concurrent_groups <= 12
        assert f.absences  # everybody takes a summer holiday


def test_facilitator_capacity_is_scarcer_than_demand_in_m():
    instance = _instance("M")
    # CZ groups run about 30 weeks; at the target size the year's clients need this many at once.
    programme = instance.programme("CZ")
    clients = sum(1 for c in instance.clients if c.programme == "CZ")
    needed = clients / programme.group_size.target * 30 / 52
    capacity = sum(f.max_concurrent_groups for f in instance.facilitators if "CZ" in f.can_lead)
    assert capacity < needed


def test_plan_start_moves_the_whole_instance():
    start = dt.date(2031, 1, 6)
    instance = generate("S", 0, plan_start=start)
    assert instance.plan_start == start
    assert all(c.anchor_date > start for c in instance.clients)
    assert {d.year for d in instance.closed_dates} >= {2031, 2032}


def test_custom_scale_is_accepted():
    scale = dataclasses.replace(SCALES["XS"], name="tiny-co", cz_clients=0, co_clients=7, nurses=2,
                                cz_cos=0, co_cos=1, midwives=0)
    instance = generate(scale, 3)
    assert [p.id for p in instance.programmes] == ["CO"]
    assert len(instance.clients) == 7


def test_add_absence_adds_one_period_to_one_facilitator():
    instance = _instance("S")
    target = instance.facilitators[0]
    start = dt.date(2027, 3, 1)
    changed = add_absence(instance, target.id, start, 21)
    absent = changed.facilitator(target.id)
    assert absent.is_absent(start) and absent.is_absent(start + dt.timedelta(days=20))
    assert not absent.is_absent(start + dt.timedelta(days=21))
    assert len(absent.absences) == len(target.absences) + 1
    assert changed.facilitators[1:] == instance.facilitators[1:]
    assert not instance.facilitator(target.id).is_absent(start)
    assert read_instance(instance_to_json(changed)) == changed


def test_add_absence_of_unknown_facilitator_is_an_error():
    with pytest.raises(KeyError):
        add_absence(_instance("XS"), "F999", dt.date(2027, 3, 1), 21)


def test_with_plan_published_turns_every_group_into_a_published_one():
    instance = _instance("S")
    groups = tuple(
        PlanGroup(g.id, g.programme, g.location, g.language, g.weekday, g.daypart, g.lead, g.co,
                  tuple(m for m in g.members if instance.has_client(m)),
                  tuple(make_session(instance, g.daypart, s.number, s.date, s.room, s.lead, s.co)
                        for s in g.sessions))
        for g in instance.published
    )
    placed = {m for g in groups for m in g.members}
    unplaced = tuple(Unplaced(c.id, ("waiting",)) for c in instance.clients if c.id not in placed)
    plan = Plan(instance.name, "feasible", 0, {}, None, 0.0, groups, unplaced)
    published = with_plan_published(instance, plan)
    assert [g.id for g in published.published] == [g.id for g in groups]
    assert [g.members for g in published.published] == [g.members for g in groups]  # who left is gone
    assert published.clients == instance.clients
    computed = rules.check(published, plan)
    plan = dataclasses.replace(plan, instance=published.name, penalty=computed.penalty,
                               penalty_breakdown=computed.breakdown)
    report = rules.check(published, plan)
    assert report.valid, report.violations
    assert report.breakdown["published_change"] == 0

"""The coordinator's baseline planner (SPEC section 5, `--method greedy`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest

from kring.planning import rules, synthetic
from kring.planning.greedy import solve_greedy
from kring.planning.model import (
    Instance,
    Plan,
    load_instance,
    plan_to_json,
    read_instance,
    read_plan,
    reference_dates,
    session_window,
    weekday_of,
)

DATA = Path(__file__).parent / "data"


@cache
def _instance(name: str) -> Instance:
    return load_instance(DATA / f"{name}.json")


@cache
def _plan(name: str) -> Plan:
    return solve_greedy(_instance(name))


def _tiny_data() -> dict:
    return json.loads((DATA / "tiny.json").read_text())


# ---------------------------------------------------------------- an independent check of rules 1-16


def violations(inst: Instance, plan: Plan) -> list[str]:
    """Every broken hard rule, checked without the planner's own helpers."""
    found: list[str] = []
    start = inst.plan_start
    published = {g.id: g for g in inst.published}
    seen: Counter[str] = Counter()
    person_times: dict[tuple[str, dt.date], list[tuple[dt.datetime, dt.datetime, str]]] = defaultdict(list)
    person_weeks: Counter[tuple[str, tuple[int, int]]] = Counter()
    room_times: dict[tuple[str, dt.date], list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    spans: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    ids = [g.id for g in plan.groups]
    if len(ids) != len(set(ids)):
        found.append("group ids not unique")
    for g in plan.groups:
        prog = inst.programme(g.programme)
        pub = published.get(g.id)
        members = [inst.client(m) for m in g.members]
        seen.update(g.members)
        sessions = sorted(g.sessions, key=lambda s: s.number)
        history = {s.number for s in pub.sessions if s.date < start} if pub else set()
        # rule 1
        if [s.number for s in sessions] != list(range(1, prog.session_count + 1)):
            found.append(f"{g.id}: rule 1 numbering")
        for a, b in itertools.pairwise(sessions):
            if (b.date - a.date).days < prog.min_days_between_sessions:
                found.append(f"{g.id}: rule 1 gap {a.number}-{b.number}")
        # rule 3, 4
        size = prog.group_size
        if len(members) > size.max or (pub is None and len(members) < size.min):
            found.append(f"{g.id}: rule 3 size {len(members)}")
        joiners = [c for c in members if pub is None or c.id not in pub.members]
        anchors = [c.anchor_date for c in members]
        if joiners and (max(anchors) - min(anchors)).days > prog.anchor_spread_days:
            found.append(f"{g.id}: rule 4 spread")
        refs = reference_dates(anchors) if anchors else None
        by_number = {s.number: s for s in sessions}
        # rule 7
        join = by_number.get(prog.latest_join_session)
        for c in joiners:
            if (
                c.programme != g.programme
                or g.language not in c.languages
                or g.location not in c.locations
                or not c.accepts_daypart(g.daypart)
                or not c.accepts_weekday(g.weekday)
            ):
                found.append(f"{g.id}: rule 7 {c.id} slot")
            if join is None or (c.available_from and c.available_from > join.date):
                found.append(f"{g.id}: rule 7 {c.id} intake")
            if pub is not None and join is not None and join.number in history:
                found.append(f"{g.id}: rule 7 {c.id} joins after join session")
        if pub is None:
            lead, co = inst.facilitator(g.lead), inst.facilitator(g.co)
            if g.lead == g.co or g.programme not in lead.can_lead or g.programme not in co.can_co:
                found.append(f"{g.id}: rule 9 main pair")
            for f in (lead, co):
                if g.location not in f.locations or not f.available_weekly(g.weekday, g.daypart):
                    found.append(f"{g.id}: rule 9/10 main {f.id} weekly")
            if not (
                g.language in lead.languages or (g.language in co.languages and lead.languages & co.languages)
            ):
                found.append(f"{g.id}: rule 9/11 main language")
        else:
            for field in ("id", "programme", "location", "language", "weekday", "daypart", "lead", "co"):
                if getattr(g, field) != getattr(pub, field):
                    found.append(f"{g.id}: rule 16 {field} changed")
            kept = [m for m in pub.members if inst.has_client(m)]
            if any(m not in g.members for m in kept):
                found.append(f"{g.id}: rule 16 member dropped")
            for s in pub.sessions:
                if s.date < start:
                    now = by_number.get(s.number)
                    announced = (s.date, s.room, s.lead, s.co)
                    if now is None or (now.date, now.room, now.lead, now.co) != announced:
                        found.append(f"{g.id}: rule 16 history {s.number} changed")
        for s in sessions:
            dates = [x.date for x in sessions]
            for who in (s.lead, s.co):
                person_times[(who, s.date)].append((s.start, s.end, g.id))
                person_weeks[(who, s.date.isocalendar()[:2])] += 1
            if s.number in history:
                continue
            room = inst.room(s.room)
            part = inst.daypart(g.daypart)
            # rule 2
            if weekday_of(s.date) != g.weekday or room.location != g.location:
                found.append(f"{g.id}/{s.number}: rule 2")
            if (s.start.time(), s.end.time()) != (part.start, part.end) or s.start.date() != s.date:
                found.append(f"{g.id}/{s.number}: rule 2 times")
            if s.start.utcoffset() != inst.session_times(s.date, g.daypart)[0].utcoffset():
                found.append(f"{g.id}/{s.number}: utc offset")
            # rule 5
            if refs is not None:
                _, lo, hi = session_window(prog.spec(s.number), refs)
                if not lo <= s.date <= hi:
                    found.append(f"{g.id}/{s.number}: rule 5 window {lo}..{hi} got {s.date}")
            # rule 6
            if s.date < start or s.date in inst.closed_dates:
                found.append(f"{g.id}/{s.number}: rule 6")
            if pub is None and s.number == 1 and s.date > inst.horizon_end:
                found.append(f"{g.id}: rule 6 horizon")
            # rule 9, 10, 11
            lead, co = inst.facilitator(s.lead), inst.facilitator(s.co)
            if s.lead == s.co or g.programme not in lead.can_lead or g.programme not in co.can_co:
                found.append(f"{g.id}/{s.number}: rule 9")
            for f in (lead, co):
                if not f.can_work(g.location, s.date, g.daypart):
                    found.append(f"{g.id}/{s.number}: rule 10 {f.id}")
            if not (
                g.language in lead.languages or (g.language in co.languages and lead.languages & co.languages)
            ):
                found.append(f"{g.id}/{s.number}: rule 11")
            # rule 13, 14
            if not room.is_open(s.date, g.daypart):
                found.append(f"{g.id}/{s.number}: rule 13")
            if room.capacity_seats < prog.spec(s.number).seats_per_member * len(members) + 2:
                found.append(f"{g.id}/{s.number}: rule 14")
            room_times[(s.room, s.date)].append((s.start, s.end))
        if sessions:
            for who in (g.lead, g.co):
                spans[who].append((min(dates), max(dates)))
    # rule 8 and completeness
    unplaced = Counter(u.client for u in plan.unplaced)
    for c in inst.clients:
        if seen[c.id] + unplaced[c.id] != 1:
            found.append(f"{c.id}: rule 8 placed {seen[c.id]} times, unplaced {unplaced[c.id]}")
    if any(not u.reasons for u in plan.unplaced):
        found.append("unplaced without reason")
    # rule 12
    for (who, _day), items in person_times.items():
        items.sort()
        for (_s1, e1, g1), (s2, _e2, g2) in itertools.pairwise(items):
            if s2 < e1:
                found.append(f"{who}: rule 12 overlap {g1} {g2}")
    for (who, week), n in person_weeks.items():
        limit = inst.facilitator(who).max_sessions_per_week
        if limit is not None and n > limit:
            found.append(f"{who}: rule 12 {n} sessions in week {week}")
    for who, items in spans.items():
        limit = inst.facilitator(who).max_concurrent_groups
        if limit is None:
            continue
        for first, _ in items:
            if sum(1 for f, l_ in items if f <= first <= l_) > limit:
                found.append(f"{who}: rule 12 concurrent groups on {first}")
    # rule 15
    gap = dt.timedelta(minutes=inst.room_buffer_minutes)
    for (room, _day), items in room_times.items():
        items.sort()
        for (_s1, e1), (s2, _e2) in itertools.pairwise(items):
            if s2 < e1 + gap:
                found.append(f"{room}: rule 15 on {_day}")
    return found


def assert_valid(inst: Instance, plan: Plan) -> None:
    assert plan.status in ("feasible", "optimal")
    assert violations(inst, plan) == []
    assert plan.penalty == sum(plan.penalty_breakdown.values())
    report = rules.check(inst, plan)
    assert report.valid, [str(v) for v in report.violations]
    assert report.claims_ok(), report.claim_errors()


# ---------------------------------------------------------------- tests


def test_greedy_places_all_twelve_tiny_clients_in_one_group():
    plan = _plan("tiny")
    assert_valid(_instance("tiny"), plan)
    assert len(plan.groups) == 1
    assert sorted(plan.groups[0].members) == sorted(c.id for c in _instance("tiny").clients)
    assert plan.unplaced == ()
    assert plan.status == "feasible" and plan.lower_bound is None
    assert plan.penalty_breakdown["unplaced"] == 0


@pytest.mark.parametrize("name", ["practice-s", "city-m"])
def test_greedy_plan_is_valid_on_example_instances(name):
    inst = _instance(name)
    plan = _plan(name)
    assert_valid(inst, plan)
    placed = sum(len(g.members) for g in plan.groups)
    assert placed >= len(inst.clients) // 2  # a baseline, but a useful one
    assert dict(plan.penalty_breakdown) == rules.check(inst, plan).breakdown


@pytest.mark.parametrize("name", ["tiny", "practice-s"])
def test_greedy_is_deterministic(name):
    first = plan_to_json(solve_greedy(_instance(name)))
    second = plan_to_json(solve_greedy(_instance(name)))
    first.pop("solve_seconds")
    second.pop("solve_seconds")
    assert first == second


def test_greedy_plan_round_trips_through_the_exchange_format():
    plan = _plan("practice-s")
    again = read_plan(json.loads(json.dumps(plan_to_json(plan))))
    assert again.groups == plan.groups
    assert [u.client for u in again.unplaced] == [u.client for u in plan.unplaced]


def test_published_groups_keep_history_identity_and_members():
    inst = _instance("city-m")
    plan = _plan("city-m")
    groups = {g.id: g for g in plan.groups}
    for pub in inst.published:
        assert pub.id in groups
        group = groups[pub.id]
        assert (group.lead, group.co, group.weekday) == (pub.lead, pub.co, pub.weekday)
        assert group.daypart == pub.daypart
        assert set(m for m in pub.members if inst.has_client(m)) <= set(group.members)
        now = {s.number: s for s in group.sessions}
        for s in pub.sessions:
            if s.date < inst.plan_start:
                assert (now[s.number].date, now[s.number].room) == (s.date, s.room)


def test_valid_published_future_sessions_are_kept_unchanged():
    plan = _plan("city-m")
    assert plan.penalty_breakdown["published_change"] == 0


def test_new_groups_do_not_reuse_published_ids():
    inst = _instance("city-m")
    new = [g.id for g in _plan("city-m").groups if g.id not in {p.id for p in inst.published}]
    assert new and not set(new) & {p.id for p in inst.published}


def _with_published(data: dict, inst: Instance, plan: Plan, members: list[str]) -> dict:
    """`data` with the first group of `plan` published, its first three sessions in the past."""
    group = plan.groups[0]
    data = json.loads(json.dumps(data))
    data["published"] = [
        {
            "id": "P1",
            "programme": group.programme,
            "location": group.location,
            "language": group.language,
            "weekday": group.weekday,
            "daypart": group.daypart,
            "lead": group.lead,
            "co": group.co,
            "members": members,
            "sessions": [
                {"number": s.number, "date": s.date.isoformat(), "room": s.room, "lead": s.lead, "co": s.co}
                for s in group.sessions
            ],
        }
    ]
    data["plan_start"] = (group.sessions[2].date + dt.timedelta(days=1)).isoformat()
    return data


def test_published_group_without_members_is_cancelled():
    data = _tiny_data()
    inst = read_instance(data)
    plan = solve_greedy(inst)
    data = _with_published(data, inst, plan, list(plan.groups[0].members))
    data["clients"] = []  # everyone left
    data["clients"] = [_tiny_data()["clients"][0] | {"id": "X1", "anchor_date": "2028-09-01"}]
    inst2 = read_instance(data)
    plan2 = solve_greedy(inst2)
    assert_valid(inst2, plan2)
    assert "P1" not in {g.id for g in plan2.groups}
    future = sum(1 for s in inst2.published[0].sessions if s.date >= inst2.plan_start)
    assert plan2.penalty_breakdown["published_change"] == 4 * 50 * future


def test_published_session_with_absent_lead_gets_substitute_or_moves_minimally():
    data = _tiny_data()
    inst = read_instance(data)
    plan = solve_greedy(inst)
    data = _with_published(data, inst, plan, list(plan.groups[0].members))
    group = plan.groups[0]
    target = group.sessions[5]
    lead = next(f for f in data["facilitators"] if f["id"] == group.lead)
    day = target.date.isoformat()
    lead["absences"] = [*lead.get("absences", []), {"from": day, "to": day}]
    inst2 = read_instance(data)
    plan2 = solve_greedy(inst2)
    assert_valid(inst2, plan2)
    kept = next(g for g in plan2.groups if g.id == "P1")
    changed = [
        (a.number, a.date != b.date, a.lead != b.lead)
        for a, b in zip(kept.sessions, inst2.published[0].sessions, strict=True)
        if (a.date, a.room, a.lead, a.co) != (b.date, b.room, b.lead, b.co)
    ]
    assert [number for number, *_ in changed] == [target.number]  # only the forced change


def test_client_joins_published_group_with_room_for_her():
    data = _tiny_data()
    inst = read_instance(data)
    plan = solve_greedy(inst)
    members = list(plan.groups[0].members)
    newcomer = members.pop()  # she was not in the group when it was announced
    data = _with_published(data, inst, plan, members)
    data["plan_start"] = inst.plan_start.isoformat()  # nothing has happened yet
    inst2 = read_instance(data)
    plan2 = solve_greedy(inst2)
    assert_valid(inst2, plan2)
    assert [g.id for g in plan2.groups] == ["P1"]
    assert newcomer in plan2.groups[0].members


def test_unplaced_clients_carry_reasons_and_group_too_small_is_not_created():
    data = _tiny_data()
    data["clients"] = data["clients"][:5]  # minimum is 8
    inst = read_instance(data)
    plan = solve_greedy(inst)
    assert_valid(inst, plan)
    assert plan.groups == ()
    assert len(plan.unplaced) == 5 and all(u.reasons for u in plan.unplaced)
    assert plan.penalty_breakdown["unplaced"] == 5000


def test_group_is_not_created_when_room_is_too_small():
    data = _tiny_data()
    data["rooms"][0]["capacity"] = 17  # 8 members with partners need 18 seats
    inst = read_instance(data)
    plan = solve_greedy(inst)
    assert_valid(inst, plan)
    assert plan.groups == ()


def test_group_size_is_capped_by_room_for_partner_sessions():
    data = _tiny_data()
    data["rooms"][0]["capacity"] = 22  # partner sessions seat at most 10 members
    inst = read_instance(data)
    plan = solve_greedy(inst)
    assert_valid(inst, plan)
    assert [len(g.members) for g in plan.groups] == [10]


def test_concurrency_limit_stops_a_second_group_for_the_same_people():
    data = _tiny_data()
    # Twelve more clients due at the same time: a second group needs another lead or co.
    extra = [c | {"id": c["id"] + "b"} for c in data["clients"]]
    data["clients"] += extra
    for f in data["facilitators"]:
        f["max_concurrent_groups"] = 1
    inst = read_instance(data)
    plan = solve_greedy(inst)
    assert_valid(inst, plan)
    people = [p for g in plan.groups for p in (g.lead, g.co)]
    assert len(people) == len(set(people))


def test_unknown_published_member_has_left_and_is_not_in_plan():
    data = _tiny_data()
    inst = read_instance(data)
    plan = solve_greedy(inst)
    data = _with_published(data, inst, plan, [*plan.groups[0].members, "GONE"])
    inst2 = read_instance(data)
    plan2 = solve_greedy(inst2)
    assert_valid(inst2, plan2)
    assert all("GONE" not in g.members for g in plan2.groups)


def test_checker_catches_a_broken_plan():
    """The test's own rule check must be able to fail."""
    inst = _instance("tiny")
    plan = _plan("tiny")
    group = plan.groups[0]
    moved = dataclasses.replace(group.sessions[1], date=group.sessions[0].date + dt.timedelta(days=1))
    broken = dataclasses.replace(group, sessions=(group.sessions[0], moved, *group.sessions[2:]))
    assert violations(inst, dataclasses.replace(plan, groups=(broken,)))


def test_published_group_that_cannot_stay_valid_makes_the_plan_infeasible_with_a_reason():
    data = _tiny_data()
    inst = read_instance(data)
    plan = solve_greedy(inst)
    data = _with_published(data, inst, plan, list(plan.groups[0].members))
    group = plan.groups[0]
    target = group.sessions[5]
    lead = next(f for f in data["facilitators"] if f["id"] == group.lead)
    first, last = target.date - dt.timedelta(days=21), target.date + dt.timedelta(days=21)
    lead["absences"] = [{"from": first.isoformat(), "to": last.isoformat()}]
    for f in data["facilitators"]:
        if f["id"] != group.lead:
            f["can_lead"] = []  # nobody can stand in
    inst2 = read_instance(data)
    plan2 = solve_greedy(inst2)
    assert plan2.status == "infeasible"
    [problem] = plan2.problems
    prefix = "published group P1 cannot be kept valid: no date, room, lead and co fit session "
    assert problem.startswith(prefix) and problem.endswith(" (lead_unavailable)")
    number = int(problem.removeprefix(prefix).split()[0])
    assert first <= group.sessions[number - 1].date <= last


# ---------------------------------------------------------------- generated instances


@pytest.mark.parametrize("seed", range(8))
def test_greedy_plan_is_valid_on_generated_small_instances(seed):
    inst = synthetic.generate("XS", seed)
    plan = solve_greedy(inst)
    assert_valid(inst, plan)


def _fields(session) -> tuple:
    return (session.date, session.room, session.lead, session.co)


def _forced(inst: Instance, who: str, first: dt.date, last: dt.date, session) -> bool:
    return who in (session.lead, session.co) and first <= session.date <= last


@pytest.mark.parametrize(("scale", "seed"), [("XS", 0), ("XS", 5), ("XS", 9), ("S", 0), ("S", 1)])
def test_replanning_after_an_absence_changes_only_forced_sessions(scale, seed):
    inst = synthetic.generate(scale, seed)
    plan = solve_greedy(inst)
    published = synthetic.with_plan_published(inst, plan)
    # The lead of the first new group is away for three weeks, two months in.
    new = next(g for g in plan.groups if g.id not in {p.id for p in inst.published})
    first = published.plan_start + dt.timedelta(days=60)
    last = first + dt.timedelta(days=20)
    replanned_instance = synthetic.add_absence(published, new.lead, first, 21)
    replanned = solve_greedy(replanned_instance)
    assert_valid(replanned_instance, replanned)
    before = {(g.id, s.number): s for g in published.published for s in g.sessions}
    after = {(g.id, s.number): s for g in replanned.groups for s in g.sessions}
    changed = [b for key, b in before.items() if _fields(b) != _fields(after[key])]
    assert all(_forced(inst, new.lead, first, last, s) for s in changed)
    forced = [s for s in before.values() if _forced(inst, new.lead, first, last, s)]
    assert len(changed) == len(forced)


def test_published_session_one_in_a_closed_room_changes_one_field_only():
    data = _tiny_data()
    inst = read_instance(data)
    plan = solve_greedy(inst)
    data = _with_published(data, inst, plan, list(plan.groups[0].members))
    data["plan_start"] = inst.plan_start.isoformat()  # every session is still to come
    first = plan.groups[0].sessions[0]
    data["rooms"][0]["closures"] = [{"from": first.date.isoformat(), "to": first.date.isoformat()}]
    data["rooms"].append({k: v for k, v in data["rooms"][0].items() if k != "closures"} | {"id": "R2"})
    # Every other date in session 1's window is closed: only its room can change.
    others = [first.date + dt.timedelta(weeks=w) for w in (-2, -1, 1, 2)]
    data["closed_dates"] = sorted({*data["closed_dates"], *(d.isoformat() for d in others)})
    inst2 = read_instance(data)
    plan2 = solve_greedy(inst2)
    assert_valid(inst2, plan2)
    now = {s.number: s for s in next(g for g in plan2.groups if g.id == "P1").sessions}
    changes = [
        (s.number, field)
        for s in inst2.published[0].sessions
        for field in ("date", "room", "lead", "co")
        if getattr(s, field) != getattr(now[s.number], field)
    ]
    assert changes == [(1, "room")]
    assert plan2.penalty_breakdown["published_change"] == 50


def test_greedy_without_explanations_has_the_same_groups_and_a_reason_for_everyone():
    inst = _instance("practice-s")
    quick = solve_greedy(inst, explain=False)
    assert quick.groups == _plan("practice-s").groups
    assert [u.client for u in quick.unplaced] == [u.client for u in _plan("practice-s").unplaced]
    assert all(len(u.reasons) == 1 for u in quick.unplaced)
    assert quick.penalty == _plan("practice-s").penalty

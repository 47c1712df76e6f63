"""A small hand-made instance and a valid plan for it, for tests that break one thing at a time.

The base instance: programme CZ with three sessions (min 2, target 3, max 4 members), one
location L1 with rooms R1 and R2 (L2 has R3), four facilitators who may work anywhere at any
time (F2 may only co-facilitate), and clients C1..C3 due on Tuesday 2027-06-01. The base plan
puts C1..C3 in group G1 on Tuesday mornings at the ideal dates, R1, lead F1, co F2: every rule
holds and every penalty term is 0.

Session 1 (2027-03-23) is before the switch to summer time (2027-03-28), sessions 2 and 3
after it, so offsets are +01:00 and +02:00.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence

from kring.planning import rules
from kring.planning.model import (
    DEFAULT_WEIGHTS,
    WEEKDAYS,
    Client,
    Daypart,
    Facilitator,
    GroupSize,
    Instance,
    Location,
    Plan,
    PlanGroup,
    Programme,
    PublishedGroup,
    PublishedSession,
    Room,
    SessionSpec,
    Unplaced,
    make_session,
)

D = dt.date.fromisoformat
PLAN_START = D("2027-01-04")
DUE = D("2027-06-01")
DATES = (D("2027-03-23"), D("2027-04-20"), D("2027-05-18"))  # ideal dates for anchors on DUE
CLOSED = D("2027-04-27")
HISTORY_UNTIL = D(
    "2027-04-01"
)  # plan_start that makes session 1 of a published G1 history  # a Tuesday the base instance closes
ALWAYS = {day: frozenset({"morning", "afternoon", "evening"}) for day in WEEKDAYS}


def programme(**changes: object) -> Programme:
    base = Programme(
        id="CZ",
        anchor="due_date",
        group_size=GroupSize(2, 3, 4),
        anchor_spread_days=28,
        latest_join_session=2,
        min_days_between_sessions=7,
        sessions=(
            SessionSpec(1, "first", -70, (-7, 7), 1),
            SessionSpec(2, "mid", -42, (-7, 7), 1),
            SessionSpec(3, "last", -14, (-7, 7), 2),
        ),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def facilitator(fid: str, **changes: object) -> Facilitator:
    base = Facilitator(
        id=fid,
        can_lead=frozenset({"CZ"}),
        can_co=frozenset({"CZ"}),
        languages=frozenset({"nl"}),
        locations=frozenset({"L1", "L2"}),
        availability=ALWAYS,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def client(cid: str, anchor: dt.date = DUE, **changes: object) -> Client:
    base = Client(id=cid, programme="CZ", anchor_date=anchor, languages=frozenset({"nl"}), locations=("L1",))
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def room(rid: str, location: str = "L1", **changes: object) -> Room:
    return dataclasses.replace(Room(rid, location, capacity_seats=10), **changes)  # type: ignore[arg-type]


def instance(**changes: object) -> Instance:
    base = Instance(
        name="test",
        timezone="Europe/Amsterdam",
        plan_start=PLAN_START,
        horizon_end=D("2027-12-31"),
        dayparts=(
            Daypart("morning", dt.time(9, 30), dt.time(11, 30)),
            Daypart("afternoon", dt.time(13, 30), dt.time(15, 30)),
            Daypart("evening", dt.time(19, 0), dt.time(21, 0)),
        ),
        programmes=(programme(),),
        locations=(Location("L1"), Location("L2")),
        rooms=(room("R1"), room("R2"), room("R3", "L2")),
        facilitators=(
            facilitator("F1", languages=frozenset({"nl", "en"})),
            facilitator("F2", can_lead=frozenset()),
            facilitator("F3"),
            facilitator("F4"),
        ),
        clients=(client("C1"), client("C2"), client("C3")),
        closed_dates=frozenset({CLOSED}),
        room_buffer_minutes=15,
        weights=dict(DEFAULT_WEIGHTS),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def replace_in(items: Sequence, item_id: str, **changes: object) -> tuple:
    """`items` with the one whose id is `item_id` changed."""
    assert any(x.id == item_id for x in items), item_id
    return tuple(dataclasses.replace(x, **changes) if x.id == item_id else x for x in items)


def with_facilitator(inst: Instance, fid: str, **changes: object) -> Instance:
    return dataclasses.replace(inst, facilitators=replace_in(inst.facilitators, fid, **changes))


def with_client(inst: Instance, cid: str, **changes: object) -> Instance:
    return dataclasses.replace(inst, clients=replace_in(inst.clients, cid, **changes))


def with_room(inst: Instance, rid: str, **changes: object) -> Instance:
    return dataclasses.replace(inst, rooms=replace_in(inst.rooms, rid, **changes))


def adding_clients(inst: Instance, *clients: Client) -> Instance:
    return dataclasses.replace(inst, clients=inst.clients + clients)


def group(
    inst: Instance,
    gid: str = "G1",
    *,
    members: Iterable[str] = ("C1", "C2", "C3"),
    dates: Sequence[dt.date] = DATES,
    daypart: str = "morning",
    location: str = "L1",
    language: str = "nl",
    lead: str = "F1",
    co: str = "F2",
    room: str = "R1",
    programme: str = "CZ",
) -> PlanGroup:
    sessions = tuple(
        make_session(inst, daypart, number, day, room, lead, co) for number, day in enumerate(dates, start=1)
    )
    return PlanGroup(
        id=gid,
        programme=programme,
        location=location,
        language=language,
        weekday=WEEKDAYS[dates[0].weekday()],
        daypart=daypart,
        lead=lead,
        co=co,
        members=tuple(members),
        sessions=sessions,
    )


def with_session(inst: Instance, g: PlanGroup, which: int, **changes: object) -> PlanGroup:
    """`g` with session number `which` changed; start and end follow a new date unless given."""
    sessions = []
    for s in g.sessions:
        if s.number == which:
            s = dataclasses.replace(s, **changes)  # type: ignore[arg-type]
            if "date" in changes and "start" not in changes:
                fresh = make_session(inst, g.daypart, s.number, s.date, s.room, s.lead, s.co)
                s = dataclasses.replace(s, start=fresh.start, end=fresh.end)
        sessions.append(s)
    return dataclasses.replace(g, sessions=tuple(sessions))


def plan(
    inst: Instance,
    groups: Sequence[PlanGroup] | None = None,
    unplaced: Sequence[Unplaced] | None = None,
    *,
    status: str = "feasible",
) -> Plan:
    """A plan of `groups` (default: the base G1) whose claims are right.

    Clients in no group are listed as unplaced (with a reason) unless `unplaced` is given.
    """
    groups = (group(inst),) if groups is None else tuple(groups)
    if unplaced is None:
        grouped = {cid for g in groups for cid in g.members}
        unplaced = [Unplaced(c.id, ("no group fits",)) for c in inst.clients if c.id not in grouped]
    breakdown = rules.penalty_breakdown(inst, groups)
    penalty = sum(breakdown.values())
    return Plan(
        instance=inst.name,
        status=status,
        penalty=penalty,
        penalty_breakdown=breakdown,
        lower_bound=None,
        solve_seconds=0.0,
        groups=groups,
        unplaced=tuple(unplaced),
    )


def published_from(g: PlanGroup) -> PublishedGroup:
    """The published form of a plan group (what was announced)."""
    return PublishedGroup(
        id=g.id,
        programme=g.programme,
        location=g.location,
        language=g.language,
        weekday=g.weekday,
        daypart=g.daypart,
        lead=g.lead,
        co=g.co,
        members=g.members,
        sessions=tuple(PublishedSession(s.number, s.date, s.room, s.lead, s.co) for s in g.sessions),
    )


def published_instance(plan_start: dt.date = HISTORY_UNTIL, **changes: object) -> tuple[Instance, PlanGroup]:
    """The base instance with G1 published; by default its session 1 (2027-03-23) is history."""
    base = instance(**changes)
    g = group(base, "P1")
    return dataclasses.replace(base, plan_start=plan_start, published=(published_from(g),)), g


def broken(inst: Instance, p: Plan) -> set[tuple[int, str]]:
    """(rule, code) of every violation `rules.check` finds."""
    return {(v.rule, v.code) for v in rules.check(inst, p).violations}


def units(inst: Instance, p: Plan) -> dict[str, int]:
    """Each penalty term's unweighted count (Timefold's `penalizes_by`)."""
    return rules.penalty_units(inst, p.groups)


def second_group(
    inst: Instance, *, anchor: dt.date = DUE, **group_changes: object
) -> tuple[Instance, PlanGroup]:
    """The instance with clients C4..C6 due on `anchor`, and group G2 of them at their ideal dates.

    G2 is Tuesday afternoon in R2 with lead F3 and co F4 unless `group_changes` say otherwise,
    so it clashes with the base G1 in nothing.
    """
    shift = dt.timedelta(days=(anchor - DUE).days)
    inst = adding_clients(inst, *(client(f"C{n}", anchor) for n in (4, 5, 6)))
    kwargs: dict = {
        "members": ("C4", "C5", "C6"),
        "dates": tuple(d + shift for d in DATES),
        "daypart": "afternoon",
        "lead": "F3",
        "co": "F4",
        "room": "R2",
    }
    kwargs.update(group_changes)
    return inst, group(inst, "G2", **kwargs)


def first_based(inst: Instance | None = None, **changes: object) -> Instance:
    """An instance whose sessions all count from the earliest anchor, so later joiners move no window."""
    specs = (
        SessionSpec(1, "first", -70, (-7, 7), 1),
        SessionSpec(2, "first", -42, (-7, 7), 1),
        SessionSpec(3, "first", -14, (-7, 7), 2),
    )
    base = inst if inst is not None else instance()
    return dataclasses.replace(base, programmes=(programme(sessions=specs),), **changes)  # type: ignore[arg-type]

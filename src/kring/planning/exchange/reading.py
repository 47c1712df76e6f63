"""Reading instances and plans: `read_instance`, `read_plan` and the file loaders raise `FormatError`
listing every problem with its path."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kring.planning.exchange.types import (
    ANCHORS,
    DEFAULT_WEIGHTS,
    INSTANCE_FORMAT,
    PENALTY_TERMS,
    PLAN_FORMAT,
    PLAN_STATUSES,
    REFERENCES,
    WEEKDAYS,
    Availability,
    Client,
    Daypart,
    DaypartId,
    Facilitator,
    GroupSize,
    Instance,
    Location,
    Period,
    Plan,
    PlanGroup,
    PlanSession,
    Programme,
    PublishedGroup,
    PublishedSession,
    Room,
    SessionSpec,
    Unplaced,
    Weekday,
)
from kring.planning.reader import FormatError, Reader

# ---------------------------------------------------------------- reading instances


def _availability(r: Reader, key: str, *, dayparts: set[str], optional: bool) -> Availability | None:
    result: dict[Weekday, frozenset[DaypartId]] = {}
    with r.child(key, optional=optional) as a:
        if a is None:
            return None
        for day in a.data:
            if day == "meta":
                continue
            if day not in WEEKDAYS:
                a.error(f"unknown weekday '{day}'; expected one of {', '.join(WEEKDAYS)}")
                continue
            ids = a.id_list(day) or ()
            for part in ids:
                if part not in dayparts:
                    a.error(f"{day}: unknown daypart '{part}'")
            result[day] = frozenset(ids)
    return result


def _periods(r: Reader, key: str) -> tuple[Period, ...]:
    items = r.array(key, optional=True) or []
    periods = []
    for index, item in enumerate(items):
        with r.item(key, index, item) as p:
            if p is None:
                continue
            p.allow("from", "to")
            first, last = p.date("from"), p.date("to")
            if first and last:
                if first > last:
                    p.error(f"'from' {first} is after 'to' {last}")
                periods.append(Period(first, last))
    return tuple(periods)


def _read_daypart(r: Reader) -> Daypart | None:
    r.allow("id", "start", "end")
    pid, start, end = r.id("id"), r.time("start"), r.time("end")
    if pid is None or start is None or end is None:
        return None
    if start >= end:
        r.error(f"start {start:%H:%M} must be before end {end:%H:%M} on the same day")
    for label, moment in (("start", start), ("end", end)):
        if dt.time(2, 0) < moment < dt.time(3, 0):
            r.error(
                f"{label} {moment:%H:%M} lies between 02:00 and 03:00, which daylight saving skips or repeats"
            )
    return Daypart(pid, start, end)


def _read_programme(r: Reader) -> Programme | None:
    r.allow(
        "id",
        "anchor",
        "group_size",
        "anchor_spread_days",
        "latest_join_session",
        "min_days_between_sessions",
        "sessions",
    )
    pid = r.id("id")
    anchor = r.choice("anchor", ANCHORS)
    size = None
    with r.child("group_size") as g:
        if g is not None:
            g.allow("min", "target", "max")
            lo, target, hi = (
                g.integer("min", minimum=1),
                g.integer("target", minimum=1),
                g.integer("max", minimum=1),
            )
            if lo is not None and target is not None and hi is not None:
                if not lo <= target <= hi:
                    g.error(f"expected min <= target <= max, got {lo}, {target}, {hi}")
                size = GroupSize(lo, target, hi)
    spread = r.integer("anchor_spread_days", minimum=0)
    join = r.integer("latest_join_session", minimum=1)
    gap = r.integer("min_days_between_sessions", minimum=0)
    specs: list[SessionSpec] = []
    for index, item in enumerate(r.array("sessions") or []):
        with r.item("sessions", index, item) as s:
            if s is None:
                continue
            s.allow("number", "reference", "offset_days", "window_days", "seats_per_member")
            number = s.integer("number", minimum=1)
            reference = s.choice("reference", REFERENCES)
            offset = s.integer("offset_days")
            window = s.int_pair("window_days")
            seats = s.integer("seats_per_member", minimum=1)
            if None not in (number, reference, offset, window, seats):
                assert window is not None
                if window[0] > window[1]:
                    s.error(f"window_days [{window[0]}, {window[1]}]: the first must not exceed the second")
                specs.append(SessionSpec(number, reference, offset, window, seats))  # type: ignore[arg-type]
    specs.sort(key=lambda s: s.number)
    if specs and [s.number for s in specs] != list(range(1, len(specs) + 1)):
        r.error(f"sessions must be numbered 1..{len(specs)} once each, got {[s.number for s in specs]}")
    if join is not None and specs and join > len(specs):
        r.error(f"latest_join_session {join} is beyond the last session {len(specs)}")
    if None in (pid, anchor, size, spread, join, gap) or not specs:
        return None
    return Programme(pid, anchor, size, spread, join, gap, tuple(specs))  # type: ignore[arg-type]


def _read_room(r: Reader, dayparts: set[str]) -> Room | None:
    r.allow("id", "location", "capacity", "cost_per_session", "availability", "closures", "name")
    rid, loc = r.id("id"), r.id("location")
    capacity = r.integer("capacity", minimum=0)
    cost = r.integer("cost_per_session", minimum=0, optional=True)
    availability = _availability(r, "availability", dayparts=dayparts, optional=True)
    closures = _periods(r, "closures")
    if rid is None or loc is None or capacity is None:
        return None
    return Room(rid, loc, capacity, cost or 0, availability, closures)


def _read_facilitator(r: Reader, dayparts: set[str]) -> Facilitator | None:
    r.allow(
        "id",
        "name",
        "can_lead",
        "can_co",
        "languages",
        "locations",
        "availability",
        "absences",
        "max_sessions_per_week",
        "max_concurrent_groups",
    )
    fid = r.id("id")
    name = r.text("name", optional=True) or ""
    can_lead = r.id_list("can_lead", allow_empty=True)
    can_co = r.id_list("can_co", allow_empty=True)
    languages = r.id_list("languages")
    locations = r.id_list("locations")
    availability = _availability(r, "availability", dayparts=dayparts, optional=False)
    absences = _periods(r, "absences")
    per_week = r.integer("max_sessions_per_week", minimum=0, optional=True)
    concurrent = r.integer("max_concurrent_groups", minimum=0, optional=True)
    if (
        fid is None
        or can_lead is None
        or can_co is None
        or languages is None
        or locations is None
        or availability is None
    ):
        return None
    return Facilitator(
        id=fid,
        name=name,
        can_lead=frozenset(can_lead),
        can_co=frozenset(can_co),
        languages=frozenset(languages),
        locations=frozenset(locations),
        availability=availability,
        absences=absences,
        max_sessions_per_week=per_week,
        max_concurrent_groups=concurrent,
    )


def _read_client(r: Reader) -> Client | None:
    r.allow(
        "id",
        "programme",
        "anchor_date",
        "languages",
        "locations",
        "dayparts",
        "weekdays",
        "available_from",
        "name",
    )
    cid, programme = r.id("id"), r.id("programme")
    anchor = r.date("anchor_date")
    languages = r.id_list("languages")
    locations = r.id_list("locations")
    dayparts = r.id_list("dayparts", optional=True)
    weekdays = r.id_list("weekdays", optional=True)
    for day in weekdays or ():
        if day not in WEEKDAYS:
            r.error(f"weekdays: unknown weekday '{day}'")
    available_from = r.date("available_from", optional=True)
    if cid is None or programme is None or anchor is None or languages is None or locations is None:
        return None
    return Client(
        id=cid,
        programme=programme,
        anchor_date=anchor,
        languages=frozenset(languages),
        locations=tuple(locations),
        dayparts=tuple(dayparts) if dayparts else None,
        weekdays=frozenset(weekdays) if weekdays else None,
        available_from=available_from,
    )


def _read_published_session(r: Reader) -> PublishedSession | None:
    r.allow("number", "date", "room", "lead", "co")
    number, day = r.integer("number", minimum=1), r.date("date")
    room, lead, co = r.id("room"), r.id("lead"), r.id("co")
    if None in (number, day, room, lead, co):
        return None
    return PublishedSession(number, day, room, lead, co)  # type: ignore[arg-type]


def _read_group_header(r: Reader) -> dict[str, Any] | None:
    """The fields a published group and a plan group share (sessions aside)."""
    values: dict[str, Any] = {
        "id": r.id("id"),
        "programme": r.id("programme"),
        "location": r.id("location"),
        "language": r.text("language"),
        "weekday": r.choice("weekday", WEEKDAYS),
        "daypart": r.id("daypart"),
        "lead": r.id("lead"),
        "co": r.id("co"),
    }
    members = r.id_list("members", allow_empty=True)
    if None in values.values() or members is None:
        return None
    values["members"] = tuple(members)
    return values


def _read_published_group(r: Reader) -> PublishedGroup | None:
    r.allow(
        "id", "programme", "location", "language", "weekday", "daypart", "lead", "co", "members", "sessions"
    )
    header = _read_group_header(r)
    if header is not None and not header["members"]:
        r.error("members: expected a non-empty list")
    sessions = r.objects("sessions", _read_published_session)
    if header is None or sessions is None:
        return None
    return PublishedGroup(**header, sessions=tuple(sessions))


def _read_weights(r: Reader) -> dict[str, int]:
    weights = dict(DEFAULT_WEIGHTS)
    with r.child("weights", optional=True) as w:
        if w is not None:
            w.allow(*PENALTY_TERMS)
            for term in PENALTY_TERMS:
                value = w.integer(term, minimum=0, optional=True)
                if value is not None:
                    weights[term] = value
    return weights


def _check_references(r: Reader, inst: Instance) -> None:
    """Cross-references: every id used must exist, and published groups must be coherent."""
    programmes = {p.id for p in inst.programmes}
    locations = {loc.id for loc in inst.locations}
    rooms = {room.id: room for room in inst.rooms}
    facilitators = {f.id for f in inst.facilitators}
    dayparts = {d.id for d in inst.dayparts}
    for room in inst.rooms:
        if room.location not in locations:
            r.error(f"rooms[{room.id}].location: unknown location '{room.location}'")
    for f in inst.facilitators:
        for pid in sorted((f.can_lead | f.can_co) - programmes):
            r.error(f"facilitators[{f.id}]: unknown programme '{pid}' in can_lead/can_co")
        for lid in sorted(f.locations - locations):
            r.error(f"facilitators[{f.id}].locations: unknown location '{lid}'")
    for c in inst.clients:
        if c.programme not in programmes:
            r.error(f"clients[{c.id}].programme: unknown programme '{c.programme}'")
        for lid in c.locations:
            if lid not in locations:
                r.error(f"clients[{c.id}].locations: unknown location '{lid}'")
        for part in c.dayparts or ():
            if part not in dayparts:
                r.error(f"clients[{c.id}].dayparts: unknown daypart '{part}'")
    for g in inst.published:
        where = f"published[{g.id}]"
        if g.programme not in programmes:
            r.error(f"{where}.programme: unknown programme '{g.programme}'")
            continue
        if g.location not in locations:
            r.error(f"{where}.location: unknown location '{g.location}'")
        if g.daypart not in dayparts:
            r.error(f"{where}.daypart: unknown daypart '{g.daypart}'")
        for role in ("lead", "co"):
            if getattr(g, role) not in facilitators:
                r.error(f"{where}.{role}: unknown facilitator '{getattr(g, role)}'")
        for s in g.sessions:
            if s.room not in rooms:
                r.error(f"{where}.sessions[{s.number}].room: unknown room '{s.room}'")
            for role in ("lead", "co"):
                if getattr(s, role) not in facilitators:
                    r.error(f"{where}.sessions[{s.number}].{role}: unknown facilitator '{getattr(s, role)}'")
        count = inst.programme(g.programme).session_count
        if sorted(s.number for s in g.sessions) != list(range(1, count + 1)):
            r.error(f"{where}.sessions: expected sessions numbered 1..{count} once each")


def read_instance(data: Any) -> Instance:
    """Validate a parsed kring-instance/1 document and build an `Instance`.

    Raises `FormatError` with every problem found, each naming the field and the id.
    """
    r = Reader(data, "")
    if not isinstance(data, dict):
        raise FormatError(["instance: expected a JSON object"])
    r.allow(
        "format",
        "name",
        "timezone",
        "plan_start",
        "horizon_end",
        "closed_dates",
        "dayparts",
        "room_buffer_minutes",
        "programmes",
        "locations",
        "rooms",
        "facilitators",
        "clients",
        "published",
        "weights",
    )
    fmt = r.text("format")
    if fmt is not None and fmt != INSTANCE_FORMAT:
        r.error(f"format: expected '{INSTANCE_FORMAT}', got '{fmt}'")
    name = r.text("name")
    timezone = r.text("timezone")
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            r.error(f"timezone: unknown time zone '{timezone}'")
            timezone = None
    plan_start, horizon_end = r.date("plan_start"), r.date("horizon_end")
    closed = [d for d in (r.date_list("closed_dates", optional=True) or []) if d is not None]
    buffer_minutes = r.integer("room_buffer_minutes", minimum=0, optional=True) or 0
    dayparts = r.objects("dayparts", _read_daypart) or []
    daypart_ids = {d.id for d in dayparts}
    programmes = r.objects("programmes", _read_programme) or []
    locations = r.objects("locations", lambda x: _read_location(x)) or []
    rooms = r.objects("rooms", lambda x: _read_room(x, daypart_ids)) or []
    facilitators = r.objects("facilitators", lambda x: _read_facilitator(x, daypart_ids)) or []
    clients = r.objects("clients", _read_client) or []
    published = r.objects("published", _read_published_group, optional=True) or []
    weights = _read_weights(r)
    r.raise_if_errors()
    assert name and timezone and plan_start and horizon_end
    instance = Instance(
        name=name,
        timezone=timezone,
        plan_start=plan_start,
        horizon_end=horizon_end,
        dayparts=tuple(dayparts),
        programmes=tuple(programmes),
        locations=tuple(locations),
        rooms=tuple(rooms),
        facilitators=tuple(facilitators),
        clients=tuple(clients),
        closed_dates=frozenset(closed),
        room_buffer_minutes=buffer_minutes,
        published=tuple(published),
        weights=weights,
    )
    _check_references(r, instance)
    r.raise_if_errors()
    return instance


def _read_location(r: Reader) -> Location | None:
    r.allow("id", "name", "online")
    lid = r.id("id")
    name = r.text("name", optional=True) or ""
    online = r.flag("online", optional=True) or False
    return None if lid is None else Location(lid, name, online)


def load_instance(path: str | Path) -> Instance:
    """Read an instance file; malformed JSON becomes a `FormatError` too."""
    return read_instance(_load_json(path))


def _load_json(path: str | Path) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except json.JSONDecodeError as exc:
        raise FormatError(
            [f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError([f"{path}: cannot be read ({exc})"]) from None


# ---------------------------------------------------------------- reading plans


def _read_plan_session(r: Reader) -> PlanSession | None:
    r.allow("number", "date", "start", "end", "room", "lead", "co")
    number, day = r.integer("number", minimum=1), r.date("date")
    start, end = r.datetime("start"), r.datetime("end")
    room, lead, co = r.id("room"), r.id("lead"), r.id("co")
    if None in (number, day, start, end, room, lead, co):
        return None
    return PlanSession(number, day, start, end, room, lead, co)  # type: ignore[arg-type]


def _read_plan_group(r: Reader) -> PlanGroup | None:
    r.allow(
        "id", "programme", "location", "language", "weekday", "daypart", "lead", "co", "members", "sessions"
    )
    header = _read_group_header(r)
    sessions = r.objects("sessions", _read_plan_session)
    if header is None or sessions is None:
        return None
    return PlanGroup(**header, sessions=tuple(sessions))


def _read_unplaced(r: Reader) -> Unplaced | None:
    r.allow("client", "reasons")
    client = r.id("client")
    reasons = r.id_list("reasons")
    if client is None or reasons is None:
        return None
    return Unplaced(client, tuple(reasons))


def read_plan(data: Any) -> Plan:
    """Validate the shape of a parsed kring-plan/1 document (not its rules: see rules.check)."""
    if not isinstance(data, dict):
        raise FormatError(["plan: expected a JSON object"])
    r = Reader(data, "")
    r.allow(
        "format",
        "instance",
        "status",
        "penalty",
        "penalty_breakdown",
        "lower_bound",
        "solve_seconds",
        "groups",
        "unplaced",
        "problems",
    )
    fmt = r.text("format")
    if fmt is not None and fmt != PLAN_FORMAT:
        r.error(f"format: expected '{PLAN_FORMAT}', got '{fmt}'")
    name = r.text("instance")
    status = r.choice("status", PLAN_STATUSES)
    penalty = r.integer("penalty", minimum=0)
    breakdown: dict[str, int] = {}
    with r.child("penalty_breakdown") as b:
        if b is not None:
            b.allow(*PENALTY_TERMS)
            for term in PENALTY_TERMS:
                value = b.integer(term, minimum=0)
                if value is not None:
                    breakdown[term] = value
    lower_bound = r.number("lower_bound", nullable=True)
    seconds = r.number("solve_seconds")
    groups = r.objects("groups", _read_plan_group, allow_empty=True)
    unplaced = r.objects("unplaced", _read_unplaced, allow_empty=True)
    problems = r.id_list("problems", optional=True) or []
    if status == "infeasible" and not problems:
        r.error("problems: a plan with status 'infeasible' must say why in 'problems'")
    r.raise_if_errors()
    assert name is not None and status is not None and penalty is not None  # else raised above
    return Plan(
        instance=name,
        status=status,
        penalty=penalty,
        penalty_breakdown=breakdown,
        lower_bound=lower_bound,
        solve_seconds=seconds or 0.0,
        groups=tuple(groups or ()),
        unplaced=tuple(unplaced or ()),
        problems=tuple(problems),
    )


def load_plan(path: str | Path) -> Plan:
    return read_plan(_load_json(path))

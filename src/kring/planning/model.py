"""The planning exchange format (SPEC.md sections 1 and 2) as typed, immutable data.

`read_instance` turns a parsed JSON document into an `Instance` or raises `FormatError`
listing every problem with its path ("clients[C17].anchor_date: expected a date ...").
`plan_to_json` and `read_plan` do the same for plans. Nothing here knows about a solver.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kring.planning.reader import FormatError, Reader

INSTANCE_FORMAT = "kring-instance/1"
PLAN_FORMAT = "kring-plan/1"

# Ids are plain strings; the aliases say which kind of id a field holds.
ClientId = str
FacilitatorId = str
RoomId = str
LocationId = str
ProgrammeId = str
DaypartId = str
GroupId = str
Weekday = str  # "mon" .. "sun"

WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# A weekly availability: weekday -> daypart ids. `None` (rooms only) means always available.
Availability = Mapping[Weekday, frozenset[DaypartId]]

PENALTY_TERMS: tuple[str, ...] = (
    "unplaced",
    "below_target",
    "timing",
    "daypart_preference",
    "location_preference",
    "substitute",
    "room_change",
    "room_cost",
    "published_change",
)
DEFAULT_WEIGHTS: Mapping[str, int] = {
    "unplaced": 1000,
    "below_target": 30,
    "timing": 2,
    "daypart_preference": 20,
    "location_preference": 20,
    "substitute": 40,
    "room_change": 5,
    "room_cost": 1,
    "published_change": 50,
}
PLAN_STATUSES = ("optimal", "feasible", "infeasible")
REFERENCES = ("first", "mid", "last")
ANCHORS = ("due_date", "birth_date")


def weekday_of(day: dt.date) -> Weekday:
    return WEEKDAYS[day.weekday()]


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive range of local dates (`from` .. `to` in the JSON)."""

    first: dt.date
    last: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


def in_any_period(day: dt.date, periods: tuple[Period, ...]) -> bool:
    return any(p.contains(day) for p in periods)


@dataclass(frozen=True, slots=True)
class Daypart:
    id: DaypartId
    start: dt.time
    end: dt.time

    @property
    def start_minute(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @property
    def end_minute(self) -> int:
        return self.end.hour * 60 + self.end.minute


@dataclass(frozen=True, slots=True)
class GroupSize:
    min: int
    target: int
    max: int


@dataclass(frozen=True, slots=True)
class SessionSpec:
    number: int
    reference: str  # "first" | "mid" | "last"
    offset_days: int
    window_days: tuple[int, int]
    seats_per_member: int


@dataclass(frozen=True, slots=True)
class Programme:
    id: ProgrammeId
    anchor: str  # "due_date" | "birth_date"
    group_size: GroupSize
    anchor_spread_days: int
    latest_join_session: int
    min_days_between_sessions: int
    sessions: tuple[SessionSpec, ...]

    @property
    def session_count(self) -> int:
        return len(self.sessions)

    def spec(self, number: int) -> SessionSpec:
        return self.sessions[number - 1]


@dataclass(frozen=True, slots=True)
class Location:
    id: LocationId
    name: str = ""
    online: bool = False


@dataclass(frozen=True, slots=True)
class Room:
    id: RoomId
    location: LocationId
    capacity_seats: int
    cost_per_session: int = 0
    availability: Availability | None = None
    closures: tuple[Period, ...] = ()

    def is_open(self, day: dt.date, daypart: DaypartId) -> bool:
        """Rule 13: available at that weekday and daypart, and not closed that date."""
        if in_any_period(day, self.closures):
            return False
        if self.availability is None:
            return True
        return daypart in self.availability.get(weekday_of(day), frozenset())


@dataclass(frozen=True, slots=True)
class Facilitator:
    id: FacilitatorId
    can_lead: frozenset[ProgrammeId]
    can_co: frozenset[ProgrammeId]
    languages: frozenset[str]
    locations: frozenset[LocationId]
    availability: Availability
    name: str = ""
    absences: tuple[Period, ...] = ()
    max_sessions_per_week: int | None = None
    max_concurrent_groups: int | None = None

    def available_weekly(self, weekday: Weekday, daypart: DaypartId) -> bool:
        return daypart in self.availability.get(weekday, frozenset())

    def is_absent(self, day: dt.date) -> bool:
        return in_any_period(day, self.absences)

    def can_work(self, location: LocationId, day: dt.date, daypart: DaypartId) -> bool:
        """Rule 10: works at the location, available that weekday and daypart, not absent."""
        return (
            location in self.locations
            and self.available_weekly(weekday_of(day), daypart)
            and not self.is_absent(day)
        )


@dataclass(frozen=True, slots=True)
class Client:
    id: ClientId
    programme: ProgrammeId
    anchor_date: dt.date
    languages: frozenset[str]
    locations: tuple[LocationId, ...]  # most preferred first
    dayparts: tuple[DaypartId, ...] | None = None  # most preferred first; None: any
    weekdays: frozenset[Weekday] | None = None  # None: any
    available_from: dt.date | None = None

    def accepts_daypart(self, daypart: DaypartId) -> bool:
        return self.dayparts is None or daypart in self.dayparts

    def accepts_weekday(self, weekday: Weekday) -> bool:
        return self.weekdays is None or weekday in self.weekdays

    def daypart_rank(self, daypart: DaypartId) -> int:
        """0-based position in the preference list; 0 without a list or when absent."""
        if self.dayparts is None or daypart not in self.dayparts:
            return 0
        return self.dayparts.index(daypart)

    def location_rank(self, location: LocationId) -> int:
        return self.locations.index(location) if location in self.locations else 0


@dataclass(frozen=True, slots=True)
class PublishedSession:
    number: int
    date: dt.date
    room: RoomId
    lead: FacilitatorId
    co: FacilitatorId


@dataclass(frozen=True, slots=True)
class PublishedGroup:
    id: GroupId
    programme: ProgrammeId
    location: LocationId
    language: str
    weekday: Weekday
    daypart: DaypartId
    lead: FacilitatorId
    co: FacilitatorId
    members: tuple[ClientId, ...]
    sessions: tuple[PublishedSession, ...]


@dataclass(frozen=True)
class Instance:
    name: str
    timezone: str
    plan_start: dt.date
    horizon_end: dt.date
    dayparts: tuple[Daypart, ...]
    programmes: tuple[Programme, ...]
    locations: tuple[Location, ...]
    rooms: tuple[Room, ...]
    facilitators: tuple[Facilitator, ...]
    clients: tuple[Client, ...]
    closed_dates: frozenset[dt.date] = frozenset()
    room_buffer_minutes: int = 0
    published: tuple[PublishedGroup, ...] = ()
    weights: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    # Lookups by id, built once; the dataclass is frozen, so they are set by hand.
    _by_id: dict[str, dict[str, Any]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        kinds = ("programmes", "dayparts", "rooms", "facilitators", "clients", "locations")
        object.__setattr__(self, "_by_id", {k: {x.id: x for x in getattr(self, k)} for k in kinds})

    def programme(self, pid: ProgrammeId) -> Programme:
        return self._by_id["programmes"][pid]  # type: ignore[no-any-return]

    def daypart(self, did: DaypartId) -> Daypart:
        return self._by_id["dayparts"][did]  # type: ignore[no-any-return]

    def room(self, rid: RoomId) -> Room:
        return self._by_id["rooms"][rid]  # type: ignore[no-any-return]

    def facilitator(self, fid: FacilitatorId) -> Facilitator:
        return self._by_id["facilitators"][fid]  # type: ignore[no-any-return]

    def client(self, cid: ClientId) -> Client:
        return self._by_id["clients"][cid]  # type: ignore[no-any-return]

    def location(self, lid: LocationId) -> Location:
        return self._by_id["locations"][lid]  # type: ignore[no-any-return]

    def has_client(self, cid: ClientId) -> bool:
        return cid in self._by_id["clients"]

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def session_times(self, day: dt.date, daypart: DaypartId) -> tuple[dt.datetime, dt.datetime]:
        """Aware start and end of a session at `daypart` on local `day` (19:00 stays 19:00)."""
        part = self.daypart(daypart)
        tz = self.tz
        return (
            dt.datetime.combine(day, part.start, tzinfo=tz),
            dt.datetime.combine(day, part.end, tzinfo=tz),
        )

    def rooms_at(self, location: LocationId) -> tuple[Room, ...]:
        return tuple(r for r in self.rooms if r.location == location)


def reference_dates(anchors: list[dt.date] | tuple[dt.date, ...]) -> dict[str, dt.date]:
    """SPEC 1.1: first, mid (first + floor(span / 2)) and last of a group's member anchors."""
    first, last = min(anchors), max(anchors)
    return {"first": first, "mid": first + dt.timedelta(days=(last - first).days // 2), "last": last}


def session_window(spec: SessionSpec, references: Mapping[str, dt.date]) -> tuple[dt.date, dt.date, dt.date]:
    """(ideal, earliest, latest) date of a session for the given reference dates."""
    ideal = references[spec.reference] + dt.timedelta(days=spec.offset_days)
    lo, hi = spec.window_days
    return ideal, ideal + dt.timedelta(days=lo), ideal + dt.timedelta(days=hi)


# ---------------------------------------------------------------- plans


@dataclass(frozen=True, slots=True)
class PlanSession:
    number: int
    date: dt.date
    start: dt.datetime  # aware, in the instance's timezone
    end: dt.datetime
    room: RoomId
    lead: FacilitatorId
    co: FacilitatorId


@dataclass(frozen=True, slots=True)
class PlanGroup:
    id: GroupId
    programme: ProgrammeId
    location: LocationId
    language: str
    weekday: Weekday
    daypart: DaypartId
    lead: FacilitatorId
    co: FacilitatorId
    members: tuple[ClientId, ...]
    sessions: tuple[PlanSession, ...]


@dataclass(frozen=True, slots=True)
class Unplaced:
    client: ClientId
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    instance: str
    status: str
    penalty: int
    penalty_breakdown: Mapping[str, int]
    lower_bound: float | None
    solve_seconds: float
    groups: tuple[PlanGroup, ...]
    unplaced: tuple[Unplaced, ...]
    problems: tuple[str, ...] = ()


def make_session(
    instance: Instance,
    daypart: DaypartId,
    number: int,
    day: dt.date,
    room: RoomId,
    lead: FacilitatorId,
    co: FacilitatorId,
) -> PlanSession:
    """A plan session with its aware start and end filled in from the daypart."""
    start, end = instance.session_times(day, daypart)
    return PlanSession(number=number, date=day, start=start, end=end, room=room, lead=lead, co=co)


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


# ---------------------------------------------------------------- writing


def _format_moment(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _periods_json(periods: tuple[Period, ...]) -> list[dict[str, str]]:
    return [{"from": p.first.isoformat(), "to": p.last.isoformat()} for p in periods]


def _availability_json(availability: Availability) -> dict[str, list[str]]:
    return {day: sorted(parts) for day, parts in availability.items()}


def instance_to_json(inst: Instance) -> dict[str, Any]:
    """The exchange format of an instance, leaving out optional fields that are empty."""

    def drop_empty(obj: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in obj.items() if v not in (None, [], "")}

    data: dict[str, Any] = {
        "format": INSTANCE_FORMAT,
        "name": inst.name,
        "timezone": inst.timezone,
        "plan_start": inst.plan_start.isoformat(),
        "horizon_end": inst.horizon_end.isoformat(),
        "closed_dates": sorted(d.isoformat() for d in inst.closed_dates),
        "dayparts": [
            {"id": d.id, "start": d.start.strftime("%H:%M"), "end": d.end.strftime("%H:%M")}
            for d in inst.dayparts
        ],
        "room_buffer_minutes": inst.room_buffer_minutes,
        "programmes": [
            {
                "id": p.id,
                "anchor": p.anchor,
                "group_size": {
                    "min": p.group_size.min,
                    "target": p.group_size.target,
                    "max": p.group_size.max,
                },
                "anchor_spread_days": p.anchor_spread_days,
                "latest_join_session": p.latest_join_session,
                "min_days_between_sessions": p.min_days_between_sessions,
                "sessions": [
                    {
                        "number": s.number,
                        "reference": s.reference,
                        "offset_days": s.offset_days,
                        "window_days": list(s.window_days),
                        "seats_per_member": s.seats_per_member,
                    }
                    for s in p.sessions
                ],
            }
            for p in inst.programmes
        ],
        "locations": [
            drop_empty({"id": loc.id, "name": loc.name, "online": loc.online or None})
            for loc in inst.locations
        ],
        "rooms": [
            drop_empty(
                {
                    "id": r.id,
                    "location": r.location,
                    "capacity": r.capacity_seats,
                    "cost_per_session": r.cost_per_session,
                    "availability": None if r.availability is None else _availability_json(r.availability),
                    "closures": _periods_json(r.closures),
                }
            )
            for r in inst.rooms
        ],
        "facilitators": [
            # Required fields always (can_lead and can_co may be empty lists); optional ones when set.
            {
                "id": f.id,
                "can_lead": sorted(f.can_lead),
                "can_co": sorted(f.can_co),
                "languages": sorted(f.languages),
                "locations": sorted(f.locations),
                "availability": _availability_json(f.availability),
            }
            | drop_empty(
                {
                    "name": f.name,
                    "absences": _periods_json(f.absences),
                    "max_sessions_per_week": f.max_sessions_per_week,
                    "max_concurrent_groups": f.max_concurrent_groups,
                }
            )
            for f in inst.facilitators
        ],
        "clients": [
            drop_empty(
                {
                    "id": c.id,
                    "programme": c.programme,
                    "anchor_date": c.anchor_date.isoformat(),
                    "languages": sorted(c.languages),
                    "locations": list(c.locations),
                    "dayparts": list(c.dayparts) if c.dayparts else None,
                    "weekdays": [d for d in WEEKDAYS if c.weekdays and d in c.weekdays] or None,
                    "available_from": c.available_from.isoformat() if c.available_from else None,
                }
            )
            for c in inst.clients
        ],
        "weights": dict(inst.weights),
    }
    if not data["closed_dates"]:
        del data["closed_dates"]
    if inst.published:
        data["published"] = [
            {
                "id": g.id,
                "programme": g.programme,
                "location": g.location,
                "language": g.language,
                "weekday": g.weekday,
                "daypart": g.daypart,
                "lead": g.lead,
                "co": g.co,
                "members": list(g.members),
                "sessions": [
                    {
                        "number": s.number,
                        "date": s.date.isoformat(),
                        "room": s.room,
                        "lead": s.lead,
                        "co": s.co,
                    }
                    for s in g.sessions
                ],
            }
            for g in inst.published
        ]
    return data


def plan_to_json(plan: Plan) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": PLAN_FORMAT,
        "instance": plan.instance,
        "status": plan.status,
        "penalty": plan.penalty,
        "penalty_breakdown": {term: plan.penalty_breakdown.get(term, 0) for term in PENALTY_TERMS},
        "lower_bound": plan.lower_bound,
        "solve_seconds": round(plan.solve_seconds, 3),
        "groups": [
            {
                "id": g.id,
                "programme": g.programme,
                "location": g.location,
                "language": g.language,
                "weekday": g.weekday,
                "daypart": g.daypart,
                "lead": g.lead,
                "co": g.co,
                "members": list(g.members),
                "sessions": [
                    {
                        "number": s.number,
                        "date": s.date.isoformat(),
                        "start": _format_moment(s.start),
                        "end": _format_moment(s.end),
                        "room": s.room,
                        "lead": s.lead,
                        "co": s.co,
                    }
                    for s in g.sessions
                ],
            }
            for g in plan.groups
        ],
        "unplaced": [{"client": u.client, "reasons": list(u.reasons)} for u in plan.unplaced],
    }
    if plan.problems:
        data["problems"] = list(plan.problems)
    return data


def write_json(data: Mapping[str, Any], path: str | Path) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
        handle.write("\n")


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

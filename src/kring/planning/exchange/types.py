"""The exchange format's types (SPEC sections 1 and 2): typed, immutable data and date helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

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

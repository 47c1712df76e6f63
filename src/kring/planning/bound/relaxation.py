"""The relaxed planning problem whose LP value is a lower bound on every valid plan's penalty.

A *relaxation* keeps a superset of the valid plans and never overstates a cost, so its optimum
can only be lower than the real one. What is kept, and what is given up (each given-up rule only
enlarges the set of plans, each cost below is at most the true one):

- New groups: programme, location, weekday, daypart, language with a main lead/co pair that
  rule 9 allows (absences aside); members that fit the slot (rule 7), all with anchors within
  `anchor_spread_days` of the first one; at least `min` and at most `max` members, and no more
  than the largest room of the location seats; every session on the weekday, on or after
  plan_start, not on a closed date, session 1 on or before horizon_end, dates increasing at
  least `min_days_between_sessions` apart, each inside the widest window that any last anchor
  in the band could give; on each date at least one lead and one other person who can co,
  both working that day, and an open room big enough for `min` members.
- Each new group has a main lead and co (a pair rule 9 allows); `max_concurrent_groups` counts
  it on the Mondays it surely runs (between the latest date its session 1 and the earliest date
  its last session can have).
- Given up: the intake date is checked against the latest date session `latest_join_session`
  could have; rule 11 per session; overlapping dayparts (only the same daypart counts as a
  clash); concurrency on other days; room buffers; published groups' own sessions (they use no
  capacity here) and their timing, staff, rooms and below-target terms (counted as 0).
- Capacity is pooled: every session needs one lead and one co from the people able to take it
  that date, each person at most one session per date and daypart and at most
  `max_sessions_per_week` per ISO week; a location holds at most as many sessions per date and
  daypart as it has open rooms big enough.
- Costs: member preferences and below-target exactly; timing as the distance to the nearest
  ideal date any band could give; room cost as the cheapest fitting open room; substitute and
  room change 0.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field

from kring.planning.model import (
    WEEKDAYS,
    Client,
    ClientId,
    DaypartId,
    Facilitator,
    FacilitatorId,
    Instance,
    LocationId,
    Programme,
    ProgrammeId,
    PublishedGroup,
    Room,
    Weekday,
)

DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(days=7)


def speaks(language: str, lead: Facilitator, co: Facilitator) -> bool:
    """Rule 11 for one lead/co pair."""
    return language in lead.languages or (language in co.languages and bool(lead.languages & co.languages))


@dataclass(frozen=True, slots=True)
class SlotKey:
    programme: ProgrammeId
    location: LocationId
    weekday: Weekday
    daypart: DaypartId


@dataclass(slots=True)
class Candidate:
    """A client who fits a slot and language, with her preference cost there."""

    anchor: dt.date
    client: ClientId
    cost: int
    available_from: dt.date | None


@dataclass(slots=True)
class SlotData:
    key: SlotKey
    programme: Programme
    max_size: int
    # language -> candidates sorted by (anchor, client id)
    candidates: dict[str, list[Candidate]] = field(default_factory=dict)
    anchors: dict[str, list[dt.date]] = field(default_factory=dict)
    # session date -> cheapest fitting room cost (only dates with staff and a room)
    date_room_cost: dict[dt.date, int] = field(default_factory=dict)
    # language -> main lead/co pairs that rule 9 allows here (absences aside)
    pairs: dict[str, list[tuple[FacilitatorId, FacilitatorId]]] = field(default_factory=dict)


@dataclass(slots=True)
class Joinable:
    """A published group that can still take joiners: its free places and who fits."""

    group: PublishedGroup
    free: int
    joiners: dict[ClientId, int]  # client -> preference cost


@dataclass(slots=True)
class Relaxation:
    instance: Instance
    weights: Mapping[str, int]
    slots: list[SlotData]
    joinable: list[Joinable]
    free_clients: list[Client]  # not a remaining member of a published group
    fixed_cost: int  # preference costs of published groups' remaining members
    # (date, daypart, location, programme) -> people who may lead / co there that date
    leads: dict[tuple[dt.date, DaypartId, LocationId, ProgrammeId], tuple[FacilitatorId, ...]]
    cos: dict[tuple[dt.date, DaypartId, LocationId, ProgrammeId], tuple[FacilitatorId, ...]]
    rooms: dict[tuple[LocationId, dt.date, DaypartId], int]  # open rooms big enough
    max_groups: dict[ProgrammeId, float]  # no LP solution has more new groups of a programme


def preference_cost(weights: Mapping[str, int], client: Client, location: LocationId, daypart: str) -> int:
    return weights["daypart_preference"] * client.daypart_rank(daypart) + weights[
        "location_preference"
    ] * client.location_rank(location)


def fits(client: Client, key: SlotKey, language: str) -> bool:
    """Rule 7 without the intake date."""
    return (
        client.programme == key.programme
        and language in client.languages
        and key.location in client.locations
        and client.accepts_daypart(key.daypart)
        and client.accepts_weekday(key.weekday)
    )


def _weekly_open(room: Room, weekday: Weekday, daypart: DaypartId) -> bool:
    return room.availability is None or daypart in room.availability.get(weekday, frozenset())


def _session_span_days(prog: Programme) -> int:
    """How many days after the first anchor the last session can fall, at most."""
    return max(s.offset_days + s.window_days[1] for s in prog.sessions) + prog.anchor_spread_days


class _Builder:
    def __init__(self, instance: Instance, weights: Mapping[str, int]):
        self.inst = instance
        self.weights = weights
        self.leads: dict[tuple[dt.date, DaypartId, LocationId, ProgrammeId], tuple[FacilitatorId, ...]] = {}
        self.cos: dict[tuple[dt.date, DaypartId, LocationId, ProgrammeId], tuple[FacilitatorId, ...]] = {}
        self.rooms: dict[tuple[LocationId, dt.date, DaypartId], int] = {}

    @staticmethod
    def _people(day: dt.date, pool: list[Facilitator]) -> tuple[FacilitatorId, ...]:
        return tuple(f.id for f in pool if not f.is_absent(day))

    def slot(self, key: SlotKey, prog: Programme, free: list[Client]) -> SlotData | None:
        inst = self.inst

        def works(f: Facilitator) -> bool:
            return key.location in f.locations and f.available_weekly(key.weekday, key.daypart)

        leads = [f for f in inst.facilitators if prog.id in f.can_lead and works(f)]
        cos = [f for f in inst.facilitators if prog.id in f.can_co and works(f)]
        if not leads or not cos:
            return None
        pairs: dict[str, list[tuple[FacilitatorId, FacilitatorId]]] = {}
        for lead in leads:
            for co in cos:
                if lead.id == co.id:
                    continue
                for lang in sorted(lead.languages | co.languages):
                    if speaks(lang, lead, co):
                        pairs.setdefault(lang, []).append((lead.id, co.id))
        languages = set(pairs)
        open_rooms = [r for r in inst.rooms_at(key.location) if _weekly_open(r, key.weekday, key.daypart)]
        if not languages or not open_rooms:
            return None
        seats = max(s.seats_per_member for s in prog.sessions)
        largest = max(r.capacity_seats for r in inst.rooms_at(key.location))
        max_size = min(prog.group_size.max, (largest - 2) // seats)
        if max_size < prog.group_size.min:
            return None
        data = SlotData(key, prog, max_size)
        for lang in sorted(languages):
            cands = [
                Candidate(
                    c.anchor_date,
                    c.id,
                    preference_cost(self.weights, c, key.location, key.daypart),
                    c.available_from,
                )
                for c in free
                if fits(c, key, lang)
            ]
            if len(cands) >= prog.group_size.min:
                cands.sort(key=lambda x: (x.anchor, x.client))
                data.candidates[lang] = cands
                data.pairs[lang] = pairs[lang]
                data.anchors[lang] = [x.anchor for x in cands]
        if not data.candidates:
            return None
        # Dates: the weekday, from plan_start to the last date any candidate's series could reach.
        first_anchor = min(x.anchor for cs in data.candidates.values() for x in cs)
        last_anchor = max(x.anchor for cs in data.candidates.values() for x in cs)
        lo = max(
            inst.plan_start,
            first_anchor + dt.timedelta(days=min(s.offset_days + s.window_days[0] for s in prog.sessions)),
        )
        hi = last_anchor + dt.timedelta(days=_session_span_days(prog))
        day = lo + dt.timedelta(days=(WEEKDAYS.index(key.weekday) - lo.weekday()) % 7)
        fit_seats = min(s.seats_per_member for s in prog.sessions) * prog.group_size.min + 2
        while day <= hi:
            if day not in inst.closed_dates:
                cost = self._date(day, key, leads, cos, open_rooms, fit_seats)
                if cost is not None:
                    data.date_room_cost[day] = cost
            day += WEEK
        return data if data.date_room_cost else None

    def _date(
        self,
        day: dt.date,
        key: SlotKey,
        leads: list[Facilitator],
        cos: list[Facilitator],
        open_rooms: list[Room],
        fit_seats: int,
    ) -> int | None:
        lead_ids = self._people(day, leads)
        co_ids = self._people(day, cos)
        if not lead_ids or not co_ids or (len(set(lead_ids) | set(co_ids)) < 2):
            return None
        rooms = [r for r in open_rooms if r.capacity_seats >= fit_seats and r.is_open(day, key.daypart)]
        if not rooms:
            return None
        demand = (day, key.daypart, key.location, key.programme)
        self.leads[demand] = lead_ids
        self.cos[demand] = co_ids
        room_key = (key.location, day, key.daypart)
        self.rooms[room_key] = max(self.rooms.get(room_key, 0), len(rooms))
        return min(r.cost_per_session for r in rooms) * self.weights["room_cost"]


def _joinable(inst: Instance, weights: Mapping[str, int], free: list[Client]) -> list[Joinable]:
    out = []
    for g in inst.published:
        prog = inst.programme(g.programme)
        remaining = [m for m in g.members if inst.has_client(m)]
        join = next((s for s in g.sessions if s.number == prog.latest_join_session), None)
        if join is not None and join.date < inst.plan_start:
            continue  # the join session is history: nobody can join any more
        free_places = prog.group_size.max - len(remaining)
        if free_places <= 0:
            continue
        anchors = [inst.client(m).anchor_date for m in remaining]
        key = SlotKey(g.programme, g.location, g.weekday, g.daypart)
        joiners = {}
        for c in free:
            if not fits(c, key, g.language):
                continue
            span = [*anchors, c.anchor_date]
            if anchors and (max(span) - min(span)).days > prog.anchor_spread_days:
                continue
            joiners[c.id] = preference_cost(weights, c, g.location, g.daypart)
        if joiners:
            out.append(Joinable(g, free_places, joiners))
    return out


def build_relaxation(instance: Instance, weights: Mapping[str, int] | None = None) -> Relaxation:
    weights = dict(instance.weights) if weights is None else dict(weights)
    kept = {m for g in instance.published for m in g.members}
    free = [c for c in instance.clients if c.id not in kept]
    fixed = 0
    for g in instance.published:
        for m in g.members:
            if instance.has_client(m):
                fixed += preference_cost(weights, instance.client(m), g.location, g.daypart)
    builder = _Builder(instance, weights)
    slots = []
    for prog in instance.programmes:
        mine = [c for c in free if c.programme == prog.id]
        if len(mine) < prog.group_size.min:
            continue
        for loc in instance.locations:
            for wd in WEEKDAYS:
                for part in instance.dayparts:
                    data = builder.slot(SlotKey(prog.id, loc.id, wd, part.id), prog, mine)
                    if data is not None:
                        slots.append(data)
    max_groups = {
        p.id: sum(1 for c in free if c.programme == p.id) / p.group_size.min for p in instance.programmes
    }
    return Relaxation(
        instance=instance,
        weights=weights,
        slots=slots,
        joinable=_joinable(instance, weights, free),
        free_clients=free,
        fixed_cost=fixed,
        leads=builder.leads,
        cos=builder.cos,
        rooms=builder.rooms,
        max_groups=max_groups,
    )


def band(cands: list[Candidate], anchors: list[dt.date], first: dt.date, spread: int) -> list[Candidate]:
    """Candidates with anchor in [first, first + spread]."""
    lo = bisect_left(anchors, first)
    hi = bisect_right(anchors, first + dt.timedelta(days=spread))
    return cands[lo:hi]

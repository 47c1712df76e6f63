"""Sessions and timing: the best session schedule of one candidate group.

A candidate fixes everything a schedule depends on (programme, location, weekday, daypart,
reference dates, main lead and co, room of session 1), so its ten dates, rooms and
substitutes can be chosen by a small dynamic programme over the session windows: each
session picks one date inside its window on the group's weekday, consecutive dates at least
`min_days_between_sessions` apart, minimising timing + room + substitute cost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kring.planning.model import (
    WEEKDAYS,
    DaypartId,
    Facilitator,
    FacilitatorId,
    Instance,
    LocationId,
    Programme,
    Room,
    RoomId,
    Weekday,
    reference_dates,
    session_window,
)

INFEASIBLE = 10**9


@dataclass(frozen=True, slots=True)
class SessionChoice:
    """One session of a schedule: date, room and who leads and co-facilitates it."""

    number: int
    date: dt.date
    room: RoomId
    lead: FacilitatorId
    co: FacilitatorId


@dataclass(frozen=True, slots=True)
class Schedule:
    sessions: tuple[SessionChoice, ...]
    timing: int  # weighted
    substitute: int  # weighted
    room_change: int  # weighted
    room_cost: int  # weighted
    member_cap: int  # most members the chosen rooms seat

    @property
    def cost(self) -> int:
        return self.timing + self.substitute + self.room_change + self.room_cost


def speaks(language: str, lead: Facilitator, co: Facilitator) -> bool:
    """Rule 11 for one lead/co pair."""
    return language in lead.languages or (language in co.languages and bool(lead.languages & co.languages))


def dates_in_window(
    lo: dt.date,
    hi: dt.date,
    weekday: Weekday,
    first_allowed: dt.date,
    closed: frozenset[dt.date],
    last_allowed: dt.date | None = None,
) -> list[dt.date]:
    """Dates on `weekday` inside [lo, hi], not before `first_allowed`, not closed."""
    target = WEEKDAYS.index(weekday)
    start = max(lo, first_allowed)
    end = hi if last_allowed is None else min(hi, last_allowed)
    day = start + dt.timedelta(days=(target - start.weekday()) % 7)
    out = []
    while day <= end:
        if day not in closed:
            out.append(day)
        day += dt.timedelta(days=7)
    return out


class SubstituteFinder:
    """Deterministic choice of a substitute for a lead or co on one date (rules 9-11)."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self._cache: dict[tuple[str, ...] | tuple[object, ...], FacilitatorId | None] = {}
        # (main room, date, daypart, seats needed, may change) -> cheapest room pick
        self.rooms: dict[tuple[object, ...], tuple[int, int, RoomId] | None] = {}

    def find(
        self,
        role: str,
        programme: str,
        location: LocationId,
        day: dt.date,
        daypart: DaypartId,
        language: str,
        other: Facilitator | None,
    ) -> FacilitatorId | None:
        key = (role, programme, location, day, daypart, language, other.id if other else "")
        if key in self._cache:
            return self._cache[key]
        found = None
        for f in self.instance.facilitators:
            if other is not None and f.id == other.id:
                continue
            qualified = programme in (f.can_lead if role == "lead" else f.can_co)
            if not qualified or not f.can_work(location, day, daypart):
                continue
            if other is None:
                pair_ok = language in f.languages
            else:
                pair_ok = speaks(language, f, other) if role == "lead" else speaks(language, other, f)
            if pair_ok:
                found = f.id
                break
        self._cache[key] = found
        return found


def _room_pick(
    instance: Instance,
    main_room: Room,
    rooms: tuple[Room, ...],
    day: dt.date,
    daypart: DaypartId,
    need: int,
    may_change: bool,
) -> tuple[int, int, RoomId] | None:
    """Cheapest room for a session: the main one, or (after session 1) another at the room-change price."""
    weights = instance.weights
    pick: tuple[int, int, RoomId] | None = None
    if main_room.is_open(day, daypart) and main_room.capacity_seats >= need:
        pick = (main_room.cost_per_session * weights["room_cost"], -main_room.capacity_seats, main_room.id)
    if may_change:
        for r in rooms:
            if r.id != main_room.id and r.is_open(day, daypart) and r.capacity_seats >= need:
                c = (
                    r.cost_per_session * weights["room_cost"] + weights["room_change"],
                    -r.capacity_seats,
                    r.id,
                )
                if pick is None or c < pick:
                    pick = c
    return pick


def best_schedule(
    instance: Instance,
    programme: Programme,
    location: LocationId,
    weekday: Weekday,
    daypart: DaypartId,
    language: str,
    first_anchor: dt.date,
    last_anchor: dt.date,
    lead: Facilitator,
    co: Facilitator,
    main_room: Room,
    rooms: tuple[Room, ...],
    subs: SubstituteFinder,
    *,
    min_members: int,
    allow_substitutes: bool = True,
    latest_first_session: dt.date | None = None,
    staff_free: bool = False,
) -> Schedule | None:
    """The cheapest valid schedule for a new group with these fixed choices, or None.

    With `staff_free` the lead's and co's absences are ignored: the result is the cheapest
    schedule for any pair at this slot, and exact for every pair not absent on its dates.
    """
    weights = instance.weights
    refs = reference_dates([first_anchor, last_anchor])
    per_session: list[
        list[tuple[int, dt.date, RoomId, FacilitatorId, FacilitatorId, int, int, int, int]]
    ] = []
    for spec in programme.sessions:
        ideal, lo, hi = session_window(spec, refs)
        last_allowed = latest_first_session if spec.number == 1 else None
        options = []
        for day in dates_in_window(lo, hi, weekday, instance.plan_start, instance.closed_dates, last_allowed):
            need = spec.seats_per_member * min_members + 2
            room_key = (main_room.id, day, daypart, need, spec.number > 1)
            if room_key in subs.rooms:
                room_pick = subs.rooms[room_key]
            else:
                room_pick = _room_pick(instance, main_room, rooms, day, daypart, need, spec.number > 1)
                subs.rooms[room_key] = room_pick
            if room_pick is None:
                continue
            room_id = room_pick[2]
            change = weights["room_change"] if room_id != main_room.id else 0
            room_cost = room_pick[0] - change
            seats_cap = (instance.room(room_id).capacity_seats - 2) // spec.seats_per_member
            s_lead, s_co, sub_cost = lead.id, co.id, 0
            lead_ok = staff_free or lead.can_work(location, day, daypart)
            co_ok = staff_free or co.can_work(location, day, daypart)
            if not (lead_ok and co_ok):
                if not allow_substitutes:
                    continue
                if not lead_ok:
                    found = subs.find(
                        "lead", programme.id, location, day, daypart, language, co if co_ok else None
                    )
                    if found is None:
                        continue
                    s_lead = found
                    sub_cost += weights["substitute"]
                if not co_ok:
                    found = subs.find(
                        "co", programme.id, location, day, daypart, language, instance.facilitator(s_lead)
                    )
                    if found is None:
                        continue
                    s_co = found
                    sub_cost += weights["substitute"]
            timing = abs((day - ideal).days) * weights["timing"]
            total = timing + room_cost + change + sub_cost
            options.append((total, day, room_id, s_lead, s_co, timing, room_cost, change, seats_cap))
        if not options:
            return None
        per_session.append(options)
    gap = programme.min_days_between_sessions
    # DP: best[i][j] = cheapest cost of sessions 1..i ending with option j.
    best: list[list[int]] = [[o[0] for o in per_session[0]]]
    back: list[list[int]] = [[-1] * len(per_session[0])]
    for i in range(1, len(per_session)):
        row, brow = [], []
        for opt in per_session[i]:
            cand, arg = INFEASIBLE, -1
            for j, prev in enumerate(per_session[i - 1]):
                if best[i - 1][j] < cand and (opt[1] - prev[1]).days >= max(gap, 1):
                    cand, arg = best[i - 1][j], j
            row.append(cand + opt[0] if arg >= 0 else INFEASIBLE)
            brow.append(arg)
        best.append(row)
        back.append(brow)
    last_row = best[-1]
    j = min(range(len(last_row)), key=lambda k: (last_row[k], k))
    if last_row[j] >= INFEASIBLE:
        return None
    chosen = []
    for i in range(len(per_session) - 1, -1, -1):
        chosen.append(per_session[i][j])
        j = back[i][j]
    chosen.reverse()
    sessions = tuple(
        SessionChoice(number=i + 1, date=o[1], room=o[2], lead=o[3], co=o[4]) for i, o in enumerate(chosen)
    )
    return Schedule(
        sessions=sessions,
        timing=sum(o[5] for o in chosen),
        substitute=sum(weights["substitute"] * ((s.lead != lead.id) + (s.co != co.id)) for s in sessions),
        room_change=sum(o[7] for o in chosen),
        room_cost=sum(o[6] for o in chosen),
        member_cap=min(min(o[8] for o in chosen), programme.group_size.max),
    )

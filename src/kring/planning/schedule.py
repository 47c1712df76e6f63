"""Give one group all its sessions: a date, a room, a lead and a co for each.

`schedule_group` fills the sessions of a group whose slot, main lead and co and members are
fixed, against the bookings of every other group (`Occupancy`). Each possible date of each
session gets its cheapest room and people and a cost (days from the ideal date, substitutes,
room cost and changes, and for a published group every change to what was announced); a
dynamic programme over the sessions then picks the cheapest series whose dates keep the
minimum gap. The result obeys SPEC rules 1, 2, 5, 6 and 9-15 for that group.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from kring.planning.capacity import Occupancy
from kring.planning.model import (
    FacilitatorId,
    GroupId,
    Instance,
    PlanSession,
    Programme,
    PublishedSession,
    RoomId,
    make_session,
)
from kring.planning.slots import Slot, StaffIndex, language_ok, session_days, windows

ANNOUNCED_CHANGE_COST = 1000
MAX_STAND_INS = 12  # per role and date; the cheapest pair is among the first few anyway


@dataclass(frozen=True)
class GroupRequest:
    """What is fixed about a group before its sessions are placed."""

    id: GroupId
    slot: Slot
    lead: FacilitatorId
    co: FacilitatorId
    anchors: tuple[dt.date, ...]  # of the final members
    members: int
    join_not_before: dt.date | None = None  # latest intake date among members who must attend
    history: tuple[PlanSession, ...] = ()
    published: Mapping[int, PublishedSession] = field(default_factory=dict)

    @property
    def is_new(self) -> bool:
        return not self.history and not self.published


@dataclass
class _Choice:
    cost: int
    day: dt.date
    room: RoomId
    lead: FacilitatorId
    co: FacilitatorId


class Scheduler:
    """Schedules one request; `causes` counts why dates were rejected (for explanations)."""

    def __init__(self, instance: Instance, occupancy: Occupancy, staff: StaffIndex | None = None):
        self.instance = instance
        self.occupancy = occupancy
        self.staff = staff if staff is not None else StaffIndex(instance)
        self.causes: Counter[str] = Counter()
        # The first session left without any date, and why its dates failed.
        self.blocked: tuple[int, Counter[str]] | None = None
        self.w = instance.weights
        # Announced sessions move only when they must, whatever the weight of a change.
        self._change = max(self.w["published_change"], ANNOUNCED_CHANGE_COST)

    def schedule(
        self, request: GroupRequest, *, history_booked: bool = False
    ) -> tuple[PlanSession, ...] | None:
        """The group's sessions (history included), or None; the occupancy is left as it was.

        The request's history counts toward weekly limits; pass `history_booked` when the
        occupancy already holds it.
        """
        programme = self.instance.programme(request.slot.programme)
        self._request = request
        self._programme = programme
        done = {s.number for s in request.history}
        self._todo = [w for w in windows(programme, request.anchors) if w[0].number not in done]
        self._rooms = self._room_order(programme, request)
        self._people: dict[tuple[dt.date, int], tuple[int, FacilitatorId, FacilitatorId] | None] = {}
        daypart = request.slot.daypart
        history = () if history_booked else request.history
        for session in history:  # they count toward the weekly limits
            self.occupancy.book_session(daypart, session)
        try:
            found = self._best_schedule()
        finally:
            for session in history:
                self.occupancy.unbook_session(daypart, session)
        if found is None:
            return None
        return tuple(sorted((*request.history, *found), key=lambda s: s.number))

    # -- the whole series

    def _best_schedule(self) -> list[PlanSession] | None:
        """Cheapest series for each candidate room of session 1; the cheapest that passes rule 12."""
        request = self._request
        first_rooms = self._first_rooms()
        series = []
        for rank, room in enumerate(first_rooms):
            found = self._series(room)
            if found is not None:
                series.append((found[0], rank, found[1]))
        series.sort(key=lambda x: (x[0], x[1]))
        for _cost, _rank, choices in series:
            sessions = [
                make_session(self.instance, request.slot.daypart, number, c.day, c.room, c.lead, c.co)
                for number, c in choices
            ]
            if self._concurrency_ok(sessions):
                return sessions
        return None

    def _series(self, first_room: RoomId) -> tuple[int, list[tuple[int, _Choice]]] | None:
        """Dynamic programme over the sessions: each date's cost plus the cheapest earlier series."""
        request = self._request
        gap = dt.timedelta(days=self._programme.min_days_between_sessions)
        prev_history = max((s.date for s in request.history), default=None)
        # Per layer: (choice, total cost, index of the predecessor in the previous layer).
        layers: list[list[tuple[_Choice, int, int]]] = []
        for index, (spec, ideal, earliest, latest) in enumerate(self._todo):
            lo = max(earliest, self.instance.plan_start)
            if prev_history is not None:
                lo = max(lo, prev_history + gap)
            hi = latest
            if request.is_new and spec.number == 1:
                hi = min(hi, self.instance.horizon_end)
            if request.join_not_before and spec.number == self._programme.latest_join_session:
                lo = max(lo, request.join_not_before)
            layer: list[tuple[_Choice, int, int]] = []
            seen_causes = Counter(self.causes)
            days = session_days(self.instance, request.slot.weekday, lo, hi)
            for day in days:
                choice = self._best_on(day, spec.number, spec.seats_per_member, ideal, first_room)
                if choice is None:
                    continue
                if index == 0:
                    layer.append((choice, choice.cost, -1))
                    continue
                before = [(total, j) for j, (c, total, _) in enumerate(layers[-1]) if c.day + gap <= day]
                if before:
                    total, j = min(before)
                    layer.append((choice, total + choice.cost, j))
            if not layer:
                why = (self.causes - seen_causes) or Counter({"gap" if days else "window": 1})
                if self.blocked is None or spec.number > self.blocked[0]:
                    self.blocked = (spec.number, why)  # the attempt that got furthest says most
                self.causes["no_date"] += 1
                return None
            layers.append(layer)
        if not layers:
            return (0, [])
        end = min(range(len(layers[-1])), key=lambda i: (layers[-1][i][1], layers[-1][i][0].day))
        total = layers[-1][end][1]
        picked: list[tuple[int, _Choice]] = []
        for index in range(len(layers) - 1, -1, -1):
            choice, _, back = layers[index][end]
            picked.append((self._todo[index][0].number, choice))
            end = back
        picked.reverse()
        return total, picked

    def _concurrency_ok(self, sessions: list[PlanSession]) -> bool:
        request = self._request
        dates = [s.date for s in request.history] + [s.date for s in sessions]
        if not dates:
            return True
        for person in (request.lead, request.co):
            if not self.occupancy.concurrency_ok(person, min(dates), max(dates)):
                self.causes["concurrency"] += 1
                return False
        return True

    # -- one date

    def _best_on(
        self, day: dt.date, number: int, seats: int, ideal: dt.date, first_room: RoomId
    ) -> _Choice | None:
        published = self._request.published.get(number)
        rooms = self._rooms_on(day, seats, number, published, first_room)
        if rooms is None:
            return None
        if (day, number) not in self._people:
            self._people[(day, number)] = self._people_on(day, published)
        people = self._people[(day, number)]
        if people is None:
            return None
        person_cost, lead, co = people
        room_cost, room = rooms
        cost = self.w["timing"] * abs((day - ideal).days) + person_cost + room_cost
        if published is not None:
            cost += self._change * (day != published.date)
        return _Choice(cost, day, room, lead, co)

    def _room_order(self, programme: Programme, request: GroupRequest) -> list[RoomId]:
        max_seats = max(s.seats_per_member for s in programme.sessions) * request.members + 2
        slot = request.slot
        rooms = [
            r
            for r in self.instance.rooms_at(slot.location)
            if r.availability is None or slot.daypart in r.availability.get(slot.weekday, frozenset())
        ]
        # Session 1's room is kept if possible, so prefer one that seats every session.
        ordered = sorted(rooms, key=lambda r: (r.capacity_seats < max_seats, r.cost_per_session, r.id))
        return [r.id for r in ordered]

    def _rooms_on(
        self, day: dt.date, seats: int, number: int, published: PublishedSession | None, first_room: RoomId
    ) -> tuple[int, RoomId] | None:
        request = self._request
        need = seats * request.members + 2
        best: tuple[int, RoomId] | None = None
        seen_open = False
        for rid in [first_room] if number == 1 else self._rooms:
            room = self.instance.room(rid)
            if not room.is_open(day, request.slot.daypart) or room.capacity_seats < need:
                continue
            seen_open = True
            if not self.occupancy.room_free(rid, day, request.slot.daypart):
                continue
            cost = self.w["room_cost"] * room.cost_per_session
            if rid != first_room:
                cost += self.w["room_change"]
            if published is not None and rid != published.room:
                cost += self._change
            if best is None or cost < best[0]:
                best = (cost, rid)
        if best is None:
            self.causes["rooms_booked" if seen_open else "no_room"] += 1
        return best

    def _first_rooms(self) -> list[RoomId]:
        """Rooms to try for session 1: its room in history, else the announced one first."""
        for session in self._request.history:
            if session.number == 1:
                return [session.room]
        published = self._request.published.get(1)
        preferred = [published.room] if published is not None and published.room in self._rooms else []
        return list(dict.fromkeys([*preferred, *self._rooms]))[:3]

    def _people_on(
        self, day: dt.date, published: PublishedSession | None
    ) -> tuple[int, FacilitatorId, FacilitatorId] | None:
        request = self._request
        best = self._pair_on(day, published, widen=False)
        absent = any(self.instance.facilitator(p).is_absent(day) for p in (request.lead, request.co))
        if best is None and (absent or not request.is_new):
            # Stand-ins for both roles, e.g. the co leads and someone else co-facilitates.
            best = self._pair_on(day, published, widen=True)
        return best

    def _pair_on(
        self, day: dt.date, published: PublishedSession | None, *, widen: bool
    ) -> tuple[int, FacilitatorId, FacilitatorId] | None:
        request = self._request
        leads = self._candidates(day, "lead", request.lead, published.lead if published else None, widen)
        if not leads:
            return None
        cos = self._candidates(day, "co", request.co, published.co if published else None, widen)
        if not cos:
            return None
        best: tuple[int, FacilitatorId, FacilitatorId] | None = None
        distinct = False
        for lead in leads:
            for co in cos:
                if lead == co:
                    continue
                distinct = True
                fl, fc = self.instance.facilitator(lead), self.instance.facilitator(co)
                if not language_ok(fl, fc, request.slot.language):
                    continue
                cost = self.w["substitute"] * ((lead != request.lead) + (co != request.co))
                if published is not None:
                    cost += self._change * ((lead != published.lead) + (co != published.co))
                if best is None or cost < best[0]:
                    best = (cost, lead, co)
        if best is None and widen:
            self.causes["language" if distinct else "stand_in"] += 1
        return best

    def _candidates(
        self, day: dt.date, role: str, main: FacilitatorId, announced: FacilitatorId | None, widen: bool
    ) -> list[FacilitatorId]:
        """People who may take `role` on `day`: the main (or announced) person, and stand-ins
        when she cannot or `widen` asks for them."""
        slot = self._request.slot
        daypart = slot.daypart
        occupancy = self.occupancy

        def fits(fid: FacilitatorId) -> bool:
            person = self.instance.facilitator(fid)
            qualified = slot.programme in (person.can_lead if role == "lead" else person.can_co)
            return (
                qualified
                and person.can_work(slot.location, day, daypart)
                and occupancy.person_free(fid, day, daypart)
            )

        preferred = list(dict.fromkeys(x for x in (announced, main) if x is not None))
        found = [p for p in preferred if fits(p)]
        if not widen:
            if main in found and (announced is None or announced == main):
                return found
            # A new group's main person is replaced only on a day she is absent (the coordinator's rule).
            if self._request.is_new and not self.instance.facilitator(main).is_absent(day):
                self.causes[f"{role}_busy"] += 1
                return found
        others = [
            fid
            for fid in self.staff.eligible(role, slot)
            if fid not in preferred
            and not self.instance.facilitator(fid).is_absent(day)
            and occupancy.person_free(fid, day, daypart)
        ]
        if not found and not others:
            self.causes[f"{role}_unavailable"] += 1
        return found + others[:MAX_STAND_INS]


def schedule_group(
    instance: Instance, occupancy: Occupancy, request: GroupRequest
) -> tuple[PlanSession, ...] | None:
    """The sessions of `request` against `occupancy`, or None if it cannot be scheduled."""
    return Scheduler(instance, occupancy).schedule(request)


def sessions_still_valid(
    instance: Instance, occupancy: Occupancy, request: GroupRequest, sessions: Sequence[PlanSession]
) -> bool:
    """Whether `sessions` (booked elsewhere, not in `occupancy`) stay valid for a changed `request`.

    Used when members join a group: the windows (rule 5), room sizes (rule 14) and the intake
    dates (rule 7) change; the bookings of rooms and people do not.
    """
    programme = instance.programme(request.slot.programme)
    history = {s.number for s in request.history}
    by_number = {s.number: s for s in sessions}
    for spec, _ideal, earliest, latest in windows(programme, request.anchors):
        session = by_number[spec.number]
        join = request.join_not_before
        if spec.number == programme.latest_join_session and join and session.date < join:
            return False
        if spec.number in history:
            continue
        if not earliest <= session.date <= latest:
            return False
        if instance.room(session.room).capacity_seats < spec.seats_per_member * request.members + 2:
            return False
    del occupancy
    return True

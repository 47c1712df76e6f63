"""Give one group all its sessions: a date, a room, a lead and a co for each.

`schedule_group` fills the sessions of a group whose slot, main lead and co and members are
fixed, against the bookings of every other group (`Occupancy`). Dates are tried in order
of cost (closest to the ideal date, and for a published group closest to what was
announced), with a small depth-first search so that an early choice that leaves no date for a
later session is undone. The result obeys SPEC rules 1, 2, 5, 6, 9-15 for that group.
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
from kring.planning.slots import Slot, language_ok, session_days, windows

DEFAULT_BUDGET = 400  # search nodes per group; a coordinator tries a few dates, not all


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

    def __init__(self, instance: Instance, occupancy: Occupancy, *, budget: int = DEFAULT_BUDGET):
        self.instance = instance
        self.occupancy = occupancy
        self.budget = budget
        self.causes: Counter[str] = Counter()
        self.w = instance.weights

    def schedule(self, request: GroupRequest) -> tuple[PlanSession, ...] | None:
        """The group's sessions (history included), or None; nothing stays booked either way."""
        programme = self.instance.programme(request.slot.programme)
        self._request = request
        self._programme = programme
        self._windows = windows(programme, request.anchors)
        self._nodes = 0
        done = {s.number for s in request.history}
        self._todo = [w for w in self._windows if w[0].number not in done]
        self._rooms = self._room_order(programme, request)
        self._chosen: list[PlanSession] = []
        prev = max((s.date for s in request.history), default=None)
        if self._search(0, prev):
            result = tuple(sorted((*request.history, *self._chosen), key=lambda s: s.number))
            for session in self._chosen:
                self.occupancy.unbook_session(request.slot.daypart, session)
            return result
        return None

    # -- search

    def _search(self, index: int, prev: dt.date | None) -> bool:
        request = self._request
        if index == len(self._todo):
            return self._concurrency_ok(prev)
        self._nodes += 1
        if self._nodes > self.budget:
            self.causes["search_budget"] += 1
            return False
        spec, ideal, earliest, latest = self._todo[index]
        lo = max(earliest, self.instance.plan_start)
        if prev is not None:
            lo = max(lo, prev + dt.timedelta(days=self._programme.min_days_between_sessions))
        hi = latest
        if request.is_new and spec.number == 1:
            hi = min(hi, self.instance.horizon_end)
        if request.join_not_before and spec.number == self._programme.latest_join_session:
            lo = max(lo, request.join_not_before)
        choices = []
        for day in session_days(self.instance, request.slot.weekday, lo, hi):
            choice = self._best_on(day, spec.number, spec.seats_per_member, ideal)
            if choice is not None:
                choices.append(choice)
        if not choices:
            self.causes["no_date"] += 1
        choices.sort(key=lambda c: (c.cost, c.day))
        daypart = request.slot.daypart
        for choice in choices:
            session = make_session(self.instance, daypart, spec.number, choice.day,
                                   choice.room, choice.lead, choice.co)
            self.occupancy.book_session(daypart, session)
            self._chosen.append(session)
            if self._search(index + 1, choice.day):
                return True
            self._chosen.pop()
            self.occupancy.unbook_session(daypart, session)
            if self._nodes > self.budget:
                return False
        return False

    def _concurrency_ok(self, last: dt.date | None) -> bool:
        request = self._request
        dates = [s.date for s in request.history] + [s.date for s in self._chosen]
        if not dates or last is None:
            return True
        first = min(dates)
        for person in (request.lead, request.co):
            if not self.occupancy.concurrency_ok(person, first, last):
                self.causes["concurrency"] += 1
                return False
        return True

    # -- one date

    def _best_on(self, day: dt.date, number: int, seats: int, ideal: dt.date) -> _Choice | None:
        published = self._request.published.get(number)
        w = self.w
        rooms = self._rooms_on(day, seats, number, published)
        if not rooms:
            return None
        people = self._people_on(day, published)
        if people is None:
            return None
        person_cost, lead, co = people
        room_cost, room = rooms
        cost = w["timing"] * abs((day - ideal).days) + person_cost + room_cost
        if published is not None:
            cost += w["published_change"] * (day != published.date)
        return _Choice(cost, day, room, lead, co)

    def _room_order(self, programme: Programme, request: GroupRequest) -> list[RoomId]:
        max_seats = max(s.seats_per_member for s in programme.sessions) * request.members + 2
        rooms = self.instance.rooms_at(request.slot.location)
        # Session 1's room is kept if possible, so prefer one that seats every session.
        ordered = sorted(rooms, key=lambda r: (r.capacity_seats < max_seats, r.cost_per_session, r.id))
        return [r.id for r in ordered]

    def _rooms_on(
        self, day: dt.date, seats: int, number: int, published: PublishedSession | None
    ) -> tuple[int, RoomId] | None:
        request = self._request
        need = seats * request.members + 2
        first_room = self._first_room()
        best: tuple[int, RoomId] | None = None
        seen_open = False
        for rid in self._rooms:
            room = self.instance.room(rid)
            if not room.is_open(day, request.slot.daypart) or room.capacity_seats < need:
                continue
            seen_open = True
            if not self.occupancy.room_free(rid, day, request.slot.daypart):
                continue
            cost = self.w["room_cost"] * room.cost_per_session
            if first_room is not None and rid != first_room:
                cost += self.w["room_change"]
            if published is not None and rid != published.room:
                cost += self.w["published_change"]
            if best is None or cost < best[0]:
                best = (cost, rid)
        if best is None:
            self.causes["rooms_booked" if seen_open else "no_room"] += 1
        return best

    def _first_room(self) -> RoomId | None:
        for session in (*self._request.history, *self._chosen):
            if session.number == 1:
                return session.room
        published = self._request.published.get(1)
        return published.room if published is not None else None

    def _people_on(
        self, day: dt.date, published: PublishedSession | None
    ) -> tuple[int, FacilitatorId, FacilitatorId] | None:
        request = self._request
        leads = self._candidates(day, "lead", request.lead, published.lead if published else None)
        if not leads:
            return None
        cos = self._candidates(day, "co", request.co, published.co if published else None)
        if not cos:
            return None
        best: tuple[int, FacilitatorId, FacilitatorId] | None = None
        for lead in leads:
            for co in cos:
                if lead == co:
                    continue
                fl, fc = self.instance.facilitator(lead), self.instance.facilitator(co)
                if not language_ok(fl, fc, request.slot.language):
                    continue
                cost = self.w["substitute"] * ((lead != request.lead) + (co != request.co))
                if published is not None:
                    cost += self.w["published_change"] * ((lead != published.lead) + (co != published.co))
                if best is None or cost < best[0]:
                    best = (cost, lead, co)
        if best is None:
            self.causes["language"] += 1
        return best

    def _candidates(
        self, day: dt.date, role: str, main: FacilitatorId, announced: FacilitatorId | None
    ) -> list[FacilitatorId]:
        """People who may take `role` on `day`: the main person, or substitutes where allowed."""
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

        preferred = [p for p in dict.fromkeys(x for x in (announced, main) if x is not None)]
        found = [p for p in preferred if fits(p)]
        main_person = self.instance.facilitator(main)
        if main in found and (announced is None or announced == main):
            return found
        # A new group's main person is replaced only on a day she is absent (the coordinator's rule).
        if self._request.is_new and not main_person.is_absent(day):
            self.causes[f"{role}_busy"] += 1
            return found
        others = [
            f.id for f in self.instance.facilitators
            if f.id not in preferred and fits(f.id)
        ]
        if not found and not others:
            self.causes[f"{role}_unavailable"] += 1
        return found + others[:8]


def schedule_group(
    instance: Instance, occupancy: Occupancy, request: GroupRequest, *, budget: int = DEFAULT_BUDGET
) -> tuple[PlanSession, ...] | None:
    """The sessions of `request` against `occupancy`, or None if it cannot be scheduled."""
    return Scheduler(instance, occupancy, budget=budget).schedule(request)


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

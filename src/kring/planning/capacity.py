"""Who and what is already booked: rooms and people per date, ISO week and running group.

`Occupancy` is the bookkeeping a planner needs to place one more session or group without
breaking SPEC rules 12 and 15: overlapping sessions, `max_sessions_per_week`,
`max_concurrent_groups` and the room buffer. Times are compared as real (UTC) minutes, so
a day on which daylight saving changes is judged on real times, as the SPEC says.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from kring.planning.model import (
    DaypartId,
    FacilitatorId,
    GroupId,
    Instance,
    PlanGroup,
    PlanSession,
    RoomId,
)

Interval = tuple[int, int]  # [start, end) in UTC minutes since the epoch
IsoWeek = tuple[int, int]

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def iso_week(day: dt.date) -> IsoWeek:
    year, week, _ = day.isocalendar()
    return (year, week)


class Occupancy:
    """Bookings of rooms and facilitators; add and remove whole sessions or group spans."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self._times: dict[tuple[dt.date, DaypartId], Interval] = {}
        self._rooms: dict[tuple[RoomId, dt.date], list[Interval]] = defaultdict(list)
        self._people: dict[tuple[FacilitatorId, dt.date], list[Interval]] = defaultdict(list)
        self._weeks: dict[tuple[FacilitatorId, IsoWeek], int] = defaultdict(int)
        # Per person: (first, last, group) of the groups they run as main lead or co.
        self._spans: dict[FacilitatorId, list[tuple[dt.date, dt.date, GroupId]]] = defaultdict(list)

    # -- times

    def interval(self, day: dt.date, daypart: DaypartId) -> Interval:
        key = (day, daypart)
        found = self._times.get(key)
        if found is None:
            start, end = self.instance.session_times(day, daypart)
            found = (_minutes(start), _minutes(end))
            self._times[key] = found
        return found

    # -- questions

    def room_free(self, room: RoomId, day: dt.date, daypart: DaypartId) -> bool:
        """Rule 15: no overlap and at least `room_buffer_minutes` between sessions in the room."""
        start, end = self.interval(day, daypart)
        gap = self.instance.room_buffer_minutes
        return all(end + gap <= s or e + gap <= start for s, e in self._rooms.get((room, day), ()))

    def person_free(self, person: FacilitatorId, day: dt.date, daypart: DaypartId) -> bool:
        """Rule 12: no overlapping session and room left in the ISO week's session limit."""
        start, end = self.interval(day, daypart)
        if any(start < e and s < end for s, e in self._people.get((person, day), ())):
            return False
        limit = self.instance.facilitator(person).max_sessions_per_week
        return limit is None or self._weeks.get((person, iso_week(day)), 0) < limit

    def running_groups(self, person: FacilitatorId, day: dt.date) -> int:
        return sum(1 for first, last, _ in self._spans.get(person, ()) if first <= day <= last)

    def concurrency_ok(self, person: FacilitatorId, first: dt.date, last: dt.date) -> bool:
        """Rule 12: one more group running `first`..`last` keeps `person` within the limit."""
        limit = self.instance.facilitator(person).max_concurrent_groups
        if limit is None:
            return True
        spans = self._spans.get(person, ())
        # The count over first..last is highest on `first` or on some other group's first day.
        points = [first] + [f for f, l_, _ in spans if first < f <= last]
        return all(self.running_groups(person, day) < limit for day in points)

    def busiest_day(self, person: FacilitatorId, first: dt.date, last: dt.date) -> int:
        spans = self._spans.get(person, ())
        points = [first] + [f for f, _, _ in spans if first < f <= last]
        return max(self.running_groups(person, day) for day in points)

    # -- bookings

    def book_session(self, daypart: DaypartId, session: PlanSession) -> None:
        span = self.interval(session.date, daypart)
        self._rooms[(session.room, session.date)].append(span)
        for person in (session.lead, session.co):
            self._people[(person, session.date)].append(span)
            self._weeks[(person, iso_week(session.date))] += 1

    def unbook_session(self, daypart: DaypartId, session: PlanSession) -> None:
        span = self.interval(session.date, daypart)
        self._rooms[(session.room, session.date)].remove(span)
        for person in (session.lead, session.co):
            self._people[(person, session.date)].remove(span)
            self._weeks[(person, iso_week(session.date))] -= 1

    def book_span(
        self, group: GroupId, people: Iterable[FacilitatorId], first: dt.date, last: dt.date
    ) -> None:
        for person in people:
            self._spans[person].append((first, last, group))

    def unbook_span(self, group: GroupId) -> None:
        for person, spans in self._spans.items():
            self._spans[person] = [s for s in spans if s[2] != group]

    def book_group(self, group: PlanGroup) -> None:
        for session in group.sessions:
            self.book_session(group.daypart, session)
        if group.sessions:
            dates = [s.date for s in group.sessions]
            self.book_span(group.id, (group.lead, group.co), min(dates), max(dates))

    def unbook_group(self, group: PlanGroup) -> None:
        for session in group.sessions:
            self.unbook_session(group.daypart, session)
        self.unbook_span(group.id)


def occupancy_of(instance: Instance, groups: Iterable[PlanGroup]) -> Occupancy:
    """The bookings made by the groups of a plan."""
    occupancy = Occupancy(instance)
    for group in groups:
        occupancy.book_group(group)
    return occupancy


def _minutes(moment: dt.datetime) -> int:
    return int((moment - _EPOCH).total_seconds()) // 60

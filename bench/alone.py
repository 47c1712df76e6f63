"""Could a group of just this client fit anywhere? The benchmark's split of unplaced clients.

SPEC section 6 splits unplaced clients in two kinds: those no valid group could take even
alone (no facilitator, room or slot fits them) and the rest. A client is of the first kind
when neither of these exists, ignoring every other group and the minimum group size:

- a new group at one of her locations, weekdays and dayparts, in one of her languages, with a
  main lead and co who qualify and work there then (rules 9-11), and for every session a date
  in its window (from her anchor alone) on or after `plan_start`, not closed, at least
  `min_days_between_sessions` after the previous one, with a room open that day and a lead
  and co who can work that day (substitutes allowed), session 1 by `horizon_end` and the
  join session on or after her `available_from`;
- a published group she could join alone (programme, language, slot, join session still
  ahead and after her intake, room for one more, anchor spread and windows still met).

Dates are chosen earliest first, which is exact for a chain of sessions with minimum gaps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

from kring.planning.model import (
    WEEKDAYS,
    Client,
    ClientId,
    Facilitator,
    Instance,
    PublishedGroup,
    reference_dates,
    session_window,
)

ALONE_IMPOSSIBLE = "no_group_even_alone"
OTHER = "other"


def _speaks(language: str, lead: Facilitator, co: Facilitator) -> bool:
    """Rule 11: the lead speaks it, or the co does and shares a language with the lead."""
    return language in lead.languages or (language in co.languages and bool(lead.languages & co.languages))


class AloneChecker:
    def __init__(self, instance: Instance):
        self.inst = instance
        self.usable = [
            f for f in instance.facilitators if f.max_concurrent_groups != 0 and f.max_sessions_per_week != 0
        ]
        self._good_days = lru_cache(maxsize=None)(self._good_days_uncached)
        self._main_pair = lru_cache(maxsize=None)(self._main_pair_uncached)

    def _pair_exists(self, leads: list[Facilitator], cos: list[Facilitator], language: str) -> bool:
        return any(lead.id != co.id and _speaks(language, lead, co) for lead in leads for co in cos)

    def _main_pair_uncached(
        self, programme: str, location: str, weekday: str, daypart: str, language: str
    ) -> bool:
        def fits(f: Facilitator) -> bool:
            return location in f.locations and f.available_weekly(weekday, daypart)

        leads = [f for f in self.usable if programme in f.can_lead and fits(f)]
        cos = [f for f in self.usable if programme in f.can_co and fits(f)]
        return self._pair_exists(leads, cos, language)

    def _good_days_uncached(
        self, programme: str, location: str, weekday: str, daypart: str, language: str
    ) -> tuple[dt.date, ...]:
        """Days at this slot with a room open and some lead and co who can work then."""
        inst = self.inst
        rooms = inst.rooms_at(location)
        leads = [
            f
            for f in self.usable
            if programme in f.can_lead and location in f.locations and f.available_weekly(weekday, daypart)
        ]
        cos = [
            f
            for f in self.usable
            if programme in f.can_co and location in f.locations and f.available_weekly(weekday, daypart)
        ]
        if not rooms or not leads or not cos:
            return ()
        day = inst.plan_start + dt.timedelta(days=(WEEKDAYS.index(weekday) - inst.plan_start.weekday()) % 7)
        last = inst.horizon_end + dt.timedelta(days=600)
        good = []
        while day <= last:
            if day not in inst.closed_dates and any(r.is_open(day, daypart) for r in rooms):
                here_leads = [f for f in leads if not f.is_absent(day)]
                here_cos = [f for f in cos if not f.is_absent(day)]
                if self._pair_exists(here_leads, here_cos, language):
                    good.append(day)
            day += dt.timedelta(days=7)
        return tuple(good)

    def _chain(self, client: Client, days: tuple[dt.date, ...]) -> bool:
        programme = self.inst.programme(client.programme)
        refs = reference_dates([client.anchor_date])
        previous: dt.date | None = None
        for spec in programme.sessions:
            _, first, last = session_window(spec, refs)
            if previous is not None:
                first = max(first, previous + dt.timedelta(days=programme.min_days_between_sessions))
            if spec.number == programme.latest_join_session and client.available_from is not None:
                first = max(first, client.available_from)
            chosen = next((d for d in days if first <= d <= last), None)
            if chosen is None:
                return False
            if spec.number == 1 and chosen > self.inst.horizon_end:
                return False
            previous = chosen
        return True

    def new_group_possible(self, client: Client) -> bool:
        weekdays = [d for d in WEEKDAYS if client.accepts_weekday(d)]
        dayparts = [p.id for p in self.inst.dayparts if client.accepts_daypart(p.id)]
        for location in client.locations:
            for language in sorted(client.languages):
                for weekday in weekdays:
                    for daypart in dayparts:
                        if not self._main_pair(client.programme, location, weekday, daypart, language):
                            continue
                        days = self._good_days(client.programme, location, weekday, daypart, language)
                        if days and self._chain(client, days):
                            return True
        return False

    def can_join_published(self, client: Client, group: PublishedGroup) -> bool:
        inst = self.inst
        programme = inst.programme(group.programme)
        if (
            group.programme != client.programme
            or group.language not in client.languages
            or group.location not in client.locations
            or not client.accepts_daypart(group.daypart)
            or not client.accepts_weekday(group.weekday)
        ):
            return False
        members = [inst.client(m) for m in group.members if inst.has_client(m)]
        if len(members) + 1 > programme.group_size.max:
            return False
        anchors = [m.anchor_date for m in members] + [client.anchor_date]
        if (max(anchors) - min(anchors)).days > programme.anchor_spread_days:
            return False
        join = next(s for s in group.sessions if s.number == programme.latest_join_session)
        if join.date < inst.plan_start:
            return False
        if client.available_from is not None and client.available_from > join.date:
            return False
        refs = reference_dates(anchors)
        for s in group.sessions:
            if s.date < inst.plan_start:
                continue
            spec = programme.spec(s.number)
            _, first, last = session_window(spec, refs)
            if not first <= s.date <= last:
                return False
            if inst.room(s.room).capacity_seats < spec.seats_per_member * (len(members) + 1) + 2:
                return False
        return True

    def possible(self, client: Client) -> bool:
        if any(self.can_join_published(client, g) for g in self.inst.published):
            return True
        return self.new_group_possible(client)


def classify_unplaced(instance: Instance, unplaced: Iterable[ClientId]) -> dict[ClientId, str]:
    """ALONE_IMPOSSIBLE for clients no valid group could take even alone, OTHER for the rest."""
    checker = AloneChecker(instance)
    return {cid: OTHER if checker.possible(instance.client(cid)) else ALONE_IMPOSSIBLE for cid in unplaced}

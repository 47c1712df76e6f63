"""Where and when a group can meet: slots, facilitator pairs and session dates.

A *slot* is the fixed part of a group (programme, location, weekday, daypart, language).
These helpers answer the weekly questions of SPEC rules 7, 9-11 and 13 without looking at
other groups; `capacity.Occupancy` answers the questions that depend on other groups.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kring.planning.model import (
    WEEKDAYS,
    Client,
    DaypartId,
    Facilitator,
    Instance,
    LocationId,
    Programme,
    ProgrammeId,
    SessionSpec,
    Weekday,
    reference_dates,
    session_window,
)


@dataclass(frozen=True, slots=True)
class Slot:
    programme: ProgrammeId
    location: LocationId
    weekday: Weekday
    daypart: DaypartId
    language: str


def client_fits_slot(client: Client, slot: Slot) -> bool:
    """Rule 7 without the intake date: programme, language, location, daypart, weekday."""
    return (
        client.programme == slot.programme
        and slot.language in client.languages
        and slot.location in client.locations
        and client.accepts_daypart(slot.daypart)
        and client.accepts_weekday(slot.weekday)
    )


def client_dayparts(instance: Instance, client: Client) -> tuple[DaypartId, ...]:
    """Her acceptable dayparts, most preferred first."""
    return client.dayparts if client.dayparts is not None else tuple(d.id for d in instance.dayparts)


def client_weekdays(client: Client) -> tuple[Weekday, ...]:
    return tuple(d for d in WEEKDAYS if client.accepts_weekday(d))


def candidate_slots(
    instance: Instance, client: Client, languages: Sequence[str] | None = None
) -> Iterator[Slot]:
    """Slots acceptable to `client`: her locations and dayparts in her order, then weekday, language."""
    for location in client.locations:
        for daypart in client_dayparts(instance, client):
            for weekday in client_weekdays(client):
                for language in languages if languages is not None else sorted(client.languages):
                    if language in client.languages:
                        yield Slot(client.programme, location, weekday, daypart, language)


def language_ok(lead: Facilitator, co: Facilitator, language: str) -> bool:
    """Rule 11: the lead speaks it, or the co does and interprets for a lead she shares a language with."""
    return language in lead.languages or (language in co.languages and bool(lead.languages & co.languages))


def works_slot(person: Facilitator, slot: Slot) -> bool:
    """Rule 10 on the weekly pattern: the location, weekday and daypart (absences aside)."""
    return slot.location in person.locations and person.available_weekly(slot.weekday, slot.daypart)


def leads_for(instance: Instance, slot: Slot) -> list[Facilitator]:
    return [f for f in instance.facilitators if slot.programme in f.can_lead and works_slot(f, slot)]


def cos_for(instance: Instance, slot: Slot) -> list[Facilitator]:
    return [f for f in instance.facilitators if slot.programme in f.can_co and works_slot(f, slot)]


def facilitator_pairs(instance: Instance, slot: Slot) -> list[tuple[Facilitator, Facilitator]]:
    """Rule 9 for a new group: (main lead, co) pairs that may run `slot`, in the order to try them."""
    pairs = [
        (lead, co)
        for lead in leads_for(instance, slot)
        for co in cos_for(instance, slot)
        if lead.id != co.id and language_ok(lead, co, slot.language)
    ]
    # Leads who speak the language first; co-facilitators who cannot lead before leads acting as co,
    # whose capacity is scarcer.
    pairs.sort(
        key=lambda p: (slot.language not in p[0].languages, slot.programme in p[1].can_lead, p[0].id, p[1].id)
    )
    return pairs


def rooms_open_weekly(instance: Instance, slot: Slot) -> list[str]:
    """Rooms at the slot's location whose weekly pattern includes its weekday and daypart."""
    return [
        r.id
        for r in instance.rooms_at(slot.location)
        if r.availability is None or slot.daypart in r.availability.get(slot.weekday, frozenset())
    ]


def max_members_for_rooms(instance: Instance, programme: Programme, rooms: Sequence[str]) -> int:
    """Rule 14: the most members the biggest of `rooms` seats in every session."""
    if not rooms:
        return 0
    seats = max(s.seats_per_member for s in programme.sessions)
    biggest = max(instance.room(r).capacity_seats for r in rooms)
    return max(0, (biggest - 2) // seats)


def session_days(instance: Instance, weekday: Weekday, first: dt.date, last: dt.date) -> list[dt.date]:
    """Dates on `weekday` from `first` to `last` that are not closed (rule 2 and 6)."""
    offset = (WEEKDAYS.index(weekday) - first.weekday()) % 7
    day = first + dt.timedelta(days=offset)
    days = []
    while day <= last:
        if day not in instance.closed_dates:
            days.append(day)
        day += dt.timedelta(days=7)
    return days


def windows(
    programme: Programme, anchors: Sequence[dt.date]
) -> list[tuple[SessionSpec, dt.date, dt.date, dt.date]]:
    """(spec, ideal, earliest, latest) of every session for a group with these anchors (rule 5)."""
    refs = reference_dates(tuple(anchors))
    return [(spec, *session_window(spec, refs)) for spec in programme.sessions]


class StaffIndex:
    """Who may take a role (lead or co) for a programme at a location, weekday and daypart.

    The weekly part of rules 9 and 10, computed once per combination; a planner asks it for
    stand-ins on every date, so it must be cheap. Absences and bookings are checked by the caller.
    """

    def __init__(self, instance: Instance):
        self.instance = instance
        self._found: dict[tuple[str, ProgrammeId, LocationId, Weekday, DaypartId], tuple[str, ...]] = {}

    def eligible(self, role: str, slot: Slot) -> tuple[str, ...]:
        key = (role, slot.programme, slot.location, slot.weekday, slot.daypart)
        found = self._found.get(key)
        if found is None:
            found = tuple(
                f.id
                for f in self.instance.facilitators
                if slot.programme in (f.can_lead if role == "lead" else f.can_co) and works_slot(f, slot)
            )
            self._found[key] = found
        return found

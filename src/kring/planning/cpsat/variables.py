"""Candidate groups (columns) and their variants, enumerated before any solver runs.

A *column* is a possible new group without its staff: programme, location, weekday, daypart,
language and an anchor band [first, last] whose ends are member anchors (so the reference
dates, and with them every session window, are known exactly). A *variant* of a column adds
the main lead, main co and the room of session 1, with the cheapest schedule for them
(sessions.best_schedule). The solver picks at most one variant per chosen column.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from kring.planning.cpsat.sessions import Schedule, SessionChoice, SubstituteFinder, best_schedule, speaks
from kring.planning.model import (
    WEEKDAYS,
    Client,
    ClientId,
    DaypartId,
    Facilitator,
    Instance,
    LocationId,
    PlanGroup,
    Programme,
    Room,
    Weekday,
    reference_dates,
    session_window,
)


@dataclass(frozen=True, slots=True)
class Slot:
    programme: str
    location: LocationId
    weekday: Weekday
    daypart: DaypartId
    language: str


@dataclass(slots=True)
class Variant:
    index: int
    column: int
    lead: str
    co: str
    main_room: str
    schedule: Schedule
    join_date: dt.date  # date of session latest_join_session


@dataclass(slots=True)
class Column:
    index: int
    slot: Slot
    first: dt.date
    last: dt.date
    members: tuple[ClientId, ...]  # statically compatible clients with anchor in the band
    variants: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Candidates:
    columns: list[Column]
    variants: list[Variant]
    # clients compatible with at least one slot that has staff and a room (for unplaced reasons)
    slot_clients: dict[ClientId, int]


def client_fits_slot(client: Client, slot: Slot) -> bool:
    """Rule 7 without the intake date: programme, language, location, daypart, weekday."""
    return (
        client.programme == slot.programme
        and slot.language in client.languages
        and slot.location in client.locations
        and client.accepts_daypart(slot.daypart)
        and client.accepts_weekday(slot.weekday)
    )


def staff_pairs(instance: Instance, slot: Slot) -> list[tuple[Facilitator, Facilitator]]:
    """Main lead/co pairs allowed for a new group at this slot (rule 9, absences aside)."""

    def works(f: Facilitator) -> bool:
        return slot.location in f.locations and f.available_weekly(slot.weekday, slot.daypart)

    leads = [f for f in instance.facilitators if slot.programme in f.can_lead and works(f)]
    cos = [f for f in instance.facilitators if slot.programme in f.can_co and works(f)]
    return [
        (lead, co) for lead in leads for co in cos if lead.id != co.id and speaks(slot.language, lead, co)
    ]


def spread_pairs(
    pairs: list[tuple[Facilitator, Facilitator]], limit: int
) -> list[tuple[Facilitator, Facilitator]]:
    """At most `limit` pairs, taking each lead (and co) in turn so that no one is left out."""
    chosen: list[tuple[Facilitator, Facilitator]] = []
    used_leads: dict[str, int] = {}
    used_cos: dict[str, int] = {}
    rest = list(pairs)
    while rest and len(chosen) < limit:
        best = min(
            rest, key=lambda p: (used_leads.get(p[0].id, 0) + used_cos.get(p[1].id, 0), p[0].id, p[1].id)
        )
        rest.remove(best)
        chosen.append(best)
        used_leads[best[0].id] = used_leads.get(best[0].id, 0) + 1
        used_cos[best[1].id] = used_cos.get(best[1].id, 0) + 1
    return chosen


def weekly_open_rooms(
    instance: Instance, location: LocationId, weekday: Weekday, daypart: DaypartId
) -> list[Room]:
    return [
        r
        for r in instance.rooms_at(location)
        if r.availability is None or daypart in r.availability.get(weekday, frozenset())
    ]


def enumerate_slots(instance: Instance) -> list[Slot]:
    slots = []
    languages = sorted({lang for c in instance.clients for lang in c.languages})
    for prog in instance.programmes:
        for loc in instance.locations:
            for wd in WEEKDAYS:
                for part in instance.dayparts:
                    if not weekly_open_rooms(instance, loc.id, wd, part.id):
                        continue
                    for lang in languages:
                        slot = Slot(prog.id, loc.id, wd, part.id, lang)
                        if staff_pairs(instance, slot):
                            slots.append(slot)
    return slots


BandPolicy = Callable[[list[dt.date], list[int], Programme], list[tuple[int, int]]]


def all_bands(anchors: list[dt.date], counts: list[int], prog: Programme) -> list[tuple[int, int]]:
    """Every (i, j) of distinct anchors within the spread holding at least `min` clients."""
    out = []
    prefix = [0]
    for c in counts:
        prefix.append(prefix[-1] + c)
    for i, a0 in enumerate(anchors):
        for j in range(i, len(anchors)):
            if (anchors[j] - a0).days > prog.anchor_spread_days:
                break
            if prefix[j + 1] - prefix[i] >= prog.group_size.min:
                out.append((i, j))
    return out


def limited_bands(anchors: list[dt.date], counts: list[int], prog: Programme) -> list[tuple[int, int]]:
    """Per first anchor: the widest band, and the narrowest holding `target` and `max` clients."""
    out: list[tuple[int, int]] = []
    prefix = [0]
    for c in counts:
        prefix.append(prefix[-1] + c)
    size = prog.group_size
    for i, a0 in enumerate(anchors):
        j_max = bisect_right(anchors, a0 + dt.timedelta(days=prog.anchor_spread_days)) - 1
        if prefix[j_max + 1] - prefix[i] < size.min:
            continue
        picks = {j_max}
        for want in (size.min, size.target, size.max):
            j = bisect_left(prefix, prefix[i] + want) - 1
            if i <= j <= j_max:
                picks.add(j)
        out.extend((i, j) for j in sorted(picks))
    return out


def sparse_bands(anchors: list[dt.date], counts: list[int], prog: Programme) -> list[tuple[int, int]]:
    """For large instances: per first anchor only the narrowest band holding `max` clients (or the widest)."""
    return _sparse(anchors, counts, prog, 1)


def sparser_bands(anchors: list[dt.date], counts: list[int], prog: Programme) -> list[tuple[int, int]]:
    """As `sparse_bands`, from every other first anchor (and always the last one that fits)."""
    return _sparse(anchors, counts, prog, 2)


def _sparse(anchors: list[dt.date], counts: list[int], prog: Programme, stride: int) -> list[tuple[int, int]]:
    out = []
    prefix = [0]
    for c in counts:
        prefix.append(prefix[-1] + c)
    size = prog.group_size
    for i, a0 in enumerate(anchors):
        if i % stride:
            continue
        j_max = bisect_right(anchors, a0 + dt.timedelta(days=prog.anchor_spread_days)) - 1
        if prefix[j_max + 1] - prefix[i] < size.min:
            continue
        j = bisect_left(prefix, prefix[i] + size.max) - 1
        out.append((i, j if i <= j <= j_max else j_max))
    return out


class EnumerationCache:
    """What candidate enumeration can reuse across calls on one instance."""

    def __init__(self, instance: Instance):
        self.subs = SubstituteFinder(instance)
        self.slots = enumerate_slots(instance)
        ordered = sorted(instance.clients, key=lambda c: (c.anchor_date, c.id))
        self.fits = {s: [c for c in ordered if client_fits_slot(c, s)] for s in self.slots}
        self.pairs = {s: staff_pairs(instance, s) for s in self.slots}
        self.base: dict[tuple[object, ...], Schedule | None] = {}
        self.paired: dict[tuple[object, ...], Schedule | None] = {}


def enumerate_candidates(
    instance: Instance,
    *,
    bands: BandPolicy = all_bands,
    max_variants_per_column: int | None = None,
    allow_substitutes: bool = True,
    first_between: tuple[dt.date, dt.date] | None = None,
    exclude: frozenset[ClientId] = frozenset(),
    max_pairs: int | None = None,
    cache: EnumerationCache | None = None,
) -> Candidates:
    """Columns and variants; `first_between` keeps bands whose first anchor lies in [lo, hi).

    Pass one `cache` to repeated calls on the same instance (the window search) to reuse
    slots, staff pairs and schedules.
    """
    if cache is None:
        cache = EnumerationCache(instance)
    subs = cache.subs
    columns: list[Column] = []
    variants: list[Variant] = []
    slot_clients: dict[ClientId, int] = {}
    base_cache = cache.base
    for slot in cache.slots:
        prog = instance.programme(slot.programme)
        fits = [c for c in cache.fits[slot] if c.id not in exclude]
        for c in fits:
            slot_clients[c.id] = slot_clients.get(c.id, 0) + 1
        if len(fits) < prog.group_size.min:
            continue
        anchors = sorted({c.anchor_date for c in fits})
        counts = [0] * len(anchors)
        pos = {a: k for k, a in enumerate(anchors)}
        for c in fits:
            counts[pos[c.anchor_date]] += 1
        pairs = cache.pairs[slot]
        if max_pairs is not None and len(pairs) > max_pairs:
            pairs = spread_pairs(pairs, max_pairs)
        rooms = tuple(weekly_open_rooms(instance, slot.location, slot.weekday, slot.daypart))
        all_rooms = instance.rooms_at(slot.location)
        join = prog.latest_join_session
        for i, j in bands(anchors, counts, prog):
            first, last = anchors[i], anchors[j]
            if first_between is not None and not first_between[0] <= first < first_between[1]:
                continue
            members = tuple(c.id for c in fits if first <= c.anchor_date <= last)
            column = Column(len(columns), slot, first, last, members)
            found: list[Variant] = []
            for room in rooms:
                key = (slot.programme, slot.location, slot.weekday, slot.daypart, first, last, room.id)
                if key not in base_cache:
                    base_cache[key] = best_schedule(
                        instance,
                        prog,
                        slot.location,
                        slot.weekday,
                        slot.daypart,
                        slot.language,
                        first,
                        last,
                        pairs[0][0],
                        pairs[0][1],
                        room,
                        all_rooms,
                        subs,
                        min_members=prog.group_size.min,
                        latest_first_session=instance.horizon_end,
                        staff_free=True,
                    )
                base = base_cache[key]
                if base is None:
                    continue  # no schedule even without absences
                for lead, co in pairs:
                    pair_key = (*key, lead.id, co.id, slot.language)
                    sched: Schedule | None
                    if pair_key in cache.paired:
                        sched = cache.paired[pair_key]
                    elif not any(lead.is_absent(x.date) or co.is_absent(x.date) for x in base.sessions):
                        sched = replace(
                            base,
                            sessions=tuple(replace(x, lead=lead.id, co=co.id) for x in base.sessions),
                        )
                    else:
                        sched = best_schedule(
                            instance,
                            prog,
                            slot.location,
                            slot.weekday,
                            slot.daypart,
                            slot.language,
                            first,
                            last,
                            lead,
                            co,
                            room,
                            all_rooms,
                            subs,
                            min_members=prog.group_size.min,
                            allow_substitutes=allow_substitutes,
                            latest_first_session=instance.horizon_end,
                        )
                    cache.paired[pair_key] = sched
                    if sched is None:
                        continue
                    found.append(
                        Variant(
                            -1, column.index, lead.id, co.id, room.id, sched, sched.sessions[join - 1].date
                        )
                    )
            if not found:
                continue
            found.sort(
                key=lambda v: (v.schedule.cost - 10 * v.schedule.member_cap, v.lead, v.co, v.main_room)
            )
            if max_variants_per_column is not None:
                found = found[:max_variants_per_column]
            for v in found:
                v.index = len(variants)
                column.variants.append(v.index)
                variants.append(v)
            columns.append(column)
    return Candidates(columns, variants, slot_clients)


# ---------------------------------------------------------------- the CP-SAT variables

Literal = object  # a cp_model literal (BoolVar), kept opaque here


@dataclass(slots=True)
class Usage:
    """Who and what each optional session would occupy, filled by groups and published groups.

    The facilitator and room modules turn these into constraints; `None` as a literal means
    the booking is fixed (history, or a published session that cannot move).
    """

    # (facilitator, date) -> [(daypart, literal)]
    person_day: dict[tuple[str, dt.date], list[tuple[DaypartId, object]]] = field(default_factory=dict)
    # (facilitator, iso year, iso week) -> [literal]
    person_week: dict[tuple[str, int, int], list[object]] = field(default_factory=dict)
    # facilitator -> [(first, last, literal)] for groups run as main lead or co
    person_runs: dict[str, list[tuple[dt.date, dt.date, object]]] = field(default_factory=dict)
    # (room, date) -> [(daypart, literal)]
    room_day: dict[tuple[str, dt.date], list[tuple[DaypartId, object]]] = field(default_factory=dict)

    def session(
        self,
        lead: str,
        co: str,
        room: str | None,
        day: dt.date,
        daypart: DaypartId,
        lit: object,
        *,
        history: bool = False,
    ) -> None:
        year, week, _ = day.isocalendar()
        for person in (lead, co):
            if not history:
                self.person_day.setdefault((person, day), []).append((daypart, lit))
            self.person_week.setdefault((person, year, week), []).append(lit)
        if room is not None and not history:
            self.room_day.setdefault((room, day), []).append((daypart, lit))

    def run(self, lead: str, co: str, first: dt.date, last: dt.date, lit: object) -> None:
        for person in (lead, co):
            self.person_runs.setdefault(person, []).append((first, last, lit))


def schedule_of(instance: Instance, group: PlanGroup) -> Schedule:
    """The exact schedule (and its costs) of an existing plan group, to offer it as a variant."""
    prog = instance.programme(group.programme)
    w = instance.weights
    refs = reference_dates([instance.client(m).anchor_date for m in group.members])
    sessions = tuple(
        SessionChoice(s.number, s.date, s.room, s.lead, s.co)
        for s in sorted(group.sessions, key=lambda s: s.number)
    )
    timing = sum(abs((s.date - session_window(prog.spec(s.number), refs)[0]).days) for s in sessions)
    first_room = sessions[0].room
    cap = min(
        (instance.room(s.room).capacity_seats - 2) // prog.spec(s.number).seats_per_member for s in sessions
    )
    return Schedule(
        sessions=sessions,
        timing=timing * w["timing"],
        substitute=w["substitute"] * sum((s.lead != group.lead) + (s.co != group.co) for s in sessions),
        room_change=w["room_change"] * sum(s.room != first_room for s in sessions),
        room_cost=w["room_cost"] * sum(instance.room(s.room).cost_per_session for s in sessions),
        member_cap=min(cap, prog.group_size.max),
    )


def inject_groups(instance: Instance, cands: Candidates, groups: list[PlanGroup]) -> dict[str, int]:
    """Offer existing new groups (e.g. greedy's) as variants with their exact schedules.

    Finds or creates each group's column; returns group id -> variant index, for hinting.
    """
    index = {(c.slot, c.first, c.last): c for c in cands.columns}
    out: dict[str, int] = {}
    clients = sorted(instance.clients, key=lambda c: (c.anchor_date, c.id))
    for g in groups:
        if not g.members or not all(instance.has_client(m) for m in g.members):
            continue
        slot = Slot(g.programme, g.location, g.weekday, g.daypart, g.language)
        anchors = [instance.client(m).anchor_date for m in g.members]
        first, last = min(anchors), max(anchors)
        col = index.get((slot, first, last))
        if col is None:
            members = tuple(
                c.id for c in clients if first <= c.anchor_date <= last and client_fits_slot(c, slot)
            )
            col = Column(len(cands.columns), slot, first, last, members)
            cands.columns.append(col)
            index[(slot, first, last)] = col
        missing = [m for m in g.members if m not in col.members]
        if missing:
            col.members = tuple(sorted(set(col.members) | set(missing)))
        sched = schedule_of(instance, g)
        join = instance.programme(g.programme).latest_join_session
        v = Variant(
            len(cands.variants),
            col.index,
            g.lead,
            g.co,
            g.sessions[0].room,
            sched,
            sched.sessions[join - 1].date,
        )
        cands.variants.append(v)
        col.variants.append(v.index)
        out[g.id] = v.index
    return out

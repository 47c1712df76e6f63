"""Published groups and repair (rule 16): keep what was announced, change only what breaks.

Every future session of a published group gets a short list of options: the published
session itself when it is still valid, otherwise (and always, at a price) the same date with
a substitute or another room, or another date in its window. Each option carries the
`published_change` it costs, so the solver keeps every published session that stays valid
unless keeping it would cost more elsewhere. History is fixed and only counts toward the
facilitators' weekly and concurrency limits. New clients do not join published groups here.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from kring.planning.cpsat.sessions import dates_in_window, speaks
from kring.planning.cpsat.variables import Usage
from kring.planning.model import (
    ClientId,
    Instance,
    PublishedGroup,
    PublishedSession,
    reference_dates,
    session_window,
)

PAIRS_PER_DATE_ROOM = 3
SHIFT_WEEKS_WITHOUT_MEMBERS = 2


@dataclass(frozen=True, slots=True)
class Option:
    number: int
    date: dt.date
    room: str
    lead: str
    co: str
    cost: int  # timing + substitute + room cost + published change (room change is separate)
    changes: int  # fields differing from the published session


@dataclass(slots=True)
class PublishedVars:
    group: PublishedGroup
    members: tuple[ClientId, ...]
    keep: cp_model.IntVar | None  # None: always kept
    history: tuple[PublishedSession, ...]
    options: dict[int, list[tuple[Option, cp_model.IntVar]]] = field(default_factory=dict)
    room_change: list[cp_model.IntVar] = field(default_factory=list)
    constant: int = 0  # below target and preference terms of the kept members


def _options(
    instance: Instance,
    g: PublishedGroup,
    s: PublishedSession,
    members: tuple[ClientId, ...],
    refs: dict[str, dt.date] | None,
) -> list[Option]:
    prog = instance.programme(g.programme)
    spec = prog.spec(s.number)
    w = instance.weights
    if refs is not None:
        ideal, lo, hi = session_window(spec, refs)
    else:
        ideal = s.date
        lo = s.date - dt.timedelta(weeks=SHIFT_WEEKS_WITHOUT_MEMBERS)
        hi = s.date + dt.timedelta(weeks=SHIFT_WEEKS_WITHOUT_MEMBERS)
    need = spec.seats_per_member * len(members) + 2
    leads = [f for f in instance.facilitators if g.programme in f.can_lead]
    cos = [f for f in instance.facilitators if g.programme in f.can_co]
    out = []
    for day in dates_in_window(lo, hi, g.weekday, instance.plan_start, instance.closed_dates):
        timing = abs((day - ideal).days) * w["timing"] if refs is not None else 0
        rooms = [
            r for r in instance.rooms_at(g.location) if r.is_open(day, g.daypart) and r.capacity_seats >= need
        ]
        ok_leads = [f for f in leads if f.can_work(g.location, day, g.daypart)]
        ok_cos = [f for f in cos if f.can_work(g.location, day, g.daypart)]
        for room in rooms:
            found = []
            for lead in ok_leads:
                for co in ok_cos:
                    if lead.id == co.id or not speaks(g.language, lead, co):
                        continue
                    changes = (day != s.date) + (room.id != s.room) + (lead.id != s.lead) + (co.id != s.co)
                    cost = (
                        timing
                        + room.cost_per_session * w["room_cost"]
                        + w["substitute"] * ((lead.id != g.lead) + (co.id != g.co))
                        + w["published_change"] * changes
                    )
                    found.append(Option(s.number, day, room.id, lead.id, co.id, cost, changes))
            found.sort(key=lambda o: (o.cost, o.lead, o.co))
            out.extend(found[:PAIRS_PER_DATE_ROOM])
    out.sort(key=lambda o: (o.cost, o.date, o.room, o.lead, o.co))
    return out


def add_published(
    model: cp_model.CpModel, instance: Instance, usage: Usage, *, pin_valid: bool = False
) -> tuple[list[PublishedVars], list[str]]:
    """Options and constraints for every published group; problems when one cannot be kept valid."""
    result: list[PublishedVars] = []
    problems: list[str] = []
    w = instance.weights
    for g in instance.published:
        prog = instance.programme(g.programme)
        members = tuple(m for m in g.members if instance.has_client(m))
        refs = reference_dates([instance.client(m).anchor_date for m in members]) if members else None
        sessions = sorted(g.sessions, key=lambda s: s.number)
        history = tuple(s for s in sessions if s.date < instance.plan_start)
        future = [s for s in sessions if s.date >= instance.plan_start]
        keep: cp_model.IntVar | None = None
        if not members:
            keep = model.new_bool_var(f"keep_{g.id}")
        pv = PublishedVars(g, members, keep, history)
        size = prog.group_size
        pv.constant = w["below_target"] * max(0, size.target - len(members)) + sum(
            w["daypart_preference"] * instance.client(m).daypart_rank(g.daypart)
            + w["location_preference"] * instance.client(m).location_rank(g.location)
            for m in members
        )
        for s in history:
            usage.session(s.lead, s.co, s.room, s.date, g.daypart, keep, history=True)
        dates: dict[int, object] = {s.number: s.date.toordinal() for s in history}
        rooms_of: dict[int, dict[str, object]] = {s.number: {s.room: 1} for s in history}
        broken = False
        for s in future:
            opts = _options(instance, g, s, members, refs)
            if not opts:
                problems.append(
                    f"published group {g.id}: session {s.number} has no valid date, room and staff"
                )
                broken = True
                break
            if pin_valid and any(o.changes == 0 for o in opts):
                opts = [o for o in opts if o.changes == 0]  # still valid: it stays as announced
            lits = []
            for k, o in enumerate(opts):
                lit = model.new_bool_var(f"p_{g.id}_{s.number}_{k}")
                lits.append((o, lit))
                usage.session(o.lead, o.co, o.room, o.date, g.daypart, lit)
            choice = [lit for _, lit in lits]
            if keep is None:
                model.add_exactly_one(choice)
            else:
                model.add(sum(choice) == keep)
            pv.options[s.number] = lits
            dates[s.number] = sum(o.date.toordinal() * lit for o, lit in lits)
            by_room: dict[str, list[cp_model.IntVar]] = {}
            for o, lit in lits:
                by_room.setdefault(o.room, []).append(lit)
            rooms_of[s.number] = {r: sum(ls) for r, ls in by_room.items()}
        if broken:
            continue
        gap = max(prog.min_days_between_sessions, 1)
        for a, b in itertools.pairwise(sessions):
            if a.number in pv.options or b.number in pv.options:
                c = model.add(dates[b.number] - dates[a.number] >= gap)  # type: ignore[operator]
                if keep is not None:
                    c.only_enforce_if(keep)
        first_rooms = rooms_of[1]
        for s in future:
            if s.number == 1:
                continue
            rc = model.new_bool_var(f"rc_{g.id}_{s.number}")
            for room, ind in first_rooms.items():
                model.add(rc >= ind - rooms_of[s.number].get(room, 0))  # type: ignore[operator]
            pv.room_change.append(rc)
        # Rule 12's concurrency: the group runs from its first to its last session date;
        # where those can move, book the widest span the options allow.
        first = sessions[0].date if 1 not in pv.options else min(o.date for o, _ in pv.options[1])
        n = sessions[-1].number
        last = sessions[-1].date if n not in pv.options else max(o.date for o, _ in pv.options[n])
        usage.run(g.lead, g.co, first, last, keep)
        result.append(pv)
    return result, problems


def published_cost(pv: PublishedVars, instance: Instance) -> tuple[Any, int]:
    """(variable part, constant part) of this published group's penalty."""
    w = instance.weights
    expr: Any = sum(o.cost * lit for lits in pv.options.values() for o, lit in lits)
    expr += sum(w["room_change"] * rc for rc in pv.room_change)
    future = len(pv.options)
    if pv.keep is None:
        return expr, pv.constant
    # cancelling drops every future session, each counting 4 published changes
    cancel = 4 * w["published_change"] * future * (1 - pv.keep)
    return expr + cancel + pv.constant * pv.keep, 0

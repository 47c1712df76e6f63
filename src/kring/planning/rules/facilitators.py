"""SPEC 3, rules 9-12: the facilitators."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from kring.planning.model import (
    PlanSession,
    weekday_of,
)
from kring.planning.rules.context import Violation, _Context, _GroupInfo, _roles, _speaks, _v, _where


def _qualified(ctx: _Context) -> Iterator[Violation]:
    """Hard: lead and co are two qualified people; a new group's main pair also fits its slot and language."""
    fac = ctx.index.facilitators
    for info in ctx.infos:
        g = info.group
        for s in info.future():
            if s.lead == s.co:
                yield _v(
                    9,
                    "same_lead_and_co",
                    f"{_where(info, s)}: {s.lead} is both lead and co",
                    info,
                    s,
                    facilitator=s.lead,
                )
            lead, co = fac.get(s.lead), fac.get(s.co)
            if lead is not None and g.programme not in lead.can_lead:
                yield _v(
                    9,
                    "lead_not_qualified",
                    f"{_where(info, s)}: {s.lead} may not lead {g.programme}",
                    info,
                    s,
                    facilitator=s.lead,
                )
            if co is not None and g.programme not in co.can_co:
                yield _v(
                    9,
                    "co_not_qualified",
                    f"{_where(info, s)}: {s.co} may not co-facilitate {g.programme}",
                    info,
                    s,
                    facilitator=s.co,
                )
        if info.published is None:
            yield from _main_pair(ctx, info)


def _main_pair(ctx: _Context, info: _GroupInfo) -> Iterator[Violation]:
    # SPEC reading: rule 9 asks a new group's main pair to meet rules 10-11 for the group's slot;
    # those failures are reported as rule 9 (the rule that states the condition).
    g = info.group
    fac = ctx.index.facilitators
    if g.lead == g.co:
        yield _v(
            9,
            "main_same_lead_and_co",
            f"group {g.id}: {g.lead} is both main lead and co",
            info,
            facilitator=g.lead,
        )
    lead, co = fac.get(g.lead), fac.get(g.co)
    if lead is not None and g.programme not in lead.can_lead:
        yield _v(
            9,
            "main_lead_not_qualified",
            f"group {g.id}: main lead {g.lead} may not lead {g.programme}",
            info,
            facilitator=g.lead,
        )
    if co is not None and g.programme not in co.can_co:
        yield _v(
            9,
            "main_co_not_qualified",
            f"group {g.id}: main co {g.co} may not co-facilitate {g.programme}",
            info,
            facilitator=g.co,
        )
    for role, f in (("lead", lead), ("co", co)):
        if f is None or (role == "co" and g.co == g.lead):
            continue
        if g.location not in f.locations:
            yield _v(
                9,
                "main_facilitator_wrong_location",
                f"group {g.id}: main {role} {f.id} does not work at {g.location}",
                info,
                facilitator=f.id,
            )
        if not f.available_weekly(g.weekday, g.daypart):
            yield _v(
                9,
                "main_facilitator_unavailable",
                f"group {g.id}: main {role} {f.id} is not available on {g.weekday} {g.daypart}",
                info,
                facilitator=f.id,
            )
    if lead is not None and co is not None and not _speaks(g.language, lead, co):
        yield _v(
            9,
            "main_language_not_covered",
            f"group {g.id}: neither main lead {lead.id} nor co {co.id} (sharing a language with the lead) "
            f"speaks {g.language}",
            info,
            facilitator=lead.id,
        )


def _facilitator_available(ctx: _Context) -> Iterator[Violation]:
    """Hard: in every future session lead and co work at the location, are available and not absent."""
    fac = ctx.index.facilitators
    for info in ctx.infos:
        g = info.group
        for s in info.future():
            for role, fid in _roles(s):
                f = fac.get(fid)
                if f is None:
                    continue
                if g.location not in f.locations:
                    yield _v(
                        10,
                        "facilitator_wrong_location",
                        f"{_where(info, s)}: {role} {fid} does not work at {g.location}",
                        info,
                        s,
                        facilitator=fid,
                    )
                if not f.available_weekly(weekday_of(s.date), g.daypart):
                    yield _v(
                        10,
                        "facilitator_unavailable",
                        f"{_where(info, s)}: {role} {fid} is not available on "
                        f"{weekday_of(s.date)} {g.daypart}",
                        info,
                        s,
                        facilitator=fid,
                    )
                if f.is_absent(s.date):
                    yield _v(
                        10,
                        "facilitator_absent",
                        f"{_where(info, s)}: {role} {fid} is absent",
                        info,
                        s,
                        facilitator=fid,
                    )


def _language(ctx: _Context) -> Iterator[Violation]:
    """Hard: the lead speaks the group's language, or the co does and shares a language with the lead."""
    fac = ctx.index.facilitators
    for info in ctx.infos:
        g = info.group
        for s in info.future():
            lead, co = fac.get(s.lead), fac.get(s.co)
            if lead is not None and co is not None and not _speaks(g.language, lead, co):
                yield _v(
                    11,
                    "language_not_covered",
                    f"{_where(info, s)}: neither lead {s.lead} nor co {s.co} (sharing a language with the "
                    f"lead) speaks {g.language}",
                    info,
                    s,
                    facilitator=s.lead,
                )


@dataclass(frozen=True, slots=True)
class _Booking:
    start: dt.datetime  # UTC
    end: dt.datetime
    info: _GroupInfo
    session: PlanSession
    history: bool


def _bookings(ctx: _Context) -> dict[str, list[_Booking]]:
    """Every session (history included) of every known facilitator, as lead or co."""
    result: dict[str, list[_Booking]] = defaultdict(list)
    for info in ctx.infos:
        for s in info.group.sessions:
            times = ctx.interval(info, s)
            if times is None:
                continue
            booking = _Booking(times[0], times[1], info, s, info.is_history(s))
            for _role, fid in _roles(s):
                if fid in ctx.index.facilitators:
                    result[fid].append(booking)
    return result


def _workload(ctx: _Context) -> Iterator[Violation]:
    """Hard: nobody is in two sessions at once, nor over their weekly or concurrent-group limit."""
    bookings = _bookings(ctx)
    for fid in sorted(bookings):
        items = sorted(bookings[fid], key=lambda b: (b.start, b.end))
        yield from _overlaps(fid, items)
        limit = ctx.index.facilitators[fid].max_sessions_per_week
        if limit is not None:
            yield from _week_limit(fid, items, limit)
    yield from _concurrency(ctx)


def _overlaps(fid: str, items: list[_Booking]) -> Iterator[Violation]:
    active: list[_Booking] = []
    for b in items:
        active = [a for a in active if a.end > b.start]  # half-open: an end at b's start is no overlap
        for a in active:
            if a.history and b.history:
                continue
            yield _v(
                12,
                "facilitator_double_booked",
                f"{fid} is in {_where(a.info, a.session)} and {_where(b.info, b.session)} at overlapping "
                "times",
                b.info,
                b.session,
                facilitator=fid,
            )
        active.append(b)


def _week_limit(fid: str, items: list[_Booking], limit: int) -> Iterator[Violation]:
    weeks: dict[tuple[int, int], list[_Booking]] = defaultdict(list)
    for b in items:
        iso = b.session.date.isocalendar()
        weeks[(iso.year, iso.week)].append(b)
    for (year, week), week_items in sorted(weeks.items()):
        # History alone over the limit is the past, not this plan's doing.
        if len(week_items) > limit and not all(b.history for b in week_items):
            first = next(b for b in week_items if not b.history)
            yield _v(
                12,
                "facilitator_week_limit",
                f"{fid} has {len(week_items)} sessions in ISO week {year}-W{week:02d}, more than {limit}",
                first.info,
                first.session,
                facilitator=fid,
            )


def _concurrency(ctx: _Context) -> Iterator[Violation]:
    spans: dict[str, list[tuple[dt.date, dt.date, str]]] = defaultdict(list)
    for info in ctx.infos:
        if not info.group.sessions:
            continue
        first = min(s.date for s in info.group.sessions)
        last = max(s.date for s in info.group.sessions)
        for fid in {info.group.lead, info.group.co}:
            spans[fid].append((first, last, info.group.id))
    for fid in sorted(spans):
        f = ctx.index.facilitators.get(fid)
        if f is None or f.max_concurrent_groups is None:
            continue
        yield from _concurrency_runs(ctx, fid, spans[fid], f.max_concurrent_groups)


def _concurrency_runs(
    ctx: _Context, fid: str, spans: list[tuple[dt.date, dt.date, str]], limit: int
) -> Iterator[Violation]:
    # Dates before plan_start see only history (new sessions cannot lie there), so they are exempt.
    events: dict[dt.date, list[tuple[int, str]]] = defaultdict(list)
    for first, last, gid in spans:
        first = max(first, ctx.instance.plan_start)
        if first > last:
            continue
        events[first].append((1, gid))
        events[last + dt.timedelta(days=1)].append((-1, gid))
    active: Counter[str] = Counter()
    run: tuple[dt.date, int, set[str]] | None = None  # start, most groups, groups seen
    for day in sorted(events):
        for delta, gid in events[day]:
            active[gid] += delta
            if active[gid] == 0:
                del active[gid]
        count = sum(active.values())
        if count > limit:
            if run is None:
                run = (day, count, set(active))
            else:
                run = (run[0], max(run[1], count), run[2] | set(active))
        elif run is not None:
            yield _concurrency_violation(fid, run, day - dt.timedelta(days=1), limit)
            run = None
    if run is not None:  # cannot happen: every span closes; kept for safety
        yield _concurrency_violation(fid, run, run[0], limit)


def _concurrency_violation(
    fid: str, run: tuple[dt.date, int, set[str]], until: dt.date, limit: int
) -> Violation:
    start, most, gids = run
    return Violation(
        12,
        "facilitator_concurrent_limit",
        f"{fid} is main lead or co of {most} groups at once from {start} to {until} "
        f"({', '.join(sorted(gids))}), more than {limit}",
        facilitator=fid,
        date=start,
    )

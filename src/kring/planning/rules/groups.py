"""SPEC 3, rules 1-6: the groups (series, slot, size, spread, windows, calendar)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator

from kring.planning.model import (
    session_window,
    weekday_of,
)
from kring.planning.rules.context import Violation, _Context, _v, _where


def _series(ctx: _Context) -> Iterator[Violation]:
    """Hard: a group has every session of its programme once, on increasing dates far enough apart."""
    for info in ctx.infos:
        prog = info.programme
        if prog is None:
            continue
        gid = info.group.id
        n = prog.session_count
        counts = Counter(s.number for s in info.group.sessions)
        for number in sorted(counts):
            if not 1 <= number <= n:
                yield _v(
                    1,
                    "session_number_invalid",
                    f"group {gid}: session number {number} is not in 1..{n} of {prog.id}",
                    info,
                )
            elif counts[number] > 1:
                yield _v(
                    1,
                    "session_duplicated",
                    f"group {gid}: session {number} appears {counts[number]} times",
                    info,
                )
        for number in range(1, n + 1):
            if number not in counts:
                yield _v(1, "session_missing", f"group {gid}: session {number} of {prog.id} is missing", info)
        ordered = [info.by_number[k] for k in range(1, n + 1) if k in info.by_number]
        for a, b in itertools.pairwise(ordered):
            gap = (b.date - a.date).days
            if gap <= 0:
                yield _v(
                    1,
                    "sessions_not_increasing",
                    f"group {gid}: session {b.number} on {b.date} is not after "
                    f"session {a.number} on {a.date}",
                    info,
                    b,
                )
            elif gap < prog.min_days_between_sessions:
                yield _v(
                    1,
                    "sessions_too_close",
                    f"group {gid}: sessions {a.number} ({a.date}) and {b.number} ({b.date}) are {gap} days "
                    f"apart, less than {prog.min_days_between_sessions}",
                    info,
                    b,
                )


def _slot(ctx: _Context) -> Iterator[Violation]:
    """Hard: every session is on the group's weekday, at its daypart's times, in a room of its location."""
    for info in ctx.infos:
        g = info.group
        for s in info.future():
            day = weekday_of(s.date)
            if day != g.weekday:
                yield _v(
                    2,
                    "wrong_weekday",
                    f"{_where(info, s)}: a {day}, but the group meets on {g.weekday}",
                    info,
                    s,
                )
            if not ctx.times_ok(info, s):
                yield _v(
                    2,
                    "wrong_times",
                    f"{_where(info, s)}: {s.start.isoformat()}..{s.end.isoformat()} are not the "
                    f"{g.daypart} times",
                    info,
                    s,
                )
            room = ctx.index.rooms.get(s.room)
            if room is not None and room.location != g.location:
                yield _v(
                    2,
                    "room_wrong_location",
                    f"{_where(info, s)}: room {s.room} is at {room.location}, the group at {g.location}",
                    info,
                    s,
                    room=s.room,
                )


def _size(ctx: _Context) -> Iterator[Violation]:
    """Hard: a new group has min..max members; a published group at most max."""
    for info in ctx.infos:
        if info.programme is None:
            continue
        size = info.programme.group_size
        n = len(info.group.members)
        if info.published is None and n < size.min:
            yield _v(
                3, "group_too_small", f"group {info.group.id} has {n} members, fewer than {size.min}", info
            )
        if n > size.max:
            yield _v(
                3, "group_too_large", f"group {info.group.id} has {n} members, more than {size.max}", info
            )


def _spread(ctx: _Context) -> Iterator[Violation]:
    """Hard: the members' anchor dates span at most anchor_spread_days (published: when gaining a member)."""
    for info in ctx.infos:
        if info.programme is None or len(info.members) < 2:
            continue
        if info.published is not None and not info.joiners:
            continue
        first = min(info.members, key=lambda c: c.anchor_date)
        last = max(info.members, key=lambda c: c.anchor_date)
        span = (last.anchor_date - first.anchor_date).days
        if span > info.programme.anchor_spread_days:
            yield _v(
                4,
                "anchor_spread_too_wide",
                f"group {info.group.id}: anchors span {span} days ({first.id} {first.anchor_date} to "
                f"{last.id} {last.anchor_date}), more than {info.programme.anchor_spread_days}",
                info,
            )


def _windows(ctx: _Context) -> Iterator[Violation]:
    """Hard: every future session lies inside its window, computed from the group's final members."""
    for info in ctx.infos:
        if info.programme is None or info.references is None:
            continue
        for s in info.future():
            if not info.valid_number(s.number):
                continue
            ideal, earliest, latest = session_window(info.programme.spec(s.number), info.references)
            if not earliest <= s.date <= latest:
                yield _v(
                    5,
                    "outside_window",
                    f"{_where(info, s)}: outside its window {earliest}..{latest} (ideal {ideal})",
                    info,
                    s,
                )


def _calendar(ctx: _Context) -> Iterator[Violation]:
    """Hard: no session before plan_start or on a closed date; a new group starts by horizon_end."""
    inst = ctx.instance
    for info in ctx.infos:
        for s in info.future():
            if s.date < inst.plan_start:
                yield _v(
                    6, "before_plan_start", f"{_where(info, s)}: before plan_start {inst.plan_start}", info, s
                )
            if s.date in inst.closed_dates:
                yield _v(6, "closed_date", f"{_where(info, s)}: a closed date", info, s)
            if info.published is None and s.number == 1 and s.date > inst.horizon_end:
                yield _v(
                    6,
                    "after_horizon",
                    f"{_where(info, s)}: session 1 after horizon_end {inst.horizon_end}",
                    info,
                    s,
                )

"""SPEC 3, rules 13-15: the rooms."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from kring.planning.model import (
    in_any_period,
    weekday_of,
)
from kring.planning.rules.context import Violation, _Context, _v, _where
from kring.planning.rules.facilitators import _Booking


def _room_open(ctx: _Context) -> Iterator[Violation]:
    """Hard: a session's room is available at that weekday and daypart and not closed that date."""
    for info in ctx.infos:
        g = info.group
        for s in info.future():
            room = ctx.index.rooms.get(s.room)
            if room is None:
                continue
            if in_any_period(s.date, room.closures):
                yield _v(
                    13, "room_closed", f"{_where(info, s)}: room {s.room} is closed", info, s, room=s.room
                )
            elif room.availability is not None and g.daypart not in room.availability.get(
                weekday_of(s.date), frozenset()
            ):
                yield _v(
                    13,
                    "room_unavailable",
                    f"{_where(info, s)}: room {s.room} is not available on {weekday_of(s.date)} {g.daypart}",
                    info,
                    s,
                    room=s.room,
                )


def _room_capacity(ctx: _Context) -> Iterator[Violation]:
    """Hard: the room seats every member (times seats_per_member) plus the two facilitators."""
    for info in ctx.infos:
        if info.programme is None:
            continue
        n = len(info.group.members)
        for s in info.future():
            room = ctx.index.rooms.get(s.room)
            if room is None or not info.valid_number(s.number):
                continue
            need = info.programme.spec(s.number).seats_per_member * n + 2
            if room.capacity_seats < need:
                yield _v(
                    14,
                    "room_too_small",
                    f"{_where(info, s)}: room {s.room} seats {room.capacity_seats}, {need} needed",
                    info,
                    s,
                    room=s.room,
                )


def _room_sharing(ctx: _Context) -> Iterator[Violation]:
    """Hard: two sessions in one room on one date never overlap and keep room_buffer_minutes between them."""
    buffer = dt.timedelta(minutes=ctx.instance.room_buffer_minutes)
    by_room_day: dict[tuple[str, dt.date], list[_Booking]] = defaultdict(list)
    for info in ctx.infos:
        for s in info.future():
            times = ctx.interval(info, s)
            if times is not None:
                by_room_day[(s.room, s.date)].append(_Booking(times[0], times[1], info, s, False))
    for (rid, _day), items in sorted(by_room_day.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        if len(items) < 2:
            continue
        items.sort(key=lambda b: (b.start, b.end))
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if b.start < a.end:
                    yield _v(
                        15,
                        "room_double_booked",
                        f"room {rid}: {_where(a.info, a.session)} and {_where(b.info, b.session)} overlap",
                        b.info,
                        b.session,
                        room=rid,
                    )
                elif b.start - a.end < buffer:
                    gap = int((b.start - a.end).total_seconds() // 60)
                    yield _v(
                        15,
                        "room_buffer",
                        f"room {rid}: only {gap} minutes between {_where(a.info, a.session)} and "
                        f"{_where(b.info, b.session)}, {ctx.instance.room_buffer_minutes} needed",
                        b.info,
                        b.session,
                        room=rid,
                    )

"""SPEC section 2: the plan's structure (ids, coverage, times)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from kring.planning.model import (
    WEEKDAYS,
    PlanSession,
)
from kring.planning.rules.context import STRUCTURE, Violation, _Context, _GroupInfo, _same_time, _v, _where

# ---------------------------------------------------------------- SPEC 2: structure


def _structure(ctx: _Context) -> Iterator[Violation]:
    """Structure: ids are known and unique, times carry the right offset, every client is placed once."""
    ix = ctx.index
    for gid, count in Counter(g.id for g in ctx.groups).items():
        if count > 1:
            kind = "published group" if gid in ix.published else "group"
            yield Violation(
                STRUCTURE, "duplicate_group_id", f"{kind} id {gid} is used by {count} groups", group=gid
            )
    for info in ctx.infos:
        g = info.group
        if info.programme is None:
            yield _v(STRUCTURE, "unknown_programme", f"group {g.id}: unknown programme '{g.programme}'", info)
        if g.location not in ix.locations:
            yield _v(STRUCTURE, "unknown_location", f"group {g.id}: unknown location '{g.location}'", info)
        if info.daypart is None:
            yield _v(STRUCTURE, "unknown_daypart", f"group {g.id}: unknown daypart '{g.daypart}'", info)
        if g.weekday not in WEEKDAYS:
            yield _v(STRUCTURE, "unknown_weekday", f"group {g.id}: unknown weekday '{g.weekday}'", info)
        for role in ("lead", "co"):
            fid = getattr(g, role)
            if fid not in ix.facilitators:
                yield _v(
                    STRUCTURE,
                    "unknown_facilitator",
                    f"group {g.id}: {role} '{fid}' is not a facilitator",
                    info,
                    facilitator=fid,
                )
        for cid in g.members:
            if cid not in ix.clients:
                yield _v(
                    STRUCTURE,
                    "unknown_client",
                    f"group {g.id}: member '{cid}' is not a client of the instance",
                    info,
                    client=cid,
                )
        for s in g.sessions:
            if s.room not in ix.rooms:
                yield _v(
                    STRUCTURE,
                    "unknown_room",
                    f"{_where(info, s)}: unknown room '{s.room}'",
                    info,
                    s,
                    room=s.room,
                )
            for role, fid in (("lead", s.lead), ("co", s.co)):
                if fid not in ix.facilitators:
                    yield _v(
                        STRUCTURE,
                        "unknown_facilitator",
                        f"{_where(info, s)}: {role} '{fid}' is not a facilitator",
                        info,
                        s,
                        facilitator=fid,
                    )
            yield from _offsets(ctx, info, s)
    if ctx.unplaced is not None:
        yield from _coverage(ctx)


def _offsets(ctx: _Context, info: _GroupInfo, s: PlanSession) -> Iterator[Violation]:
    expected = ctx.expected_times(info, s.date)
    for label, got, want in (
        ("start", s.start, expected and expected[0]),
        ("end", s.end, expected and expected[1]),
    ):
        if got.utcoffset() is None:
            yield _v(
                STRUCTURE,
                "time_without_offset",
                f"{_where(info, s)}: {label} {got.isoformat()} has no UTC offset",
                info,
                s,
            )
        elif want is not None and got.utcoffset() != want.utcoffset() and _same_time(got, want):
            yield _v(
                STRUCTURE,
                "wrong_utc_offset",
                f"{_where(info, s)}: {label} {got.isoformat(timespec='seconds')} should be "
                f"{want.isoformat(timespec='seconds')} (the offset in force in {ctx.instance.timezone})",
                info,
                s,
            )


def _coverage(ctx: _Context) -> Iterator[Violation]:
    """Every client is a member of a group or listed once in `unplaced` with a reason."""
    assert ctx.unplaced is not None
    ix = ctx.index
    grouped = {cid for g in ctx.groups for cid in g.members}
    listed = Counter(u.client for u in ctx.unplaced)
    for u in ctx.unplaced:
        if u.client not in ix.clients:
            yield Violation(
                STRUCTURE,
                "unknown_client",
                f"unplaced: '{u.client}' is not a client of the instance",
                client=u.client,
            )
        elif u.client in grouped:
            yield Violation(
                STRUCTURE,
                "client_grouped_and_unplaced",
                f"client {u.client} is listed as unplaced but is a member of a group",
                client=u.client,
            )
        if not any(r.strip() for r in u.reasons):
            yield Violation(
                STRUCTURE,
                "unplaced_without_reason",
                f"unplaced client {u.client} has no reason",
                client=u.client,
            )
    for cid, count in listed.items():
        if count > 1:
            yield Violation(
                STRUCTURE,
                "client_unplaced_twice",
                f"client {cid} is listed {count} times as unplaced",
                client=cid,
            )
    for c in ctx.instance.clients:
        if c.id not in grouped and c.id not in listed:
            yield Violation(
                STRUCTURE,
                "client_missing",
                f"client {c.id} is neither a member of a group nor listed as unplaced",
                client=c.id,
            )

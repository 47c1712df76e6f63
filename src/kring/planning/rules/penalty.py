"""SPEC section 4: the penalty terms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kring.planning.model import PENALTY_TERMS as TERM_NAMES
from kring.planning.model import (
    session_window,
)
from kring.planning.rules.context import CANCELLED_SESSION_FIELDS, _Context, _GroupInfo

# ---------------------------------------------------------------- SPEC 4: penalty terms


TermCount = Callable[[_Context], int]


@dataclass(frozen=True)
class PenaltyTerm:
    """A penalty term of SPEC section 4: `count` gives its unweighted units for a plan."""

    name: str
    count: TermCount

    @property
    def description(self) -> str:
        return (self.count.__doc__ or "").strip().splitlines()[0]


def _unplaced(ctx: _Context) -> int:
    """Penalty: per client in no group."""
    if ctx.unplaced_ids is not None:
        return len(ctx.unplaced_ids)
    grouped = {cid for g in ctx.groups for cid in g.members}
    return sum(1 for c in ctx.instance.clients if c.id not in grouped)


def _below_target(ctx: _Context) -> int:
    """Penalty: per member a group has fewer than its programme's target."""
    return sum(
        max(0, info.programme.group_size.target - len(info.group.members))
        for info in ctx.infos
        if info.programme is not None
    )


def _timing(ctx: _Context) -> int:
    """Penalty: per day between a future session's date and its ideal date."""
    total = 0
    for info in ctx.infos:
        if info.programme is None or info.references is None:
            continue
        for s in info.future():
            if info.valid_number(s.number):
                ideal = session_window(info.programme.spec(s.number), info.references)[0]
                total += abs((s.date - ideal).days)
    return total


def _daypart_preference(ctx: _Context) -> int:
    """Penalty: per member, the position of the group's daypart in the member's preferred dayparts."""
    return sum(c.daypart_rank(info.group.daypart) for info in ctx.infos for c in info.members)


def _location_preference(ctx: _Context) -> int:
    """Penalty: per member, the position of the group's location in the member's preferred locations."""
    return sum(c.location_rank(info.group.location) for info in ctx.infos for c in info.members)


def _substitute(ctx: _Context) -> int:
    """Penalty: per future session whose lead, and again whose co, is not the group's own."""
    return sum(
        (s.lead != info.group.lead) + (s.co != info.group.co) for info in ctx.infos for s in info.future()
    )


def _room_change(ctx: _Context) -> int:
    """Penalty: per future session in another room than the group's session 1."""
    total = 0
    for info in ctx.infos:
        first = info.by_number.get(1)
        if first is not None:
            total += sum(1 for s in info.future() if s.room != first.room)
    return total


def _room_cost(ctx: _Context) -> int:
    """Penalty: per future session, its room's cost_per_session."""
    rooms = ctx.index.rooms
    return sum(rooms[s.room].cost_per_session for info in ctx.infos for s in info.future() if s.room in rooms)


def _published_change(ctx: _Context) -> int:
    """Penalty: per changed field (date, room, lead, co) of a published future session; 4 if it disappears."""
    in_plan: dict[str, _GroupInfo] = {}
    for info in ctx.infos:
        in_plan.setdefault(info.group.id, info)
    total = 0
    for p in ctx.instance.published:
        kept = in_plan.get(p.id)
        for ps in p.sessions:
            if ps.date < ctx.instance.plan_start:
                continue
            s = kept.by_number.get(ps.number) if kept is not None else None
            if s is None:
                total += CANCELLED_SESSION_FIELDS
            else:
                total += (s.date != ps.date) + (s.room != ps.room) + (s.lead != ps.lead) + (s.co != ps.co)
    return total


PENALTY_TERMS: tuple[PenaltyTerm, ...] = (
    PenaltyTerm("unplaced", _unplaced),
    PenaltyTerm("below_target", _below_target),
    PenaltyTerm("timing", _timing),
    PenaltyTerm("daypart_preference", _daypart_preference),
    PenaltyTerm("location_preference", _location_preference),
    PenaltyTerm("substitute", _substitute),
    PenaltyTerm("room_change", _room_change),
    PenaltyTerm("room_cost", _room_cost),
    PenaltyTerm("published_change", _published_change),
)
assert tuple(t.name for t in PENALTY_TERMS) == TERM_NAMES

"""The penalty of a plan's groups (SPEC section 4), term by term, for planners that build plans.

`rules.py` is the executable specification that checks a finished plan; this module lets a
planner price the plan it builds without a full check. Both must agree; the greedy tests
compare them.
"""

from __future__ import annotations

from collections.abc import Sequence

from kring.planning.model import PENALTY_TERMS, Instance, PlanGroup
from kring.planning.slots import windows

CANCELLED_SESSION_FIELDS = 4  # SPEC: a published future session that disappears counts 4


def penalty_breakdown(instance: Instance, groups: Sequence[PlanGroup], unplaced: int) -> dict[str, int]:
    """Each term's weighted total for a plan with `groups` and `unplaced` clients in no group."""
    w = instance.weights
    raw = dict.fromkeys(PENALTY_TERMS, 0)
    raw["unplaced"] = unplaced
    published = {g.id: g for g in instance.published}
    start = instance.plan_start
    for group in groups:
        programme = instance.programme(group.programme)
        members = [instance.client(m) for m in group.members if instance.has_client(m)]
        raw["below_target"] += max(0, programme.group_size.target - len(members))
        raw["daypart_preference"] += sum(c.daypart_rank(group.daypart) for c in members)
        raw["location_preference"] += sum(c.location_rank(group.location) for c in members)
        ideal = {}
        if members:
            anchors = [c.anchor_date for c in members]
            ideal = {spec.number: day for spec, day, _, _ in windows(programme, anchors)}
        first_room = next((s.room for s in group.sessions if s.number == 1), None)
        announced = {s.number: s for s in published[group.id].sessions} if group.id in published else {}
        for session in group.sessions:
            if session.date < start:
                continue
            if session.number in ideal:
                raw["timing"] += abs((session.date - ideal[session.number]).days)
            raw["substitute"] += (session.lead != group.lead) + (session.co != group.co)
            raw["room_change"] += session.room != first_room
            raw["room_cost"] += instance.room(session.room).cost_per_session
            before = announced.get(session.number)
            if before is not None:
                raw["published_change"] += sum((
                    session.date != before.date, session.room != before.room,
                    session.lead != before.lead, session.co != before.co,
                ))
    kept = {g.id for g in groups}
    for group in instance.published:
        if group.id not in kept:
            future = sum(1 for s in group.sessions if s.date >= start)
            raw["published_change"] += CANCELLED_SESSION_FIELDS * future
    return {term: raw[term] * w[term] for term in PENALTY_TERMS}

"""The SPEC section 4 penalty as one linear objective over groups and published groups.

Schedule-bound terms (timing, substitute, room change, room cost) are fixed per variant;
member-bound terms (unplaced, below target, preferences) come from the membership literals.
"""

from __future__ import annotations

from typing import Any

from ortools.sat.python import cp_model

from kring.planning.cpsat.groups import GroupVars
from kring.planning.cpsat.published import PublishedVars, published_cost
from kring.planning.cpsat.variables import Candidates
from kring.planning.model import ClientId, Instance


def member_cost(instance: Instance, cid: ClientId, location: str, daypart: str) -> int:
    client = instance.client(cid)
    w = instance.weights
    return w["daypart_preference"] * client.daypart_rank(daypart) + w[
        "location_preference"
    ] * client.location_rank(location)


def build_objective(
    model: cp_model.CpModel,
    instance: Instance,
    cands: Candidates,
    gv: GroupVars,
    published: list[PublishedVars],
    taken: frozenset[ClientId],
) -> tuple[cp_model.LinearExpr, int]:
    """Minimise the penalty; returns (expression without constant, constant)."""
    w = instance.weights
    terms = []
    constant = 0
    for c in instance.clients:
        if c.id in taken:
            continue
        lits = gv.by_client.get(c.id, [])
        if not lits:
            constant += w["unplaced"]
            continue
        # unplaced as its own literal: tighter trivial bounds than -w * sum(memberships)
        unplaced = model.new_bool_var(f"unplaced_{c.id}")
        model.add(sum(lits) + unplaced == 1)
        terms.append(w["unplaced"] * unplaced)
    for (cid, col), lit in gv.member.items():
        slot = cands.columns[col].slot
        cost = member_cost(instance, cid, slot.location, slot.daypart)
        if cost:
            terms.append(cost * lit)
    for below in gv.below.values():
        terms.append(w["below_target"] * below)
    for vi, lit in gv.variant.items():
        cost = cands.variants[vi].schedule.cost
        if cost:
            terms.append(cost * lit)
    for pv in published:
        part, const = published_cost(pv, instance)
        terms.append(part)
        constant += const
    total: Any = sum(terms)
    model.minimize(total + constant)
    return total, constant


def share_bound(instance: Instance, cands: Candidates) -> int:
    """A lower bound of the penalty of every valid plan, when `cands` is complete.

    Each client is either unplaced or shares her group's cost: her own preference cost plus at
    least the cheapest schedule of her column spread over at most `max` members. Published
    groups add their fixed member terms. (Timing, rooms and staff of published groups, and
    below-target, are bounded by zero.)
    """
    w = instance.weights
    best: dict[ClientId, float] = {}
    for col in cands.columns:
        if not col.variants:
            continue
        size = instance.programme(col.slot.programme).group_size
        share = min(cands.variants[vi].schedule.cost for vi in col.variants) / size.max
        for cid in col.members:
            value = share + member_cost(instance, cid, col.slot.location, col.slot.daypart)
            if value < best.get(cid, float("inf")):
                best[cid] = value
    taken = {m for g in instance.published for m in g.members}
    total = 0.0
    for c in instance.clients:
        if c.id in taken:
            g = next(g for g in instance.published if c.id in g.members)
            total += member_cost(instance, c.id, g.location, g.daypart)
        else:
            total += min(float(w["unplaced"]), best.get(c.id, float("inf")))
    return int(total)

"""The SPEC section 4 penalty as one linear objective over groups and published groups.

Schedule-bound terms (timing, substitute, room change, room cost) are fixed per variant;
member-bound terms (unplaced, below target, preferences) come from the membership literals.
"""

from __future__ import annotations

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
        constant += w["unplaced"]
        if lits:
            terms.append(-w["unplaced"] * sum(lits))
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
        expr, const = published_cost(pv, instance)
        terms.append(expr)
        constant += const
    expr = sum(terms)
    model.minimize(expr + constant)
    return expr, constant

"""A proven lower bound on the penalty of every valid plan, by column generation.

`lower_bound(instance)` solves the LP of the relaxed problem (relaxation.py) over group
columns (master.py), adding the columns that pricing (pricing.py) finds from the duals until
none has a negative reduced cost. At that point the LP value is the relaxation's LP optimum;
before it, each round still gives the Lagrangian bound

    LP value + sum over programmes of (most groups an LP solution can hold) x (least reduced cost)

so every round's bound is valid and the best one is kept. The penalty is an integer, so the
bound is rounded up (after a small allowance for floating-point error).

Deterministic: rounds and columns per round are fixed limits; HiGHS runs on one thread. The
wall clock (`deadline`) is only a safety net, and `Bound.stopped_by_clock` says when it fired.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from kring.planning.bound.master import Duals, Master
from kring.planning.bound.pricing import price
from kring.planning.bound.relaxation import build_relaxation
from kring.planning.model import PENALTY_TERMS, Instance

MAX_ROUNDS = 60
COLUMNS_PER_SLOT = 3
ROUNDING_ALLOWANCE = 1e-6  # relative; the LP's own tolerances are far below one penalty point
BINDING_SHARE = 0.25  # a month is named when its shadow price is at least this share of the top month


@dataclass(frozen=True, slots=True)
class Binding:
    """Which capacity the bound's duals price highest, and in which months."""

    kind: str  # "lead", "co" or "room"
    first_month: str  # "YYYY-MM"
    last_month: str


@dataclass(frozen=True, slots=True)
class Bound:
    value: int  # proven: no valid plan has a lower penalty
    lp_value: float
    converged: bool
    rounds: int
    iterations: int  # simplex iterations of the master LP, all rounds together
    columns: int
    stopped_by_clock: bool
    seconds: float
    unplaced_in_lp: float  # clients the LP solution leaves (fractionally) unplaced
    binding: Binding | None


def _binding(duals: Duals) -> Binding | None:
    totals: dict[str, dict[str, float]] = {"lead": defaultdict(float), "co": defaultdict(float)}
    totals["room"] = defaultdict(float)
    for kind, table in (("lead", duals.lead), ("co", duals.co)):
        for demand, value in table.items():
            totals[kind][demand[0].strftime("%Y-%m")] += -value
    for (_, day, _), value in duals.room.items():
        totals["room"][day.strftime("%Y-%m")] += -value
    kind = max(totals, key=lambda k: (sum(totals[k].values()), k))
    months = totals[kind]
    top = max(months.values(), default=0.0)
    if top <= 1e-6:
        return None
    named = sorted(m for m, v in months.items() if v >= BINDING_SHARE * top)
    return Binding(kind, named[0], named[-1])


def lower_bound(
    instance: Instance,
    *,
    weights: Mapping[str, int] | None = None,
    max_rounds: int = MAX_ROUNDS,
    max_iterations: int | None = None,
    deadline: float | None = None,
    light: bool = False,
) -> Bound:
    """The column-generation bound of `instance` (with other `weights` when given: a weight of 0
    drops that term, e.g. only `unplaced` = 1 bounds the number of unplaced clients).

    Stops when no column has a negative reduced cost, after `max_rounds` rounds, or once the
    master LP has taken `max_iterations` simplex iterations in all (deterministic limits), or
    at `deadline` (time.monotonic(); a safety net only, reported in `stopped_by_clock`).
    `light`: the master without per-date capacity rows (master.py), for large instances."""
    started = time.monotonic()
    relax = build_relaxation(instance, weights)
    master = Master(relax, light=light)
    best = -math.inf
    converged = False
    stopped_by_clock = False
    rounds = 0
    value = 0.0
    duals = None
    iterations = 0
    while rounds < max_rounds:
        rounds += 1
        value, duals = master.solve()
        iterations += master.h.getInfo().simplex_iteration_count
        found, least = price(relax, duals, COLUMNS_PER_SLOT)
        lagrangian = value + sum(relax.max_groups[p] * least[p] for p in least)
        best = max(best, lagrangian)
        if not found:
            converged = True
            best = max(best, value)
            break
        if max_iterations is not None and iterations >= max_iterations:
            break
        for priced in found:
            master.add_group(priced.column)
        if deadline is not None and time.monotonic() > deadline:
            stopped_by_clock = True
            break
    total = best + relax.fixed_cost
    proven = max(0, math.ceil(total - ROUNDING_ALLOWANCE * max(1.0, abs(total))))
    unplaced = sum(master.unplaced_values().values()) if duals is not None else 0.0
    return Bound(
        value=proven,
        lp_value=value + relax.fixed_cost,
        converged=converged,
        rounds=rounds,
        iterations=iterations,
        columns=len(master.groups),
        stopped_by_clock=stopped_by_clock,
        seconds=time.monotonic() - started,
        unplaced_in_lp=unplaced,
        binding=None if duals is None else _binding(duals),
    )


def unplaced_weights() -> dict[str, int]:
    """Weights under which the bound counts unplaced clients only."""
    return {term: (1 if term == "unplaced" else 0) for term in PENALTY_TERMS}


__all__ = ["Binding", "Bound", "lower_bound", "unplaced_weights"]

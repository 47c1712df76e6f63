"""Facilitators (rule 12): one session at a time, the weekly limit and concurrent groups.

Bookings come from `Usage`; a `None` literal is a fixed booking (history or a pinned
published session) and lowers the right-hand side instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from ortools.sat.python import cp_model

from kring.planning.cpsat.variables import Usage
from kring.planning.model import DaypartId, Instance


def clique_points(instance: Instance, parts: Iterable[DaypartId], buffer: int = 0) -> list[set[DaypartId]]:
    """Sets of dayparts that share a moment (intervals [start, end + buffer)): each may hold one session."""
    parts = sorted(set(parts))
    spans = {p: (instance.daypart(p).start_minute, instance.daypart(p).end_minute + buffer) for p in parts}
    cliques: list[set[DaypartId]] = []
    for p in parts:
        t = spans[p][0]
        clique = {q for q in parts if spans[q][0] <= t < spans[q][1]}
        if not any(clique <= c for c in cliques):
            cliques = [c for c in cliques if not c <= clique] + [clique]
    return cliques


def at_most(model: cp_model.CpModel, lits: list[object], limit: int) -> bool:
    """sum(lits) <= limit, where None counts as a fixed 1; False when the fixed part alone breaks it."""
    fixed = sum(1 for lit in lits if lit is None)
    free = [lit for lit in lits if lit is not None]
    if fixed > limit:
        return False
    if len(free) + fixed <= limit:
        return True
    if limit - fixed == 1 and len(set(map(id, free))) == len(free):
        model.add_at_most_one(free)  # type: ignore[arg-type]
    else:
        model.add(sum(free) <= limit - fixed)  # type: ignore[arg-type]
    return True


def add_facilitator_limits(model: cp_model.CpModel, instance: Instance, usage: Usage) -> list[str]:
    """Post rule 12; returns problems with fixed bookings that already break it."""
    problems = []
    for (person, day), items in sorted(usage.person_day.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        if len(items) < 2:
            continue
        for clique in clique_points(instance, (p for p, _ in items)):
            if not at_most(model, [lit for p, lit in items if p in clique], 1):
                problems.append(f"{person} has two fixed sessions at once on {day}")
    for (person, year, week), lits in sorted(usage.person_week.items(), key=lambda kv: kv[0]):
        limit = instance.facilitator(person).max_sessions_per_week
        if limit is not None and not at_most(model, lits, limit):
            problems.append(f"{person} has more than {limit} fixed sessions in week {year}-W{week:02d}")
    for person, runs in sorted(usage.person_runs.items()):
        limit = instance.facilitator(person).max_concurrent_groups
        if limit is None or len(runs) <= limit:
            continue
        fixed = [(first, last) for first, last, lit in runs if lit is None]
        for t in sorted({first for first, _ in fixed}):
            if sum(1 for first, last in fixed if first <= t <= last) > limit:
                problems.append(f"{person} runs more than {limit} fixed groups at once on {t}")
        # One cumulative per person: each group is an interval [first, last] of demand 1.
        intervals = []
        for k, (first, last, lit) in enumerate(runs):
            start, end = first.toordinal(), last.toordinal() + 1
            if lit is None:
                intervals.append(model.new_fixed_size_interval_var(start, end - start, f"run_{person}_{k}"))
            else:
                present = cast(cp_model.IntVar, lit)
                intervals.append(
                    model.new_optional_fixed_size_interval_var(
                        start, end - start, present, f"run_{person}_{k}"
                    )
                )
        model.add_cumulative(intervals, [1] * len(intervals), limit)
    return problems

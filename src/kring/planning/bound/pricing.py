"""Pricing: the group of least reduced cost for each slot, language and first anchor.

For a slot (programme, location, weekday, daypart) and a first anchor `a`, the members lie in
[a, a + spread] and one of them has anchor `a`; every session's window is the union of the
windows that any last anchor in that band could give. The session series is dated by dynamic
programming over the slot's dates (closures, absences and rooms already left out), each date
costing its timing lower bound, its cheapest room and the duals of the lead, co and room rows.
The members are then the best `k` candidates by preference cost minus their client dual, for
the best `k` between `min` and the slot's largest size (below-target counted). Both parts are
exact minima over the relaxation's groups, so the least reduced cost found is the true one and
the Lagrangian bound built from it is valid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from kring.planning.bound.master import Duals, GroupColumn
from kring.planning.bound.relaxation import Candidate, Relaxation, SlotData, band

EPS = 1e-6


@dataclass(frozen=True, slots=True)
class Series:
    dates: tuple[dt.date, ...]
    cost: float  # relaxed cost (timing and room) without duals
    reduced: float  # with the duals


@dataclass(frozen=True, slots=True)
class Priced:
    column: GroupColumn
    reduced: float


def _reference_span(reference: str, spread: int) -> int:
    return {"first": 0, "mid": spread // 2, "last": spread}[reference]


def best_series(relax: Relaxation, slot: SlotData, first: dt.date, duals: Duals) -> Series | None:
    """The cheapest dated series (relaxed cost minus capacity duals) for bands starting at `first`."""
    inst = relax.instance
    prog = slot.programme
    key = slot.key
    w_timing = relax.weights["timing"]
    gap = max(prog.min_days_between_sessions, 1)
    prev: list[tuple[dt.date, float, float, tuple[dt.date, ...]]] = []
    for number, spec in enumerate(prog.sessions, start=1):
        span = _reference_span(spec.reference, prog.anchor_spread_days)
        ideal_lo = first + dt.timedelta(days=spec.offset_days)
        ideal_hi = ideal_lo + dt.timedelta(days=span)
        lo = ideal_lo + dt.timedelta(days=spec.window_days[0])
        hi = ideal_hi + dt.timedelta(days=spec.window_days[1])
        if number == 1:
            hi = min(hi, inst.horizon_end)
        lo = max(lo, inst.plan_start)
        day = lo + dt.timedelta(days=(_weekday_index(key.weekday) - lo.weekday()) % 7)
        current: list[tuple[dt.date, float, float, tuple[dt.date, ...]]] = []
        best_before = None
        pointer = 0
        while day <= hi:
            room = slot.date_room_cost.get(day)
            if room is not None:
                # best earlier series ending at least `gap` days before this date
                while pointer < len(prev) and prev[pointer][0] <= day - dt.timedelta(days=gap):
                    if best_before is None or prev[pointer][2] < best_before[2]:
                        best_before = prev[pointer]
                    pointer += 1
                if number == 1 or best_before is not None:
                    off = max((ideal_lo - day).days, (day - ideal_hi).days, 0)
                    cost = float(w_timing * off + room)
                    demand = (day, key.daypart, key.location, key.programme)
                    reduced = (
                        cost
                        - duals.lead.get(demand, 0.0)
                        - duals.co.get(demand, 0.0)
                        - duals.room.get((key.location, day, key.daypart), 0.0)
                    )
                    if best_before is None:
                        current.append((day, cost, reduced, (day,)))
                    else:
                        current.append(
                            (day, best_before[1] + cost, best_before[2] + reduced, (*best_before[3], day))
                        )
            day += dt.timedelta(days=7)
        if not current:
            return None
        prev = current
    best = min(prev, key=lambda x: (x[2], x[0]))
    return Series(best[3], best[1], best[2])


def _weekday_index(weekday: str) -> int:
    return ("mon", "tue", "wed", "thu", "fri", "sat", "sun").index(weekday)


def best_members(
    relax: Relaxation, slot: SlotData, cands: list[Candidate], join_latest: dt.date, duals: Duals
) -> tuple[float, float, tuple[str, ...]] | None:
    """(reduced part, relaxed cost, members) of the best member set among `cands` (a band).

    Whether one member's anchor is the band's first day is not required: that only adds groups
    to the relaxation (each priced as if the band's first day were its first anchor).
    """
    size = slot.programme.group_size
    w_below = relax.weights["below_target"]
    usable = [c for c in cands if c.available_from is None or c.available_from <= join_latest]
    if len(usable) < size.min:
        return None
    ranked = sorted(usable, key=lambda c: (c.cost - duals.client.get(c.client, 0.0), c.client))
    best: tuple[float, int] | None = None
    running = 0.0
    for k in range(1, min(slot.max_size, len(ranked)) + 1):
        running += ranked[k - 1].cost - duals.client.get(ranked[k - 1].client, 0.0)
        if k < size.min:
            continue
        total = running + w_below * max(0, size.target - k)
        if best is None or total < best[0] - EPS:
            best = (total, k)
    assert best is not None
    chosen = ranked[: best[1]]
    cost = sum(c.cost for c in chosen) + w_below * max(0, size.target - best[1])
    return best[0], float(cost), tuple(sorted(c.client for c in chosen))


def members_reduced(
    relax: Relaxation, slot: SlotData, language: str, firsts: list[dt.date], join_span: int, duals: Duals
) -> np.ndarray:
    """`best_members(...)[0]` for the band of every first anchor at once (inf where too few)."""
    cands = slot.candidates[language]
    prog = slot.programme
    size = prog.group_size
    anchors = np.array([c.anchor.toordinal() for c in cands], dtype=np.int64)
    weights = np.array([c.cost - duals.client.get(c.client, 0.0) for c in cands])
    ready = np.array(
        [np.iinfo(np.int64).min if c.available_from is None else c.available_from.toordinal() for c in cands],
        dtype=np.int64,
    )
    starts = np.array([a.toordinal() for a in firsts], dtype=np.int64)
    lo = np.searchsorted(anchors, starts, side="left")
    hi = np.searchsorted(anchors, starts + prog.anchor_spread_days, side="right")
    width = int(max(1, (hi - lo).max(initial=1)))
    index = lo[:, None] + np.arange(width)[None, :]
    inside = index < hi[:, None]
    index = np.minimum(index, len(cands) - 1)
    usable = inside & (ready[index] <= (starts + join_span)[:, None])
    values = np.sort(np.where(usable, weights[index], np.inf), axis=1)
    sums = np.cumsum(values, axis=1)
    best = np.full(len(firsts), np.inf)
    w_below = float(relax.weights["below_target"])
    for k in range(size.min, min(slot.max_size, width) + 1):
        best = np.minimum(best, sums[:, k - 1] + w_below * max(0, size.target - k))
    return best


def series_reduced(relax: Relaxation, slot: SlotData, firsts: list[dt.date], duals: Duals) -> np.ndarray:
    """`best_series(...).reduced` for every first anchor at once (inf where no series exists).

    The same dynamic programme as `best_series`, vectorised over the first anchors: all dates
    of a slot lie on one weekday, so a session's candidate dates are a run of weekly grid
    points, and the best earlier session is a prefix minimum along that run.
    """
    inst = relax.instance
    prog = slot.programme
    key = slot.key
    days = sorted(slot.date_room_cost)
    origin = days[0].toordinal()
    grid = np.full((days[-1].toordinal() - origin) // 7 + 1, np.inf)
    for day, room in slot.date_room_cost.items():
        demand = (day, key.daypart, key.location, key.programme)
        grid[(day.toordinal() - origin) // 7] = (
            room
            - duals.lead.get(demand, 0.0)
            - duals.co.get(demand, 0.0)
            - duals.room.get((key.location, day, key.daypart), 0.0)
        )
    size = len(grid)
    padded = np.append(grid, np.inf)  # index `size` stands for "no date"
    anchors = np.array([a.toordinal() for a in firsts], dtype=np.int64)
    w_timing = float(relax.weights["timing"])
    steps = -(-max(prog.min_days_between_sessions, 1) // 7)
    start = inst.plan_start.toordinal()
    prev_lo: np.ndarray | None = None
    prev_best: np.ndarray | None = None
    for number, spec in enumerate(prog.sessions, start=1):
        span = _reference_span(spec.reference, prog.anchor_spread_days)
        ideal_lo = anchors + spec.offset_days
        ideal_hi = ideal_lo + span
        lo = np.maximum(ideal_lo + spec.window_days[0], start)
        hi = ideal_hi + spec.window_days[1]
        if number == 1:
            hi = np.minimum(hi, inst.horizon_end.toordinal())
        g_lo = np.maximum(-((origin - lo) // 7), 0)  # ceil((lo - origin) / 7)
        g_hi = np.minimum((hi - origin) // 7, size - 1)
        width = int(max(1, (g_hi - g_lo + 1).max(initial=1)))
        index = g_lo[:, None] + np.arange(width)[None, :]
        valid = index <= g_hi[:, None]
        index = np.where(valid, index, size)
        dates = origin + 7 * index
        off = np.maximum(np.maximum(ideal_lo[:, None] - dates, dates - ideal_hi[:, None]), 0)
        value = np.where(valid, padded[index] + w_timing * off, np.inf)
        if prev_lo is not None and prev_best is not None:
            count = np.clip(index - steps - prev_lo[:, None] + 1, 0, prev_best.shape[1])
            before = np.concatenate([np.full((len(anchors), 1), np.inf), prev_best], axis=1)
            value = value + np.take_along_axis(before, count, axis=1)
        prev_lo = g_lo
        prev_best = np.minimum.accumulate(value, axis=1)
    assert prev_best is not None
    return np.asarray(prev_best[:, -1])


def _running_weeks(relax: Relaxation, slot: SlotData, firsts: list[dt.date]) -> tuple[np.ndarray, np.ndarray]:
    """Per first anchor, the Monday indices [lo, hi] on which every group of the band runs:
    after the latest date of session 1 and before the earliest date of the last session."""
    inst = relax.instance
    prog = slot.programme
    first_spec, last_spec = prog.sessions[0], prog.sessions[-1]
    anchors = np.array([a.toordinal() for a in firsts], dtype=np.int64)
    span = _reference_span(first_spec.reference, prog.anchor_spread_days)
    start_latest = np.minimum(
        anchors + first_spec.offset_days + span + first_spec.window_days[1], inst.horizon_end.toordinal()
    )
    end_earliest = np.maximum(
        anchors + last_spec.offset_days + last_spec.window_days[0], inst.plan_start.toordinal()
    )
    origin = _monday_origin(relax).toordinal()
    return -((origin - start_latest) // 7), (end_earliest - origin) // 7


def _monday_origin(relax: Relaxation) -> dt.date:
    start = relax.instance.plan_start
    return start - dt.timedelta(days=start.weekday() + 7 * 60)  # well before any history


def _concurrency_prefix(relax: Relaxation, duals: Duals) -> dict[str, np.ndarray]:
    """Per person, prefix sums over Mondays of the concurrency rows' prices (>= 0)."""
    origin = _monday_origin(relax)
    per: dict[str, dict[int, float]] = {}
    for (fid, monday), value in duals.concurrent.items():
        per.setdefault(fid, {})[(monday - origin).days // 7] = -value
    out = {}
    for fid, values in per.items():
        arr = np.zeros(max(values) + 2)
        for i, v in values.items():
            arr[i + 1] = v
        out[fid] = np.cumsum(arr)
    return out


def _person_cost(prefix: np.ndarray | None, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    if prefix is None:
        return np.zeros(len(lo))
    top = len(prefix) - 1
    a = np.clip(lo, 0, top)
    b = np.clip(hi + 1, 0, top)
    return np.where(b > a, prefix[b] - prefix[a], 0.0)


def price(relax: Relaxation, duals: Duals, per_slot: int) -> tuple[list[Priced], dict[str, float]]:
    """New columns of negative reduced cost (at most `per_slot` per slot and language), and the
    least reduced cost per programme (0 when none is negative)."""
    found: list[Priced] = []
    least: dict[str, float] = {p.id: 0.0 for p in relax.instance.programmes}
    prefix = _concurrency_prefix(relax, duals)
    origin = _monday_origin(relax)
    for index, slot in enumerate(relax.slots):
        prog = slot.programme
        spread = prog.anchor_spread_days
        join = prog.spec(prog.latest_join_session)
        join_span = _reference_span(join.reference, spread) + join.offset_days + join.window_days[1]
        firsts = sorted({a for anchors in slot.anchors.values() for a in anchors})
        reduced_series = series_reduced(relax, slot, firsts, duals)
        run_lo, run_hi = _running_weeks(relax, slot, firsts)
        for language, cands in slot.candidates.items():
            pairs = slot.pairs[language]
            people = sorted({f for pair in pairs for f in pair})
            cost = {f: _person_cost(prefix.get(f), run_lo, run_hi) for f in people}
            pair_costs = np.array([cost[lead] + cost[co] for lead, co in pairs])
            best_pair = np.argmin(pair_costs, axis=0)
            total = (
                reduced_series
                + members_reduced(relax, slot, language, firsts, join_span, duals)
                + pair_costs[best_pair, np.arange(len(firsts))]
            )
            finite = np.isfinite(total)
            if finite.any():
                least[prog.id] = min(least[prog.id], float(total[finite].min()))
            options = sorted(
                (float(total[i]), first, i) for i, first in enumerate(firsts) if finite[i] and total[i] < -EPS
            )
            for _, first, i in options[:per_slot]:
                series = best_series(relax, slot, first, duals)
                inside = band(cands, slot.anchors[language], first, spread)
                picked = best_members(relax, slot, inside, first + dt.timedelta(days=join_span), duals)
                if series is None or picked is None:
                    continue
                lead, co = pairs[int(best_pair[i])]
                reduced = series.reduced + picked[0] + float(pair_costs[best_pair[i], i])
                if reduced < -EPS:
                    running = tuple(
                        origin + dt.timedelta(days=7 * m) for m in range(int(run_lo[i]), int(run_hi[i]) + 1)
                    )
                    column = GroupColumn(
                        index, language, picked[2], series.dates, series.cost + picked[1], lead, co, running
                    )
                    found.append(Priced(column, reduced))
    return found, least

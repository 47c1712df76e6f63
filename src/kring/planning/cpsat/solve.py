"""Solve: enumerate candidate groups, search with CP-SAT, and turn the answer into a Plan.

Formulation (variables.py, groups.py, facilitators.py, rooms.py, published.py, objective.py):
a *column* is a possible new group without staff (programme, location, weekday, daypart,
language, anchor band [first, last] whose ends must hold members, so every window is exact);
a *variant* adds main lead, co and first room with the cheapest schedule for them
(sessions.best_schedule). CP-SAT picks columns, one variant each, and members, under rooms,
people, weekly and concurrency limits; published groups get per-session options.

Search (small instances, complete candidates): start from the hint or the greedy plan, then a
window search (large-neighbourhood: free the groups whose first anchor falls in a window,
re-solve that window with everything else fixed, hinted with the current groups), then the
whole model hinted with the best plan. Large instances: the same window search with a sparse
candidate set, from the greedy plan. Every plan is checked with rules.py before it is
returned, and the greedy or hint plan is returned when it is better.

Lower bound (only with complete candidates and no published group still open to joiners): the
share bound (objective.share_bound) and, on small instances, the proven bound of the *relaxed*
model (no coupling rules, every client admitted that any schedule could admit). Both are
bounds over all valid plans. The main model's own bound is only a bound of its restricted
search space (fixed schedules per variant) and is never reported. Up to 600 clients the
column-generation bound (kring.planning.bound) runs beside the search in a process of its own,
published groups and joiners included; the best of the bounds is reported, and a `bound_note`
event explains the gap in a code and parameters.

Determinism: `random_seed` is the seed; with `workers=1` each search stops on a deterministic
time budget fixed in advance from `time_limit_s` (`max_deterministic_time`), so a seed gives
the same plan (the wall-clock limit is only a safety net). With two workers the portfolio
threads race (interleaved search was far weaker here), so the plan is reproducible only when
the search ends proven optimal. With one worker the window search (small and large
instances) and the bound also stop on deterministic limits; the wall clock stops them only at
SAFETY_FACTOR times the limit, and a `safety net` event says so.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ortools.sat.python import cp_model

from kring.planning.bound import Bound, lower_bound, unplaced_weights
from kring.planning.bound.beside import BoundBeside
from kring.planning.bound.explain import explain_bound
from kring.planning.cpsat.facilitators import add_facilitator_limits
from kring.planning.cpsat.groups import GroupVars, add_groups
from kring.planning.cpsat.objective import build_objective, share_bound
from kring.planning.cpsat.published import PublishedVars, add_published
from kring.planning.cpsat.rooms import add_room_sharing
from kring.planning.cpsat.variables import (
    BandPolicy,
    Candidates,
    EnumerationCache,
    Slot,
    Usage,
    Variant,
    all_bands,
    enumerate_candidates,
    inject_groups,
    schedule_of,
    sparse_bands,
)
from kring.planning.model import (
    ClientId,
    Instance,
    Plan,
    PlanGroup,
    Unplaced,
    make_session,
)

Progress = Callable[[dict[str, object]], None]

# Above this many clients the candidate set is cut down (limited bands, fewer variants):
# the relaxed bound is then no longer valid for the full problem and is not reported.
COMPLETE_CANDIDATES_MAX_CLIENTS = 400
VARIANTS_PER_COLUMN_LARGE = 3
GREEDY_MAX_CLIENTS = 1000
NO_ROOM = "no group in this plan has room for her at a slot she accepts"
EXPLAIN_SECONDS_PER_CLIENT = 0.03  # explain.py's pace on a busy 2-core machine
WAITING = "still waiting: a repair keeps the published groups and places nobody new; plan again to place her"
# Rolling horizon for large instances: groups are chosen window by window of first anchors,
# each window's groups then fixed (they book rooms and people for the later windows).
ROLLING_WINDOW_DAYS = 28
ROLLING_VARIANTS_PER_COLUMN = 1
ROLLING_MAX_PAIRS = 4
BOUND_SHARE = 0.15
# The relaxed model closes the gap on small instances only; above this its bound rarely beats
# the share bound (objective.share_bound) within BOUND_SHARE of the time.
RELAXED_MAX_CLIENTS = 60
MIN_WINDOW_SECONDS = 2.5  # a window search below this rarely gets past presolve
SMALL_FINISH_SHARE = 0.08  # small instances: checking and explaining the plan
FINISH_SHARE = 0.25  # large instances: explaining hundreds of unplaced clients takes a while
# With one worker the search stops on deterministic time (about this much per second of limit
# on a loaded 2-core machine), so a seed gives the same plan however busy the machine is; the
# wall-clock limit stays as a safety net. Two workers race and are reproducible only when the
# search ends proven optimal.
DTIME_PER_SECOND = 0.25  # of the time left, for the relaxed model's lower bound
SAFETY_FACTOR = 3.0  # one worker: the wall clock stops the window search only at 3 times the limit


# The column-generation bound (kring.planning.bound): its budget is this share of the time limit
# in simplex iterations (deterministic), and it is not started above LP_BOUND_MAX_CLIENTS: on
# city-m (2,001 clients) one round of its master LP took 25-70 s on the shared machine, so it
# would not converge within any usual limit and would only take CPU from the search.
LP_BOUND_SHARE = 0.8  # it runs beside the search, in a process of its own
LP_BOUND_MAX_CLIENTS = 600
# The bound's deterministic budget: simplex iterations per second of its share (what a loaded
# 2-core machine does on practice-s); its wall-clock safety net is twice its share.
LP_ITERATIONS_PER_SECOND = 4000


@dataclass(frozen=True, slots=True)
class NewGroup:
    slot: Slot
    variant: Variant
    members: tuple[ClientId, ...]


@dataclass(slots=True)
class Built:
    model: cp_model.CpModel
    cands: Candidates
    gv: GroupVars
    published: list[PublishedVars]
    taken: frozenset[ClientId]
    problems: list[str]


def build(
    instance: Instance,
    cands: Candidates,
    *,
    relaxed: bool,
    pin_valid: bool = False,
    fixed: tuple[NewGroup, ...] = (),
) -> Built:
    """The model; `fixed` groups (chosen earlier, e.g. in a previous horizon) only book resources."""
    model = cp_model.CpModel()
    usage = Usage()
    for f in fixed:
        for x in f.variant.schedule.sessions:
            usage.session(x.lead, x.co, x.room, x.date, f.slot.daypart, None)
        sessions = f.variant.schedule.sessions
        usage.run(f.variant.lead, f.variant.co, sessions[0].date, sessions[-1].date, None)
    taken = frozenset(m for g in instance.published for m in g.members) | {
        m for f in fixed for m in f.members
    }
    published, problems = add_published(model, instance, usage, pin_valid=pin_valid)
    gv = add_groups(model, instance, cands, usage, taken=taken, relaxed=relaxed)
    if not relaxed:
        problems += add_facilitator_limits(model, instance, usage)
        problems += add_room_sharing(model, instance, usage)
    build_objective(model, instance, cands, gv, published, taken)
    return Built(model, cands, gv, published, taken, problems)


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Reports progress on each solution; stops at a known lower bound or when asked."""

    def __init__(
        self, phase: str, started: float, progress: Progress | None, gv: GroupVars, stop_at: float | None
    ):
        super().__init__()
        self.phase, self.started, self.progress, self.gv, self.stop_at = phase, started, progress, gv, stop_at
        self.solutions = 0

    def on_solution_callback(self) -> None:
        self.solutions += 1
        value = self.objective_value
        if self.progress is not None:
            placed = sum(1 for lit in self.gv.member.values() if self.boolean_value(lit))
            self.progress(
                {
                    "phase": self.phase,
                    "elapsed_s": round(time.perf_counter() - self.started, 3),
                    "penalty": round(value),
                    "bound": None,
                    "placed": placed,
                }
            )
        if self.stop_at is not None and value <= self.stop_at + 1e-6:
            self.stop_search()


def _run(
    model: cp_model.CpModel,
    *,
    seconds: float,
    seed: int,
    workers: int,
    callback: cp_model.CpSolverSolutionCallback | None,
    should_stop: Callable[[], bool] | None,
    deterministic_time: float | None = None,
) -> tuple[cp_model.CpSolver, Any]:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = max(1, workers)
    p.random_seed = seed
    p.max_time_in_seconds = max(0.1, seconds)
    p.cp_model_probing_level = 0  # probing costs seconds on these models and pays back little
    if deterministic_time is None and workers <= 1:
        deterministic_time = seconds * DTIME_PER_SECOND
    if deterministic_time is not None:
        p.max_deterministic_time = max(0.05, deterministic_time)
    done = threading.Event()
    poller = None
    if should_stop is not None:

        def poll() -> None:
            while not done.wait(0.2):
                if should_stop():
                    solver.stop_search()
                    return

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
    try:
        status = solver.solve(model, callback)
    finally:
        done.set()
        if poller is not None:
            poller.join()
    return solver, status


def _hint(built: Built, injected: dict[str, int], plan: Plan) -> None:
    """Hint the model with a plan's new groups, offered as variants by `inject_groups`."""
    chosen_vars = set(injected.values())
    by_id = {g.id: g for g in plan.groups}
    chosen_cols = {built.cands.variants[vi].column for vi in chosen_vars}
    chosen_members = {
        (m, built.cands.variants[vi].column) for gid, vi in injected.items() for m in by_id[gid].members
    }
    for ci, lit in built.gv.open.items():
        built.model.add_hint(lit, ci in chosen_cols)
    for vi, lit in built.gv.variant.items():
        built.model.add_hint(lit, vi in chosen_vars)
    for key, lit in built.gv.member.items():
        built.model.add_hint(lit, key in chosen_members)


def _published_groups(instance: Instance, built: Built, solver: cp_model.CpSolver) -> list[PlanGroup]:
    groups = []
    for pv in built.published:
        g = pv.group
        if pv.keep is not None and not solver.boolean_value(pv.keep):
            continue
        sessions = [
            make_session(instance, g.daypart, s.number, s.date, s.room, s.lead, s.co) for s in pv.history
        ]
        for lits in pv.options.values():
            for o, lit in lits:
                if solver.boolean_value(lit):
                    sessions.append(make_session(instance, g.daypart, o.number, o.date, o.room, o.lead, o.co))
        sessions.sort(key=lambda s: s.number)
        groups.append(
            PlanGroup(
                g.id,
                g.programme,
                g.location,
                g.language,
                g.weekday,
                g.daypart,
                g.lead,
                g.co,
                pv.members,
                tuple(sessions),
            )
        )
    return groups


def _new_groups(built: Built, solver: cp_model.CpSolver) -> list[NewGroup]:
    cands, gv = built.cands, built.gv
    out = []
    for col in cands.columns:
        if not solver.boolean_value(gv.open[col.index]):
            continue
        v = next(cands.variants[vi] for vi in col.variants if solver.boolean_value(gv.variant[vi]))
        members = tuple(
            sorted(
                cid
                for cid in col.members
                if (cid, col.index) in gv.member and solver.boolean_value(gv.member[(cid, col.index)])
            )
        )
        out.append(NewGroup(col.slot, v, members))
    return out


def _to_plan_groups(instance: Instance, new: list[NewGroup]) -> list[PlanGroup]:
    """Plan groups for new groups, numbered G1, G2, ... by first session (skipping published ids)."""
    ordered = sorted(
        new,
        key=lambda n: (
            n.variant.schedule.sessions[0].date,
            n.slot.programme,
            n.slot.location,
            n.slot.weekday,
            n.slot.daypart,
            n.members,
        ),
    )
    used = {g.id for g in instance.published}
    number = 0
    groups = []
    for n in ordered:
        number += 1
        while f"G{number}" in used:
            number += 1
        v, slot = n.variant, n.slot
        sessions = tuple(
            make_session(instance, slot.daypart, s.number, s.date, s.room, s.lead, s.co)
            for s in v.schedule.sessions
        )
        groups.append(
            PlanGroup(
                f"G{number}",
                slot.programme,
                slot.location,
                slot.language,
                slot.weekday,
                slot.daypart,
                v.lead,
                v.co,
                n.members,
                sessions,
            )
        )
    return groups


def _extract(instance: Instance, built: Built, solver: cp_model.CpSolver) -> tuple[PlanGroup, ...]:
    return tuple(
        _published_groups(instance, built, solver) + _to_plan_groups(instance, _new_groups(built, solver))
    )


def finish_plan(
    instance: Instance,
    groups: tuple[PlanGroup, ...],
    *,
    status: str,
    lower_bound: float | None,
    started: float,
    explain: bool = True,
    deadline: float | None = None,
    waiting: str = "",
) -> Plan:
    """A plan with the SPEC penalty (from rules.py) and the reasons for every unplaced client.

    With a `deadline` (perf_counter seconds) the detailed reasons are skipped when explaining
    every unplaced client would overrun it; each then gets one generic reason.
    """
    from kring.planning.explain import explain_unplaced
    from kring.planning.rules import penalty_breakdown

    # Members in a canonical order (due date, then id): the same grouping always reads the same,
    # however the search reached it.
    groups = tuple(
        replace(g, members=tuple(sorted(g.members, key=lambda m: (instance.client(m).anchor_date, m))))
        if all(instance.has_client(m) for m in g.members)
        else g
        for g in groups
    )
    placed = {m for g in groups for m in g.members}
    left = [c.id for c in instance.clients if c.id not in placed]
    breakdown = penalty_breakdown(instance, groups)
    penalty = sum(breakdown.values())
    if explain and deadline is not None:
        explain = time.perf_counter() + EXPLAIN_SECONDS_PER_CLIENT * len(left) <= deadline
    reasons = explain_unplaced(instance, groups, left) if explain else {}
    fallback = (waiting or NO_ROOM,) if not explain else (NO_ROOM,)
    unplaced = tuple(Unplaced(cid, tuple(r.text() for r in reasons.get(cid, ())) or fallback) for cid in left)
    if lower_bound is not None:
        lower_bound = min(float(lower_bound), float(penalty))
    if status == "optimal" and lower_bound != penalty:
        status = "feasible"
    return Plan(
        instance=instance.name,
        status=status,
        penalty=penalty,
        penalty_breakdown=breakdown,
        lower_bound=lower_bound,
        solve_seconds=time.perf_counter() - started,
        groups=groups,
        unplaced=unplaced,
    )


def _infeasible(instance: Instance, started: float, problems: list[str]) -> Plan:
    return Plan(
        instance=instance.name,
        status="infeasible",
        penalty=0,
        penalty_breakdown={},
        lower_bound=None,
        solve_seconds=time.perf_counter() - started,
        groups=(),
        unplaced=(),
        problems=tuple(problems),
    )


def _greedy(instance: Instance) -> Plan | None:
    try:
        from kring.planning.greedy import solve_greedy
    except ImportError:  # pragma: no cover - the baseline lives beside us
        return None
    plan = solve_greedy(instance, explain=False)  # reasons come later, for the plan returned
    return None if plan.status == "infeasible" else plan


def _greedy_around(instance: Instance, kept: Plan, started: float) -> Plan | None:
    """The baseline run with `kept`'s groups as if published: it keeps them unchanged and
    places waiting clients in new groups or as joiners. Judged against the real instance."""
    from kring.planning.synthetic import with_plan_published

    around = _greedy(replace(with_plan_published(instance, kept), name=instance.name))
    if around is None:
        return None
    plan = finish_plan(
        instance, around.groups, status="feasible", lower_bound=None, started=started, explain=False
    )
    return plan if _valid(instance, plan) else None


def _valid(instance: Instance, plan: Plan) -> bool:
    from kring.planning.rules import violations_for

    return not violations_for(instance, plan.groups, plan.unplaced)


class _Beside:
    """The column-generation bound in a process beside the search (bound/beside.py); reports
    what it found when collected. Not above LP_BOUND_MAX_CLIENTS clients."""

    def __init__(self, instance: Instance, time_limit_s: float, report: Callable[..., None]):
        self.report = report
        self.job: BoundBeside | None = None
        if len(instance.clients) <= LP_BOUND_MAX_CLIENTS:
            self.job = BoundBeside(
                instance,
                max_iterations=int(LP_ITERATIONS_PER_SECOND * LP_BOUND_SHARE * time_limit_s),
                seconds=SAFETY_FACTOR * LP_BOUND_SHARE * time_limit_s,  # a safety net only
            )

    def collect(self, wait_s: float) -> Bound | None:
        bound = None if self.job is None else self.job.collect(wait_s)
        if bound is None:
            return None
        self.report(
            "bound",
            bound=bound.value,
            lp_rounds=bound.rounds,
            lp_iterations=bound.iterations,
            converged=bound.converged,
            stopped_by_clock=bound.stopped_by_clock,
        )
        return bound if bound.value > 0 else None


def _bound_wait(started: float, time_limit_s: float, workers: int) -> float:
    """How long to wait for the bound: with one worker up to the safety net (its own limits are
    deterministic, so the reported bound is too), otherwise until the time limit."""
    limit = SAFETY_FACTOR * time_limit_s if workers <= 1 else time_limit_s
    return limit - (time.perf_counter() - started) - 0.5


def _explain(
    instance: Instance, plan: Plan, bound: Bound | None, seconds_left: float, report: Callable[..., None]
) -> None:
    """Say how far the plan is from the bound (a `bound_note` event with a code and parameters);
    the unplaced-only bound is added when the main one converged and time is left for it."""
    unplaced_bound = None
    if bound is not None and bound.converged and plan.penalty > bound.value and seconds_left > 0.5:
        try:
            unplaced_bound = lower_bound(
                instance,
                weights=unplaced_weights(),
                max_iterations=int(LP_ITERATIONS_PER_SECOND * seconds_left),
                deadline=time.monotonic() + seconds_left,
            )
        except RuntimeError:
            unplaced_bound = None
        if unplaced_bound is not None and not unplaced_bound.converged:
            unplaced_bound = None
    if plan.lower_bound is not None and (bound is None or plan.lower_bound > bound.value):
        # another bound proved more (its duals are not known: no capacity is named)
        bound = Bound(
            value=int(plan.lower_bound),
            lp_value=float(plan.lower_bound),
            converged=False,
            rounds=0,
            iterations=0,
            columns=0,
            stopped_by_clock=False,
            seconds=0.0,
            unplaced_in_lp=0.0,
            binding=None if bound is None else bound.binding,
        )
    note = explain_bound(plan.penalty, len(plan.unplaced), bound, unplaced_bound)
    report("bound_note", code=note.code, note=dict(note.params))


def solve(
    instance: Instance,
    *,
    time_limit_s: float = 60,
    seed: int = 0,
    workers: int = 2,
    progress: Progress | None = None,
    hint: Plan | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Plan:
    """The best plan found within `time_limit_s`; never worse than `hint` or the greedy plan."""
    started = time.perf_counter()

    def left() -> float:
        return time_limit_s - (time.perf_counter() - started)

    def report(phase: str, **extra: object) -> None:
        if progress is not None:
            progress({"phase": phase, "elapsed_s": round(time.perf_counter() - started, 3)} | extra)

    complete = len(instance.clients) <= COMPLETE_CANDIDATES_MAX_CLIENTS
    if not complete:
        deadline = started + time_limit_s
        # A replan of published groups: keeping them (repair) is the quick base; the baseline
        # too when the limit leaves room for it. Otherwise the baseline first.
        if hint is None and instance.published:
            report("repair")
            kept = repair(
                instance,
                time_limit_s=max(1.0, 0.2 * time_limit_s),
                seed=seed,
                workers=workers,
                should_stop=should_stop,
            )
            hint = None if kept.status == "infeasible" else kept
            if hint is not None:
                # Repair places nobody new: let the baseline seat waiting clients around the
                # kept groups, so only the sessions the change forced differ from what was published.
                report("fill")
                filled = _greedy_around(instance, hint, started)
                if filled is not None and filled.penalty < hint.penalty:
                    hint = filled
            # Never worse than the baseline, whatever the time limit.
            report("greedy")
            greedy = _greedy(instance)
            if greedy is not None and (hint is None or greedy.penalty < hint.penalty):
                hint = greedy
        elif hint is None:
            report("greedy")
            hint = _greedy(instance)
        beside = _Beside(instance, time_limit_s, report)
        report("rolling")
        groups = _solve_rolling(
            instance,
            base=hint,
            hood=LARGE,
            started=started,
            time_limit_s=started_budget(time_limit_s),
            seed=seed,
            workers=workers,
            progress=progress,
            should_stop=should_stop,
        )
        plan = None
        column_bound = beside.collect(_bound_wait(started, time_limit_s, workers))
        if groups is not None:
            from kring.planning.rules import penalty_breakdown

            cheaper = hint is None or sum(penalty_breakdown(instance, groups).values()) < hint.penalty
            if cheaper:
                plan = finish_plan(
                    instance,
                    groups,
                    status="optimal",
                    lower_bound=None if column_bound is None else column_bound.value,
                    started=started,
                    deadline=deadline,
                )
                if not _valid(instance, plan):
                    plan = None
        if plan is None:
            if hint is None:
                return _infeasible(instance, started, ["no valid plan found within the time limit"])
            plan = finish_plan(
                instance,
                hint.groups,
                status="optimal",
                lower_bound=None if column_bound is None else column_bound.value,
                started=started,
                deadline=deadline,
            )
        _explain(instance, plan, column_bound, 0.0, report)
        report(
            "done",
            penalty=plan.penalty,
            bound=plan.lower_bound,
            placed=sum(len(g.members) for g in plan.groups),
        )
        return plan
    report("candidates")
    shared = EnumerationCache(instance)
    cands = enumerate_candidates(instance, bands=all_bands, cache=shared)
    report("candidates", columns=len(cands.columns), variants=len(cands.variants))
    if hint is None and len(instance.clients) <= GREEDY_MAX_CLIENTS:
        hint = _greedy(instance)
    joins_closed = all(
        instance.programme(g.programme).spec(instance.programme(g.programme).latest_join_session)
        and next(
            s.date for s in g.sessions if s.number == instance.programme(g.programme).latest_join_session
        )
        < instance.plan_start
        for g in instance.published
    )
    lower_bound: float | None = None
    if complete and joins_closed:
        lower_bound = float(share_bound(instance, cands))
        report("bound", bound=lower_bound)
    if complete and joins_closed and len(instance.clients) <= RELAXED_MAX_CLIENTS:
        relaxed = build(instance, cands, relaxed=True)
        watcher = _Watcher("bound", started, None, relaxed.gv, None)
        solver, status = _run(
            relaxed.model,
            seconds=max(0.5, BOUND_SHARE * left()),
            seed=seed,
            workers=workers,
            callback=watcher,
            should_stop=should_stop,
            deterministic_time=BOUND_SHARE * time_limit_s * DTIME_PER_SECOND if workers <= 1 else None,
        )
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            relaxed_bound = math.ceil(solver.best_objective_bound - 1e-6)
            lower_bound = max(lower_bound or 0.0, float(relaxed_bound))
            report("bound", bound=lower_bound)
    beside = _Beside(instance, time_limit_s, report)
    # Window search from the hint first: it improves far faster than one big model here.
    best_groups: tuple[PlanGroup, ...] | None = None
    if hint is not None:
        best_groups = _solve_rolling(
            instance,
            base=hint,
            hood=SMALL,
            started=started,
            time_limit_s=time_limit_s * (1 - SMALL_FINISH_SHARE),
            stop_at=lower_bound,
            cache=shared,
            seed=seed,
            workers=workers,
            progress=progress,
            should_stop=should_stop,
        )
    best: Plan | None = hint
    if best_groups is not None:
        candidate = finish_plan(
            instance, best_groups, status="optimal", lower_bound=lower_bound, started=started
        )
        if _valid(instance, candidate) and (best is None or candidate.penalty <= best.penalty):
            best = candidate
    # Then the whole model, hinted with the best plan so far, stopping at the lower bound.
    # (With one worker only without a hint, where the window search did not run: the window
    # search spends the deterministic budget, and wall time left would make the plan depend on
    # the machine's load.)
    proven = best is not None and lower_bound is not None and best.penalty <= lower_bound
    reserve = SMALL_FINISH_SHARE * time_limit_s
    if left() - reserve > 1.0 and not proven and (workers > 1 or best_groups is None):
        main = build(instance, cands, relaxed=False)
        if not main.problems:
            if best is not None:
                published_ids = {g.id for g in instance.published}
                injected = inject_groups(
                    instance, cands, [g for g in best.groups if g.id not in published_ids]
                )
                _hint(main, injected, best)
            watcher = _Watcher("search", started, progress, main.gv, lower_bound)
            solver, status = _run(
                main.model,
                seconds=left() - reserve,
                seed=seed,
                workers=workers,
                callback=watcher,
                should_stop=should_stop,
                deterministic_time=time_limit_s * DTIME_PER_SECOND if workers <= 1 else None,
            )
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                groups = _extract(instance, main, solver)
                candidate = finish_plan(
                    instance, groups, status="optimal", lower_bound=lower_bound, started=started
                )
                if _valid(instance, candidate) and (best is None or candidate.penalty < best.penalty):
                    best = candidate
    if best is None:
        return _infeasible(instance, started, ["no valid plan found within the time limit"])
    column_bound = beside.collect(_bound_wait(started, time_limit_s, workers))
    if column_bound is not None:
        lower_bound = max(lower_bound or 0.0, float(column_bound.value))
        report("bound", bound=lower_bound)
    if best is hint or (lower_bound is not None and best.lower_bound != lower_bound):
        best = finish_plan(instance, best.groups, status="optimal", lower_bound=lower_bound, started=started)
    _explain(instance, best, column_bound, time_limit_s - (time.perf_counter() - started), report)
    best = replace(best, solve_seconds=time.perf_counter() - started)
    report(
        "done", penalty=best.penalty, bound=best.lower_bound, placed=sum(len(g.members) for g in best.groups)
    )
    return best


def started_budget(time_limit_s: float) -> float:
    """Search time on large instances: the rest goes to checking and explaining the plan."""
    return time_limit_s * (1 - FINISH_SHARE)


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """How the window search enumerates candidates inside a window."""

    window_days: int
    bands: BandPolicy
    variants_per_column: int | None
    max_pairs: int | None
    window_seconds: float  # at most this per window (deterministic time with one worker)


SMALL = Neighbourhood(
    window_days=70, bands=all_bands, variants_per_column=None, max_pairs=None, window_seconds=8.0
)
LARGE = Neighbourhood(
    window_days=28, bands=sparse_bands, variants_per_column=1, max_pairs=4, window_seconds=30.0
)


def _as_plan_group(instance: Instance, gid: str, n: NewGroup) -> PlanGroup:
    return PlanGroup(
        gid,
        n.slot.programme,
        n.slot.location,
        n.slot.language,
        n.slot.weekday,
        n.slot.daypart,
        n.variant.lead,
        n.variant.co,
        n.members,
        tuple(
            make_session(instance, n.slot.daypart, x.number, x.date, x.room, x.lead, x.co)
            for x in n.variant.schedule.sessions
        ),
    )


def _solve_rolling(
    instance: Instance,
    *,
    base: Plan | None,
    hood: Neighbourhood,
    started: float,
    time_limit_s: float,
    seed: int,
    workers: int,
    progress: Progress | None,
    should_stop: Callable[[], bool] | None,
    stop_at: float | None = None,
    cache: EnumerationCache | None = None,
) -> tuple[PlanGroup, ...] | None:
    """Large-neighbourhood search by windows of first anchors, starting from `base` (greedy).

    Each window frees the current plan's groups whose first anchor falls in it, together with
    fresh candidate columns there; every other group stays fixed and books its rooms and
    people. The current groups are offered as variants and hinted, so a window never gets
    worse. Passes alternate the window grid by half a window and repeat while time is left
    and the last pass improved. With one worker the budget is deterministic time.
    """
    published_members = frozenset(m for g in instance.published for m in g.members)
    published_ids = {g.id for g in instance.published}
    anchors = sorted(c.anchor_date for c in instance.clients if c.id not in published_members)
    if not anchors:
        return None
    current: list[NewGroup] = []
    for g in base.groups if base is not None else ():
        if g.id in published_ids:
            continue
        sched = schedule_of(instance, g)
        join = instance.programme(g.programme).latest_join_session
        variant = Variant(-1, -1, g.lead, g.co, g.sessions[0].room, sched, sched.sessions[join - 1].date)
        current.append(
            NewGroup(Slot(g.programme, g.location, g.weekday, g.daypart, g.language), variant, g.members)
        )

    def first_anchor(n: NewGroup) -> dt.date:
        return min(instance.client(m).anchor_date for m in n.members)

    # Short limits: fewer, wider windows, so that each gets a few seconds beyond presolve.
    windows = max(1, int(time_limit_s // MIN_WINDOW_SECONDS))
    days = max(hood.window_days, math.ceil(((anchors[-1] - anchors[0]).days + 1) / windows))
    span = dt.timedelta(days=days)
    cache = cache or EnumerationCache(instance)
    deterministic = workers <= 1
    budget = time_limit_s * DTIME_PER_SECOND
    wall_limit = SAFETY_FACTOR * time_limit_s if deterministic else time_limit_s
    used = 0.0
    published: list[PlanGroup] | None = None
    best_value: float | None = None
    stalled = 0
    for pass_number in range(1000):
        starts = []
        day = anchors[0] - (span / 2 if pass_number % 2 else dt.timedelta(0))
        while day <= anchors[-1]:
            starts.append(day)
            day += span
        completed = False
        for k, start in enumerate(starts):
            # With one worker the deterministic budget decides; the wall clock (at SAFETY_FACTOR
            # times the limit) is only a safety net, and says so when it fires.
            left = wall_limit - (time.perf_counter() - started)
            if (
                left <= 0.5
                or (deterministic and used >= budget)
                or (should_stop is not None and should_stop())
            ):
                if deterministic and left <= 0.5 and used < budget and progress is not None:
                    progress({"phase": "safety net", "elapsed_s": round(time.perf_counter() - started, 3)})
                break
            inside = [n for n in current if start <= first_anchor(n) < start + span]
            outside = [n for n in current if not start <= first_anchor(n) < start + span]
            taken = published_members | {m for n in outside for m in n.members}
            cands = enumerate_candidates(
                instance,
                bands=hood.bands,
                max_variants_per_column=hood.variants_per_column,
                first_between=(start, start + span),
                exclude=taken,
                max_pairs=hood.max_pairs,
                cache=cache,
            )
            if not cands.columns and not inside and published is not None:
                continue
            as_groups = [_as_plan_group(instance, f"W{i}", n) for i, n in enumerate(inside)]
            injected = inject_groups(instance, cands, as_groups)
            built = build(instance, cands, relaxed=False, pin_valid=True, fixed=tuple(outside))
            if built.problems:
                built = build(instance, cands, relaxed=False, pin_valid=False, fixed=tuple(outside))
                if built.problems:
                    continue
            _hint(built, injected, Plan(instance.name, "feasible", 0, {}, None, 0.0, tuple(as_groups), ()))
            left = wall_limit - (time.perf_counter() - started)
            share = min(hood.window_seconds, left / (len(starts) - k) if pass_number == 0 else left)
            if deterministic:
                share = left  # deterministic time limits the window
            watcher = _Watcher(f"window {pass_number + 1}.{k + 1}", started, progress, built.gv, None)
            solver, status = _run(
                built.model,
                seconds=max(0.2, share),
                seed=seed,
                workers=workers,
                callback=watcher,
                should_stop=should_stop,
                deterministic_time=min(hood.window_seconds * DTIME_PER_SECOND, budget - used)
                if deterministic
                else None,
            )
            used += solver.deterministic_time
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                continue
            current = outside + _new_groups(built, solver)
            published = _published_groups(instance, built, solver)
        else:
            completed = True
        if published is None or not completed:
            break
        from kring.planning.rules import penalty_of

        value = penalty_of(instance, published + [_as_plan_group(instance, "x", n) for n in current])
        if best_value is not None and value >= best_value:
            stalled += 1
            if stalled >= 2:
                break
        else:
            stalled = 0
        best_value = value if best_value is None else min(best_value, value)
        if stop_at is not None and value <= stop_at:
            break  # proven optimal
        if progress is not None:
            progress(
                {
                    "phase": f"pass {pass_number + 1}",
                    "elapsed_s": round(time.perf_counter() - started, 3),
                    "penalty": value,
                    "bound": None,
                    "placed": sum(len(n.members) for n in current),
                }
            )
    if published is None:
        return None
    return tuple(published + _to_plan_groups(instance, current))


def repair(
    instance: Instance,
    *,
    time_limit_s: float = 10,
    seed: int = 0,
    workers: int = 2,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Plan:
    """Replan after a change (an absence, a closure, a client who left): published groups only.

    Every published session that is still valid stays exactly as announced; only the sessions
    the change breaks get a substitute, another room or another date (cheapest first, see
    published.py). If pinning the valid ones leaves no solution, all sessions may move at the
    `published_change` price. Waiting clients are not placed here: run `solve` for that.
    """
    started = time.perf_counter()
    empty = Candidates(columns=[], variants=[], slot_clients={})
    for pin in (True, False):
        built = build(instance, empty, relaxed=False, pin_valid=pin)
        if built.problems:
            continue
        left = time_limit_s - (time.perf_counter() - started)
        watcher = _Watcher("repair", started, progress, built.gv, None)
        solver, status = _run(
            built.model,
            seconds=max(0.1, left),
            seed=seed,
            workers=workers,
            callback=watcher,
            should_stop=should_stop,
        )
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            groups = _extract(instance, built, solver)
            plan = finish_plan(
                instance,
                groups,
                status="feasible",
                lower_bound=None,
                started=started,
                explain=False,
                waiting=WAITING,
            )
            if _valid(instance, plan):
                return plan
    return Plan(
        instance=instance.name,
        status="infeasible",
        penalty=0,
        penalty_breakdown={},
        lower_bound=None,
        solve_seconds=time.perf_counter() - started,
        groups=(),
        unplaced=(),
        problems=tuple(built.problems) or ("the published groups cannot all be kept valid",),
    )

"""One solve in its own process, so that its peak memory is its own: `python -m bench.solve_one JOB.json`.

The job names an instance file, a method (greedy or cpsat), a time limit and a seed, and
where to write the plan and the result. The result records the solve's wall-clock seconds,
the process's peak resident memory right after the solve (before the plan is checked), the
check by `rules.check`, and the split of unplaced clients (see `bench.alone`).
"""

from __future__ import annotations

import json
import resource
import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

from kring.planning import rules
from kring.planning.bound.explain import BoundNote, sentence
from kring.planning.model import load_instance, plan_to_json, write_json


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _classify(instance: Any, plan: Any) -> dict[str, Any]:
    """Unplaced clients: no group even alone vs. the rest.

    `kring.planning.explain` gives each unplaced client a kind (NO_FIT: no valid group could take
    her even alone); where it is unavailable or fails, `bench.alone` decides. Both are recorded.
    """
    from bench.alone import ALONE_IMPOSSIBLE, classify_unplaced

    unplaced = [u.client for u in plan.unplaced]
    own = classify_unplaced(instance, unplaced)
    own_alone = sum(1 for k in own.values() if k == ALONE_IMPOSSIBLE)
    result: dict[str, Any] = {"bench_alone_impossible": own_alone}
    try:
        from kring.planning import explain

        explainer = explain.Explainer(instance, plan.groups)
        kinds = Counter(explainer.explain(cid).kind for cid in unplaced)
        result["explain_kinds"] = dict(kinds)
        alone, source = kinds.get(explain.NO_FIT, 0), "kring.planning.explain"
    except Exception as exc:  # explain is another module's work in progress; fall back
        result["explain_error"] = f"{type(exc).__name__}: {exc}"[:300]
        alone, source = own_alone, "bench.alone"
    result.update(
        {"unplaced_alone_impossible": alone, "unplaced_other": len(unplaced) - alone, "classified_by": source}
    )
    return result


def run(job: dict[str, Any]) -> dict[str, Any]:
    instance = load_instance(job["instance"])
    method = job["method"]
    notes: list[str] = []
    lp: dict[str, Any] = {}
    started = time.perf_counter()
    if method == "greedy":
        from kring.planning.greedy import solve_greedy

        plan = solve_greedy(instance)
    elif method == "cpsat":
        from kring.planning import cpsat

        def keep(event: dict[str, Any]) -> None:
            if event.get("phase") == "bound_note":
                notes.append(sentence(BoundNote(str(event["code"]), dict(event.get("note", {})))))
            elif event.get("phase") == "bound" and "lp_rounds" in event:
                lp.update(event)

        plan = cpsat.solve(instance, time_limit_s=job["time_limit_s"], seed=job.get("seed", 0), progress=keep)
    else:
        raise ValueError(f"unknown method {method}")
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    write_json(plan_to_json(plan), job["plan"])
    report = rules.check(instance, plan)
    result: dict[str, Any] = {
        "method": method,
        "status": plan.status,
        "penalty": plan.penalty,
        "checked_penalty": report.penalty,
        "breakdown": dict(report.breakdown),
        "lower_bound": plan.lower_bound,
        "seconds": round(seconds, 2),
        "plan_seconds": round(plan.solve_seconds, 2),
        "peak_mb": round(peak, 1),
        "valid": report.valid,
        "violations": [str(v) for v in report.violations[:20]],
        "violation_count": len(report.violations),
        "clients": len(instance.clients),
        "placed": sum(len(g.members) for g in plan.groups),
        "unplaced": len(plan.unplaced),
        "groups": len(plan.groups),
    }
    result.update(_classify(instance, plan))
    if notes:
        result["bound_note"] = notes[-1]
    if lp:
        result["column_bound"] = {
            k: lp[k] for k in ("bound", "lp_rounds", "lp_iterations", "converged", "stopped_by_clock")
        }
    return result


def main() -> int:
    job = json.loads(Path(sys.argv[1]).read_text())
    try:
        result = run(job)
    except Exception as exc:  # a crash is a benchmark result too
        result = {
            "method": job.get("method"),
            "error": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(limit=8),
            "peak_mb": round(_peak_mb(), 1),
        }
    Path(job["result"]).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

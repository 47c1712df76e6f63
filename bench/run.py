"""Planner benchmarks against SPEC section 6: `make bench`, i.e. `python -m bench.run`.

Runs the greedy baseline and CP-SAT side by side on the generated scales S, M and L (fixed
seeds), the example instances practice-s and city-m, and the repair case (M with its plan
published, then a new three-week absence of a facilitator of a published group). Every solve
runs in its own process (`bench.solve_one`) so that its peak memory is measured alone.
Writes docs/benchmarks.md; raw results and instances go to bench/out/ (not committed).

    python -m bench.run                      # everything (L takes several minutes)
    python -m bench.run --quick              # tiny and S only
    python -m bench.run --only S,M,repair    # a selection
    python -m bench.run --time-m 30 --time-l 120

Not part of `make test`: nothing here asserts; it measures and reports.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kring.planning.model import (
    Instance,
    instance_to_json,
    load_instance,
    load_plan,
    write_json,
)
from kring.planning.synthetic import add_absence, generate, with_plan_published

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "planning" / "data"
OUT = ROOT / "bench" / "out"
REPORT = ROOT / "docs" / "benchmarks.md"

SEED = 1  # generator seed of S, M and L; fixed so that runs compare
SOLVER_SEED = 0
ABSENCE_DAYS = 21
GREEDY_TIMEOUT_S = 1800
MEMORY_CAP_MB = 8192  # a solve above this is stopped: the machine is shared (the L target is 4 GB)


@dataclass(frozen=True)
class Case:
    name: str
    description: str
    time_key: str  # which time limit applies: "s", "m", "l" or "repair"
    scale: str | None = None  # generated with this scale
    file: str | None = None  # or read from tests/planning/data


CASES: tuple[Case, ...] = (
    Case("tiny", "example tiny.json: 12 CZ clients, one group possible", "s", file="tiny.json"),
    Case("S", f"generated S (seed {SEED}): one midwifery practice", "s", scale="S"),
    Case("practice-s", "example practice-s.json", "s", file="practice-s.json"),
    Case("M", f"generated M (seed {SEED}): a city with CZ and CO", "m", scale="M"),
    Case("city-m", "example city-m.json", "m", file="city-m.json"),
    Case("L", f"generated L (seed {SEED}): a regional JGZ organisation", "l", scale="L"),
    Case("repair", f"M with its plan published, then a new {ABSENCE_DAYS}-day absence", "repair"),
)
QUICK = ("tiny", "S")


@dataclass
class Outcome:
    case: Case
    instance: dict[str, Any]
    results: dict[str, dict[str, Any]] = field(default_factory=dict)  # by method
    repair: dict[str, Any] | None = None


# ---------------------------------------------------------------- running one solve


def _resident_mb(pid: int) -> float:
    """Current resident memory of a process (Linux /proc), 0 where unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def solve_in_child(instance_path: Path, method: str, time_limit_s: float, label: str) -> dict[str, Any]:
    """Run `bench.solve_one` in a fresh process; add the child's own rusage peak and wall time."""
    jobs = OUT / "jobs"
    jobs.mkdir(parents=True, exist_ok=True)
    job = {
        "instance": str(instance_path),
        "method": method,
        "time_limit_s": time_limit_s,
        "seed": SOLVER_SEED,
        "plan": str(OUT / "plans" / f"{label}-{method}.json"),
        "result": str(jobs / f"{label}-{method}.result.json"),
    }
    (OUT / "plans").mkdir(parents=True, exist_ok=True)
    job_path = jobs / f"{label}-{method}.job.json"
    job_path.write_text(json.dumps(job, indent=1))
    Path(job["result"]).unlink(missing_ok=True)
    timeout = GREEDY_TIMEOUT_S if method == "greedy" else time_limit_s * 2 + 180
    log = open(jobs / f"{label}-{method}.log", "w")  # noqa: SIM115 - closed below
    started = time.perf_counter()
    proc = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "bench.solve_one", str(job_path)],
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )
    usage = None
    killed = ""
    while usage is None:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            usage = rusage
            proc.returncode = os.waitstatus_to_exitcode(status)
            break
        if not killed:
            if time.perf_counter() - started > timeout:
                killed = f"killed after {timeout:.0f} s"
            elif _resident_mb(proc.pid) > MEMORY_CAP_MB:
                killed = f"killed above {MEMORY_CAP_MB} MB resident"
            if killed:
                proc.send_signal(signal.SIGKILL)
        time.sleep(0.2)
    log.close()
    wall = time.perf_counter() - started
    result: dict[str, Any]
    try:
        result = json.loads(Path(job["result"]).read_text())
    except (OSError, json.JSONDecodeError):
        tail = (jobs / f"{label}-{method}.log").read_text()[-2000:]
        reason = killed or f"exit code {proc.returncode}"
        result = {"method": method, "error": f"no result ({reason}): {tail}"}
    result["load_average"] = round(os.getloadavg()[0], 1)  # other work on the machine at the end
    result["process_peak_mb"] = round(usage.ru_maxrss / 1024, 1)
    result["process_seconds"] = round(wall, 1)
    result["time_limit_s"] = time_limit_s if method == "cpsat" else None
    result["plan_path"] = job["plan"]
    return result


# ---------------------------------------------------------------- instances


def _summary(instance: Instance) -> dict[str, Any]:
    return {
        "name": instance.name,
        "clients": len(instance.clients),
        "programmes": {
            p.id: sum(1 for c in instance.clients if c.programme == p.id) for p in instance.programmes
        },
        "locations": len(instance.locations),
        "rooms": len(instance.rooms),
        "leads": sum(1 for f in instance.facilitators if f.can_lead),
        "cos": sum(1 for f in instance.facilitators if not f.can_lead),
        "published": len(instance.published),
        "languages": sorted(set().union(*(c.languages for c in instance.clients))),
    }


def prepare(case: Case) -> tuple[Path, Instance]:
    folder = OUT / "instances"
    folder.mkdir(parents=True, exist_ok=True)
    if case.file:
        path = DATA / case.file
        return path, load_instance(path)
    assert case.scale is not None
    instance = generate(case.scale, SEED)
    path = folder / f"{case.name}.json"
    write_json(instance_to_json(instance), path)
    return path, instance


# ---------------------------------------------------------------- the repair case


def _future_sessions(instance: Instance) -> dict[tuple[str, int], Any]:
    return {
        (g.id, s.number): s for g in instance.published for s in g.sessions if s.date >= instance.plan_start
    }


def choose_absence(instance: Instance) -> tuple[str, dt.date, list[tuple[str, int]]]:
    """The hardest three weeks to lose a facilitator of a published group, from eight weeks on.

    Over every facilitator in a published future session and every Monday of such a session at
    least eight weeks after plan_start, the absence that hits the most sessions (earliest on a
    tie). Returns the facilitator, the first day of the absence and the sessions it forces to
    change (she leads or co-facilitates them then).
    """
    future = _future_sessions(instance)
    horizon = instance.plan_start + dt.timedelta(weeks=8)
    best: tuple[int, dt.date, str, list[tuple[str, int]]] | None = None
    people = sorted({f for s in future.values() for f in (s.lead, s.co)})
    for fid in people:
        mine = sorted((s.date, k) for k, s in future.items() if fid in (s.lead, s.co))
        for day, _ in mine:
            if day < horizon:
                continue
            start = day - dt.timedelta(days=day.weekday())
            end = start + dt.timedelta(days=ABSENCE_DAYS - 1)
            forced = sorted(k for d, k in mine if start <= d <= end)
            if best is None or (len(forced), -start.toordinal()) > (best[0], -best[1].toordinal()):
                best = (len(forced), start, fid, forced)
    if best is None:
        raise ValueError("no published future session eight weeks after plan_start")
    _, start, fid, forced = best
    return fid, start, forced


def published_changes(instance: Instance, plan_path: str) -> list[tuple[str, int]]:
    """Future published sessions whose date, room, lead or co the plan changed (or cancelled)."""
    plan = load_plan(plan_path)
    by_group = {g.id: {s.number: s for s in g.sessions} for g in plan.groups}
    changed = []
    for (gid, number), s in sorted(_future_sessions(instance).items()):
        new = by_group.get(gid, {}).get(number)
        if new is None or (new.date, new.room, new.lead, new.co) != (s.date, s.room, s.lead, s.co):
            changed.append((gid, number))
    return changed


def prepare_repair(base_plan: Path | None, limits: dict[str, float]) -> tuple[Path, Instance, dict[str, Any]]:
    """M with a plan published (CP-SAT's from this run if valid, else greedy's), then the absence."""
    folder = OUT / "instances"
    folder.mkdir(parents=True, exist_ok=True)
    base = generate("M", SEED)
    source = "this run's CP-SAT plan of M"
    if base_plan is None:
        base_path = folder / "M.json"
        write_json(instance_to_json(base), base_path)
        result = solve_in_child(base_path, "greedy", 0, "repair-base")
        base_plan = Path(result["plan_path"])
        source = "the greedy plan of M"
    published = with_plan_published(base, load_plan(base_plan))
    fid, start, forced = choose_absence(published)
    instance = add_absence(published, fid, start, ABSENCE_DAYS)
    # The same published plan without the absence: what a re-plan changes anyway (placing
    # waiting clients in published groups can move their dates), for comparison.
    write_json(instance_to_json(published), folder / "repair-without-absence.json")
    path = folder / "repair.json"
    write_json(instance_to_json(instance), path)
    info = {
        "published_from": source,
        "facilitator": fid,
        "absence_from": start.isoformat(),
        "absence_days": ABSENCE_DAYS,
        "forced": [f"{g}#{n}" for g, n in forced],
        "published_groups": len(instance.published),
        "published_future_sessions": len(_future_sessions(instance)),
    }
    return path, instance, info


# ---------------------------------------------------------------- main


def run_case(case: Case, limits: dict[str, float], outcomes: dict[str, Outcome]) -> Outcome:
    info = None
    if case.name == "repair":
        m = outcomes.get("M")
        plan = None
        if m and m.results.get("cpsat", {}).get("valid"):
            plan = Path(m.results["cpsat"]["plan_path"])
        elif m and m.results.get("greedy", {}).get("valid"):
            plan = Path(m.results["greedy"]["plan_path"])
        path, instance, info = prepare_repair(plan, limits)
    else:
        path, instance = prepare(case)
    outcome = Outcome(case, _summary(instance), repair=info)
    for method in ("greedy", "cpsat"):
        print(f"[bench] {case.name}: {method} ...", flush=True)
        result = solve_in_child(path, method, limits[case.time_key], case.name)
        if info is not None and "error" not in result:
            changed = published_changes(instance, result["plan_path"])
            forced = set(info["forced"])
            result["published_changed"] = len(changed)
            result["unforced_changes"] = sorted(f"{g}#{n}" for g, n in changed if f"{g}#{n}" not in forced)
            plain = OUT / "instances" / "repair-without-absence.json"
            baseline = solve_in_child(plain, method, limits[case.time_key], "repair-without-absence")
            if "error" not in baseline:
                anyway = {f"{g}#{n}" for g, n in published_changes(instance, baseline["plan_path"])}
                result["changed_without_absence"] = len(anyway)
                result["unforced_not_made_anyway"] = [
                    c for c in result["unforced_changes"] if c not in anyway
                ]
        outcome.results[method] = result
        summary = {
            k: result.get(k)
            for k in ("status", "penalty", "lower_bound", "seconds", "peak_mb", "valid", "error")
        }
        print(f"[bench] {case.name}: {method} {summary}", flush=True)
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="only tiny and S")
    parser.add_argument("--only", help="comma-separated cases: " + ",".join(c.name for c in CASES))
    parser.add_argument("--time-s", type=float, default=10.0, help="CP-SAT seconds for tiny, S, practice-s")
    parser.add_argument("--time-m", type=float, default=60.0, help="CP-SAT seconds for M and city-m")
    parser.add_argument(
        "--time-l",
        type=float,
        default=240.0,
        help="CP-SAT seconds for L (leave room for model building within 5 minutes)",
    )
    parser.add_argument("--time-repair", type=float, default=10.0, help="CP-SAT seconds for the repair case")
    parser.add_argument("--out", type=Path, default=REPORT, help="where to write the Markdown report")
    parser.add_argument(
        "--render-only", action="store_true", help="solve nothing; write the report from --json again"
    )
    parser.add_argument("--json", type=Path, default=OUT / "results.json", help="raw results")
    args = parser.parse_args(argv)
    names = [c.name for c in CASES]
    wanted = list(QUICK) if args.quick else names
    if args.only:
        wanted = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = sorted(set(wanted) - set(names))
        if unknown:
            parser.error(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(names)}")
    limits = {"s": args.time_s, "m": args.time_m, "l": args.time_l, "repair": args.time_repair}
    if args.render_only:
        return _render_only(args)
    outcomes: dict[str, Outcome] = {}
    started = time.perf_counter()
    for case in CASES:
        if case.name in wanted:
            outcomes[case.name] = run_case(case, limits, outcomes)
    total = time.perf_counter() - started
    run = {"limits": limits, "total_s": total, "machine": _machine()}
    raw = {
        name: {"instance": o.instance, "results": o.results, "repair": o.repair}
        for name, o in outcomes.items()
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"_run": run, **raw}, indent=1, default=str))
    _write_report(args.out, list(outcomes.values()), run)
    print(f"[bench] wrote {args.out} and {args.json} in {total:.0f} s")
    return 0


def _write_report(path: Path, outcomes: list[Outcome], run: dict[str, Any]) -> None:
    from bench.report import render

    path.parent.mkdir(parents=True, exist_ok=True)
    previous = path.read_text() if path.exists() else ""
    path.write_text(render(outcomes, run["limits"], run["total_s"], run["machine"], previous))


def _render_only(args: argparse.Namespace) -> int:
    """Write the report again from the raw results of an earlier run (e.g. after editing the notes)."""
    raw = json.loads(args.json.read_text())
    run = raw.pop("_run")
    by_name = {c.name: c for c in CASES}
    outcomes = [Outcome(by_name[name], o["instance"], o["results"], o["repair"]) for name, o in raw.items()]
    _write_report(args.out, outcomes, run)
    print(f"[bench] wrote {args.out} from {args.json}")
    return 0


def _machine() -> dict[str, str]:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = next(
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{int(memory) / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration):
        memory = "unknown RAM"
    try:
        from ortools import __version__ as ortools_version
    except ImportError:  # pragma: no cover
        ortools_version = "?"
    commit = os.environ.get("BENCH_COMMIT", "")  # set when running from an exported snapshot
    try:
        commit = (
            commit
            or subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH, fixed arguments
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
        )
    except OSError:
        commit = "?"
    return {
        "cpu": cpu,
        "cores": str(len(os.sched_getaffinity(0))),
        "memory": memory,
        "python": platform.python_version(),
        "ortools": ortools_version,
        "commit": commit,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


if __name__ == "__main__":
    sys.exit(main())

"""docs/benchmarks.md from the benchmark results: tables, and each SPEC section 6 target met or not.

A hand-written block between `<!-- notes -->` and `<!-- /notes -->` in the previous report is
kept, so the analysis survives a re-run; the numbers are always regenerated.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.run import Outcome

NOTES = re.compile(r"<!-- notes -->.*?<!-- /notes -->", re.DOTALL)
DEFAULT_NOTES = "<!-- notes -->\n(No analysis written yet.)\n<!-- /notes -->"

S_LIKE = ("S", "practice-s")
M_LIKE = ("M", "city-m")
S_REDUCTION, ML_REDUCTION = 0.40, 0.20
M_GAP, L_GAP = 0.02, 0.05
S_SECONDS, M_SECONDS, L_SECONDS, REPAIR_SECONDS = 10, 60, 300, 10
L_MEMORY_MB = 4096


def gap(result: dict[str, Any]) -> float | None:
    """(penalty - lower bound) / lower bound; None without a bound, inf for a zero bound."""
    bound, penalty = result.get("lower_bound"), result.get("penalty")
    if bound is None or penalty is None:
        return None
    if bound <= 0:
        return 0.0 if penalty <= 0 else math.inf
    return (penalty - bound) / bound


def reduction(outcome: Outcome) -> float | None:
    greedy, cpsat = outcome.results.get("greedy", {}), outcome.results.get("cpsat", {})
    if not greedy.get("valid") or not cpsat.get("valid") or not greedy.get("penalty"):
        return None
    return 1 - cpsat["penalty"] / greedy["penalty"]


def _pct(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    if math.isinf(value):
        return "∞"
    return f"{100 * value:.{digits}f} %"


def _num(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() or abs(value) >= 100 else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**not met**")


def _results_table(outcomes: Sequence[Outcome]) -> list[str]:
    lines = [
        "| case | method | limit s | status | penalty | lower bound | gap | gain over greedy | placed "
        "| unplaced: alone ✗ / other | seconds | peak MB | load | valid |",
        "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for o in outcomes:
        for method in ("greedy", "cpsat"):
            r = o.results.get(method)
            if r is None:
                continue
            label = "CP-SAT" if method == "cpsat" else "greedy"
            if "error" in r:
                first = r["error"].strip().splitlines()[0][:120]
                lines.append(
                    f"| {o.case.name} | {label} | {_num(r.get('time_limit_s'))} | error: {first} "
                    f"| | | | | | | {_num(r.get('process_seconds'))} | {_num(r.get('process_peak_mb'))} "
                    f"| {_num(r.get('load_average'))} | no |"
                )
                continue
            split = f"{r.get('unplaced_alone_impossible', '?')} / {r.get('unplaced_other', '?')}"
            valid = "yes" if r["valid"] else f"**no** ({r['violation_count']})"
            gain = _pct(reduction(o)) if method == "cpsat" else "–"
            lines.append(
                f"| {o.case.name} | {label} | {_num(r.get('time_limit_s'))} | {r['status']} "
                f"| {_num(r['penalty'])} | {_num(r['lower_bound'])} | {_pct(gap(r), 2)} | {gain} "
                f"| {r['placed']:,} of {r['clients']:,} "
                f"| {split} | {r['seconds']:.1f} | {r['peak_mb']:,.0f} "
                f"| {_num(r.get('load_average'))} | {valid} |"
            )
    return lines


def _targets(outcomes: Sequence[Outcome]) -> list[str]:
    by_name = {o.case.name: o for o in outcomes}
    rows: list[tuple[str, str, str, bool | None]] = []

    def cp(name: str) -> dict[str, Any] | None:
        o = by_name.get(name)
        r = o.results.get("cpsat") if o else None
        return r if r and "error" not in r else None

    for name in S_LIKE:
        if name in by_name:
            r = cp(name)
            ok = r is not None and r["valid"] and r["status"] == "optimal" and r["seconds"] < S_SECONDS
            measured = (
                "crashed" if r is None else f"{r['status']}, {r['seconds']:.1f} s, gap {_pct(gap(r), 2)}"
            )
            rows.append((name, f"S: proven optimal in under {S_SECONDS} s", measured, ok))
    for name in M_LIKE:
        if name in by_name:
            r = cp(name)
            g = gap(r) if r else None
            ok = r is not None and r["valid"] and g is not None and g <= M_GAP and r["seconds"] < M_SECONDS
            measured = "crashed" if r is None else f"gap {_pct(g, 2)} in {r['seconds']:.1f} s"
            rows.append(
                (name, f"M: within {M_GAP:.0%} of a proven bound in under {M_SECONDS} s", measured, ok)
            )
    if "L" in by_name:
        r = cp("L")
        g = gap(r) if r else None
        ok = (
            r is not None
            and r["valid"]
            and r["seconds"] < L_SECONDS
            and r["peak_mb"] < L_MEMORY_MB
            and g is not None
            and g <= L_GAP
        )
        measured = (
            "crashed"
            if r is None
            else (
                f"{'valid' if r['valid'] else 'INVALID'}, {r['seconds']:.0f} s, "
                f"{r['peak_mb']:,.0f} MB, gap {_pct(g, 2)}"
            )
        )
        rows.append(
            (
                "L",
                f"L: valid in under {L_SECONDS // 60} min and {L_MEMORY_MB // 1024} GB, within "
                f"{L_GAP:.0%} of a bound",
                measured,
                ok,
            )
        )
    for o in outcomes:
        red = reduction(o)
        greedy, cpsat = o.results.get("greedy", {}), o.results.get("cpsat", {})
        if red is None:
            rows.append((o.case.name, "never worse than greedy", "not comparable (a run failed)", None))
            continue
        rows.append(
            (
                o.case.name,
                "never worse than greedy",
                f"{_num(cpsat['penalty'])} vs {_num(greedy['penalty'])}",
                cpsat["penalty"] <= greedy["penalty"],
            )
        )
        wanted = (
            S_REDUCTION if o.case.name in S_LIKE else ML_REDUCTION if o.case.name in (*M_LIKE, "L") else None
        )
        if wanted is not None:
            rows.append(
                (o.case.name, f"at least {wanted:.0%} lower penalty than greedy", _pct(red), red >= wanted)
            )
    if "repair" in by_name:
        o = by_name["repair"]
        r = cp("repair")
        info = o.repair or {}
        if r is None:
            rows.append(
                ("repair", f"under {REPAIR_SECONDS} s, no unforced published changes", "crashed", False)
            )
        else:
            unforced = r.get("unforced_changes", [])
            ok = r["valid"] and r["seconds"] < REPAIR_SECONDS and not unforced
            rows.append(
                (
                    "repair",
                    f"under {REPAIR_SECONDS} s, no unforced published changes",
                    f"{r['seconds']:.1f} s; {r.get('published_changed')} changed, "
                    f"{len(info.get('forced', []))} forced, {len(unforced)} unforced "
                    f"({len(r.get('unforced_not_made_anyway', unforced))} not made without the absence)",
                    ok,
                )
            )
    for o in outcomes:
        r = cp(o.case.name)
        if r is not None:
            rows.append(
                (
                    o.case.name,
                    "unplaced of the second kind (a group alone would fit) near zero",
                    f"{r.get('unplaced_other')} of {r.get('unplaced')} unplaced",
                    None,
                )
            )
    lines = ["| case | target | measured | |", "|---|---|---|---|"]
    lines += [f"| {case} | {target} | {measured} | {_verdict(ok)} |" for case, target, measured, ok in rows]
    return lines


def _load(outcomes: Sequence[Outcome]) -> str:
    loads = [r["load_average"] for o in outcomes for r in o.results.values() if "load_average" in r]
    if not loads:
        return ""
    return (
        f"The one-minute load average at the end of the solves ranged from {min(loads):.1f} to "
        f"{max(loads):.1f} (2 would mean both cores busy)."
    )


def render(
    outcomes: Sequence[Outcome],
    limits: dict[str, float],
    total_s: float,
    machine: dict[str, str],
    previous: str,
) -> str:
    notes = NOTES.search(previous)
    lines = [
        "# Planner benchmarks",
        "",
        "Written by `make bench` (`python -m bench.run`); numbers from the run of "
        f"{machine['date']} at commit `{machine['commit']}`, {total_s / 60:.0f} minutes in all.",
        "",
        f"Machine: {machine['cpu']}, **{machine['cores']} cores**, {machine['memory']}; Python "
        f"{machine['python']}, OR-Tools {machine['ortools']}. The two cores were shared with other work "
        "while the benchmark ran, so seconds are noisy (expect ±20 % or more, and CP-SAT finds less "
        "in a fixed time limit when it gets less CPU). " + _load(outcomes),
        "",
        "How to read the tables:",
        "",
        "- Every solve runs in a process of its own; *peak MB* is that process's maximum resident set "
        "size (`ru_maxrss`) right after the solve, instance reading included.",
        "- *seconds* is the wall-clock time of the solve call. CP-SAT time limits: "
        + ", ".join(f"{k.upper() if k != 'repair' else 'repair'} {v:g} s" for k, v in limits.items())
        + ".",
        "- *gap* = (penalty − lower bound) / lower bound, from the bound the solver reports; *gain over "
        "greedy* = 1 − CP-SAT penalty / greedy penalty; *load* is the one-minute load average when the "
        "solve ended (8 helpers shared the 2 cores).",
        "- *unplaced: alone ✗ / other* splits unplaced clients as SPEC section 6 asks: those no valid group "
        "could take even alone (no lead/co pair, room and dates at any slot she accepts, and no published "
        "group she could join) and the rest. The kind comes from `kring.planning.explain` (`no_fit`); "
        "`bench/alone.py` is the fallback, and stricter (it uses her anchor alone, where explain also "
        "tries the windows that other members' anchors would give the group).",
        "- *valid* is `kring.planning.rules.check` on the returned plan.",
        "",
        "## Instances",
        "",
        "| case | what | clients | locations | rooms | leads | co's only | published groups | languages |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for o in outcomes:
        i = o.instance
        programmes = ", ".join(f"{k} {v:,}" for k, v in i["programmes"].items())
        lines.append(
            f"| {o.case.name} | {o.case.description} | {i['clients']:,} ({programmes}) | {i['locations']} "
            f"| {i['rooms']} | {i['leads']} | {i['cos']} | {i['published']} | {', '.join(i['languages'])} |"
        )
    lines += ["", "## Results: greedy and CP-SAT side by side", ""]
    lines += _results_table(outcomes)
    repair = next((o for o in outcomes if o.case.name == "repair"), None)
    if repair is not None and repair.repair:
        info = repair.repair
        lines += [
            "",
            "## Repair",
            "",
            f"M with {info['published_from']} published ({info['published_groups']} groups, "
            f"{info['published_future_sessions']:,} announced future sessions), then facilitator "
            f"{info['facilitator']} absent for {info['absence_days']} days from {info['absence_from']}. "
            f"Sessions the absence forces to change (she leads or co-facilitates them): "
            f"{len(info['forced'])} ({', '.join(info['forced'])}).",
            "",
            "| method | seconds | valid | published sessions changed | of which unforced "
            "| changed by the same re-plan without the absence | unforced and not made anyway |",
            "|---|---:|---|---:|---|---:|---|",
        ]
        for method in ("greedy", "cpsat"):
            r = repair.results.get(method, {})
            if "error" in r or not r:
                lines.append(f"| {method} | – | error | – | – |")
                continue
            unforced = r.get("unforced_changes", [])
            shown = ", ".join(unforced[:8]) + (" …" if len(unforced) > 8 else "")
            beyond = r.get("unforced_not_made_anyway")
            lines.append(
                f"| {method} | {r['seconds']:.1f} | {'yes' if r['valid'] else 'no'} "
                f"| {r.get('published_changed')} | {len(unforced)}{': ' + shown if unforced else ''} "
                f"| {_num(r.get('changed_without_absence'))} | {'–' if beyond is None else len(beyond)} |"
            )
    errors = [
        (o.case.name, m, r)
        for o in outcomes
        for m, r in o.results.items()
        if "error" in r or not r.get("valid", True)
    ]
    if errors:
        lines += ["", "## Failures", ""]
        for name, method, r in errors:
            detail = r.get("error") or "; ".join(r.get("violations", [])[:5])
            lines.append(f"- {name} / {method}: {detail.strip()[:600]}")
    notes_of_bound = [
        (o.case.name, r["bound_note"]) for o in outcomes for m, r in o.results.items() if r.get("bound_note")
    ]
    if notes_of_bound:
        lines += ["", "## The bound in a sentence (what `kring plan` prints)", ""]
        lines += [f"- {name}: {note}" for name, note in notes_of_bound]
    lines += ["", "## Targets of SPEC section 6", ""]
    lines += _targets(outcomes)
    lines += ["", "## What limits the results", "", notes.group(0) if notes else DEFAULT_NOTES, ""]
    return "\n".join(lines)

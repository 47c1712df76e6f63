"""Properties of every planner on generated instances: each plan it returns passes `rules.check`.

Hypothesis draws small instances from the synthetic generator (a variant of scale XS with
drawn sizes, programmes, wishes, languages and published groups) and solves each with the
greedy baseline and with CP-SAT. A failing instance is written to /tmp so it can be replayed
with `kring check`.
"""

import dataclasses
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kring.planning import rules
from kring.planning.greedy import solve_greedy
from kring.planning.model import Instance, Plan, instance_to_json, plan_to_json, read_instance
from kring.planning.synthetic import SCALES, Community, Scale, generate

CPSAT_TIME_LIMIT_S = 3.0


@st.composite
def scales(draw: st.DrawFn) -> Scale:
    """A small scale: one or two locations, a handful of facilitators, up to about 40 clients."""
    programmes = draw(st.sampled_from(["CZ", "CO", "both"]))
    cz = draw(st.integers(6, 24)) if programmes in ("CZ", "both") else 0
    co = draw(st.integers(4, 14)) if programmes in ("CO", "both") else 0
    locations = draw(st.integers(1, 2))
    communities: tuple[Community, ...] = ()
    if draw(st.booleans()):
        communities = (Community("tr", draw(st.sampled_from([0.2, 0.5])), 0.5, (0,), midwives=1, nurses=1,
                                 mediators=1 if cz and co else 0),)
    nurses = draw(st.integers(1, 2)) if co else 0
    return dataclasses.replace(
        SCALES["XS"],
        name=f"XS-{programmes}",
        cz_clients=cz,
        co_clients=co,
        locations=locations,
        rooms=draw(st.integers(locations, 2 * locations)),
        online_rooms=draw(st.integers(0, 1)),
        midwives=draw(st.integers(1, 3)) if cz else 0,
        nurses=nurses,
        cz_cos=draw(st.integers(1, 2)) if cz else 0,
        co_cos=draw(st.integers(2 - nurses, 1)) if co else 0,  # at least two people for a CO pair
        both_cos=1 if cz and co and communities else 0,
        english_only_share=draw(st.sampled_from([0.0, 0.1])),
        communities=communities,
        published_cz=draw(st.integers(0, 1)) if cz else 0,
        published_co=draw(st.integers(0, 1)) if co else 0,
        anchor_span_days=draw(st.integers(14, 60)),
        too_far_along=draw(st.integers(0, 2)) if cz > 4 else 0,
        evening_share=draw(st.sampled_from([0.0, 0.2])),
        weekday_restricted_share=draw(st.sampled_from([0.0, 0.3])),
    )


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    return generate(draw(scales()), draw(st.integers(0, 10_000)))


def _keep(instance: Instance, plan: Plan, label: str) -> str:
    """Write the instance and plan that broke a property to /tmp; return where, for the message."""
    folder = Path(tempfile.mkdtemp(prefix=f"kring-property-{label}-"))
    (folder / "instance.json").write_text(json.dumps(instance_to_json(instance), indent=1))
    (folder / "plan.json").write_text(json.dumps(plan_to_json(plan), indent=1))
    return str(folder)


def _assert_valid(instance: Instance, plan: Plan, label: str) -> rules.CheckReport:
    report = rules.check(instance, plan)
    if not report.valid:
        where = _keep(instance, plan, label)
        broken = "\n".join(str(v) for v in report.violations[:10])
        raise AssertionError(f"{label} plan breaks rules (instance and plan in {where}):\n{broken}")
    return report


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_generated_instances_read_back_unchanged(instance):
    assert read_instance(instance_to_json(instance)) == instance


@settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_greedy_plan_is_valid(instance):
    plan = solve_greedy(instance)
    report = _assert_valid(instance, plan, "greedy")
    assert plan.penalty == report.penalty


@settings(max_examples=10, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(0, 3))
def test_cpsat_plan_is_valid_and_never_worse_than_greedy(instance, seed):
    from kring.planning import cpsat

    greedy = solve_greedy(instance)
    plan = cpsat.solve(instance, time_limit_s=CPSAT_TIME_LIMIT_S, seed=seed)
    report = _assert_valid(instance, plan, "cpsat")
    assert plan.penalty == report.penalty
    if plan.penalty > greedy.penalty:
        where = _keep(instance, plan, "cpsat-worse")
        raise AssertionError(f"CP-SAT penalty {plan.penalty} > greedy {greedy.penalty} ({where})")
    if plan.lower_bound is not None:
        assert plan.lower_bound <= plan.penalty

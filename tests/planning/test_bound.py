"""The column-generation lower bound (kring.planning.bound): valid, exact in its pricing, explained.

Validity is checked against plans that exist: the bound never exceeds the penalty of a greedy
or CP-SAT plan on generated instances, nor the optimum found by brute force (every member set,
slot and date series, each plan judged by `rules.check`) on micro instances drawn with the edge
features that once hid groups: daylight-saving dates, closed dates around them, windows that
one date satisfies, horizon_end on session 1's date, absences and intake dates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from pathlib import Path

import builders
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import instances

from kring.planning import rules
from kring.planning.bound import lower_bound, unplaced_weights
from kring.planning.bound.explain import BoundNote, explain_bound, sentence
from kring.planning.bound.master import Master
from kring.planning.bound.pricing import best_members, best_series, members_reduced, series_reduced
from kring.planning.bound.relaxation import band, build_relaxation
from kring.planning.greedy import solve_greedy
from kring.planning.model import (
    Instance,
    Period,
    load_instance,
    reference_dates,
    session_window,
    weekday_of,
)

DATA = Path(__file__).parent / "data"
D = dt.date.fromisoformat
DST_SUNDAY = D("2027-03-28")


def _load(name: str) -> Instance:
    return load_instance(DATA / f"{name}.json")


# ---------------------------------------------------------------- the bound on known instances


def test_tiny_bound_is_below_the_proven_optimum_and_converges():
    bound = lower_bound(_load("tiny"))
    assert bound.converged
    assert not bound.stopped_by_clock
    assert 0 < bound.value <= 502  # 502: CP-SAT's proven optimum of tiny (test_cpsat)
    assert bound.value == int(np.ceil(bound.lp_value - 1e-6))


def test_light_bound_is_valid_and_at_most_the_full_one():
    inst = _load("tiny")
    light, full = lower_bound(inst, light=True), lower_bound(inst)
    assert light.converged
    assert 0 < light.value <= full.value <= 502


def test_bound_beside_the_search_comes_back_from_its_process():
    from kring.planning.bound.beside import BoundBeside

    inst = _load("tiny")
    job = BoundBeside(inst, max_iterations=100_000, seconds=60)
    bound = job.collect(60)
    assert bound is not None
    assert bound.value == lower_bound(inst).value


def test_unplaced_only_bound_of_tiny_is_zero():
    # one group of 12 can take everyone, so no plan must leave anyone out
    assert lower_bound(_load("tiny"), weights=unplaced_weights()).value == 0


def test_a_round_limit_still_gives_a_valid_bound():
    inst = _load("tiny")
    full = lower_bound(inst)
    early = lower_bound(inst, max_rounds=2)
    assert not early.converged
    assert 0 <= early.value <= full.value


def test_same_instance_gives_the_same_bound():
    inst = _load("tiny")
    first, second = lower_bound(inst), lower_bound(inst)
    assert (first.value, first.rounds, first.iterations, first.columns) == (
        second.value,
        second.rounds,
        second.iterations,
        second.columns,
    )


# ---------------------------------------------------------------- pricing is exact


def test_vectorised_pricing_matches_the_plain_dynamic_programme():
    inst = _load("practice-s")
    relax = build_relaxation(inst)
    master = Master(relax)
    _, duals = master.solve()
    # give capacity a price so that the duals matter
    rng = np.random.default_rng(1)
    for key in list(relax.leads)[:400]:
        duals.lead[key] = -float(rng.integers(0, 300))
    for c in relax.free_clients:
        duals.client[c.id] = float(rng.integers(0, 1000))
    for slot in relax.slots[:6]:
        firsts = sorted({a for anchors in slot.anchors.values() for a in anchors})
        fast = series_reduced(relax, slot, firsts, duals)
        for first, value in zip(firsts, fast, strict=True):
            plain = best_series(relax, slot, first, duals)
            if plain is None:
                assert not np.isfinite(value)
            else:
                assert abs(plain.reduced - value) < 1e-6
        prog = slot.programme
        join = prog.spec(prog.latest_join_session)
        join_span = (
            {"first": 0, "mid": 14, "last": 28}[join.reference] + join.offset_days + join.window_days[1]
        )
        for language, cands in slot.candidates.items():
            fast_members = members_reduced(relax, slot, language, firsts, join_span, duals)
            for first, value in zip(firsts, fast_members, strict=True):
                inside = band(cands, slot.anchors[language], first, prog.anchor_spread_days)
                picked = best_members(relax, slot, inside, first + dt.timedelta(days=join_span), duals)
                if picked is None:
                    assert not np.isfinite(value)
                else:
                    assert abs(picked[0] - value) < 1e-6


# ---------------------------------------------------------------- never above a real plan


@settings(max_examples=12, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_bound_never_exceeds_the_greedy_plan(instance):
    bound = lower_bound(instance)
    greedy = solve_greedy(instance)
    if greedy.status != "infeasible":
        assert bound.value <= greedy.penalty, (bound, greedy.penalty)


@settings(max_examples=4, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_optimiser_never_worse_than_greedy_and_bound_below_it(instance):
    from kring.planning import cpsat

    greedy = solve_greedy(instance)
    plan = cpsat.solve(instance, time_limit_s=2.0, workers=1)
    assert rules.check(instance, plan).valid
    if greedy.status != "infeasible":
        assert plan.penalty <= greedy.penalty
    assert lower_bound(instance).value <= plan.penalty
    if plan.lower_bound is not None:
        assert plan.lower_bound <= plan.penalty


# ---------------------------------------------------------------- brute force on micro instances

SLOTS = (("tue", "morning"), ("sun", "morning"))


@st.composite
def micro_instances(draw: st.DrawFn) -> Instance:
    """One lead (F1), one co (F2), one room, three sessions, 2-4 clients due around 2027-06-01;
    group size 3-4, so a plan has at most one group and every plan can be enumerated."""
    count = draw(st.integers(2, 4))
    clients = tuple(
        builders.client(
            f"C{i}",
            builders.DUE + dt.timedelta(days=draw(st.integers(-12, 12))),
            available_from=draw(st.sampled_from([None, D("2027-03-01"), D("2027-04-20")])),
        )
        for i in range(1, count + 1)
    )
    slots = draw(st.sets(st.sampled_from(SLOTS), min_size=1))
    availability: dict[str, frozenset[str]] = {}
    for weekday, daypart in slots:
        availability[weekday] = availability.get(weekday, frozenset()) | {daypart}
    absences = ()
    if draw(st.booleans()):
        start = D("2027-03-10") + dt.timedelta(days=draw(st.integers(0, 60)))
        absences = (Period(start, start + dt.timedelta(days=draw(st.integers(0, 13)))),)
    # Sundays and Tuesdays around the daylight-saving switch may be closed
    near = [DST_SUNDAY + dt.timedelta(days=7 * k) for k in range(-3, 4)] + [
        DST_SUNDAY + dt.timedelta(days=2 + 7 * k) for k in range(-3, 4)
    ]
    closed = frozenset(d for d in near if d != DST_SUNDAY and draw(st.booleans()))
    horizon = draw(st.sampled_from([D("2027-12-31"), D("2027-03-28"), D("2027-03-23"), D("2027-03-30")]))
    return builders.instance(
        programmes=(builders.programme(group_size=builders.GroupSize(3, 4, 4)),),
        facilitators=(
            builders.facilitator("F1", availability=availability, absences=absences),
            builders.facilitator("F2", can_lead=frozenset(), availability=availability),
        ),
        rooms=(builders.room("R1"),),
        clients=clients,
        closed_dates=closed,
        horizon_end=horizon,
    )


def _days(lo: dt.date, hi: dt.date) -> list[dt.date]:
    return [lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1)]


def brute_force_optimum(inst: Instance) -> int:
    """The least penalty over every plan with at most one group (every member set, slot and
    date series inside the windows), each judged by rules.check."""
    prog = inst.programmes[0]
    best = builders.plan(inst, []).penalty
    ids = [c.id for c in inst.clients]
    for size in range(prog.group_size.min, min(prog.group_size.max, len(ids)) + 1):
        for members in itertools.combinations(ids, size):
            refs = reference_dates([inst.client(m).anchor_date for m in members])
            for weekday, daypart in SLOTS:
                options = []
                for spec in prog.sessions:
                    _, lo, hi = session_window(spec, refs)
                    options.append([d for d in _days(lo, hi) if weekday_of(d) == weekday])
                for dates in itertools.product(*options):
                    g = builders.group(inst, members=members, dates=dates, daypart=daypart)
                    candidate = builders.plan(inst, [g])
                    if candidate.penalty < best and rules.check(inst, candidate).valid:
                        best = candidate.penalty
    return best


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(micro_instances())
def test_bound_never_exceeds_the_brute_force_optimum(inst):
    optimum = brute_force_optimum(inst)
    bound = lower_bound(inst)
    assert bound.converged
    assert bound.value <= optimum, (bound.value, optimum)
    light = lower_bound(inst, light=True)
    assert light.value <= bound.value  # the light master only drops rows
    greedy = solve_greedy(inst)
    assert greedy.penalty >= optimum


def test_a_group_whose_fourth_date_is_the_daylight_saving_sunday_is_found():
    # Sunday-only: every Sunday around 2027-03-28 is closed, so session 1 can only be on it
    inst = builders.instance(
        programmes=(builders.programme(group_size=builders.GroupSize(3, 4, 4)),),
        facilitators=(
            builders.facilitator("F1", availability={"sun": frozenset({"morning"})}),
            builders.facilitator("F2", can_lead=frozenset(), availability={"sun": frozenset({"morning"})}),
        ),
        rooms=(builders.room("R1"),),
        clients=tuple(builders.client(f"C{i}") for i in range(1, 4)),
        closed_dates=frozenset({D("2027-03-21"), D("2027-04-04")}),
    )
    optimum = brute_force_optimum(inst)
    assert optimum < inst.weights["unplaced"]  # a group exists
    assert lower_bound(inst).value <= optimum
    from kring.planning import cpsat

    plan = cpsat.solve(inst, time_limit_s=3.0, workers=1)
    assert rules.check(inst, plan).valid
    assert plan.penalty == optimum
    assert any(s.date == DST_SUNDAY for g in plan.groups for s in g.sessions)


# ---------------------------------------------------------------- the sentence


def test_explanation_codes_and_sentences():
    tiny = _load("tiny")
    bound = lower_bound(tiny)
    met = explain_bound(bound.value, 0, bound)
    assert met.code == "bound_met"
    assert "optimal" in sentence(met)
    gap = explain_bound(bound.value + 50, 3, bound, dataclasses.replace(bound, value=1))
    assert gap.code == "bound_gap"
    assert gap.params["gap"] == 50
    assert gap.params["more_placeable"] == 2
    assert gap.params["cannot_place"] == 1
    assert "at most 2 more clients could be placed" in sentence(gap)
    assert explain_bound(10, 0, None) == BoundNote("bound_none")

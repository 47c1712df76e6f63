"""Entry points: check a plan, check hand-edited groups, weigh a plan."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from kring.planning.model import (
    DEFAULT_WEIGHTS,
    Instance,
    Plan,
    PlanGroup,
    Unplaced,
)
from kring.planning.model import PENALTY_TERMS as TERM_NAMES
from kring.planning.rules.context import STRUCTURE, CheckReport, Violation, _Context
from kring.planning.rules.penalty import PENALTY_TERMS
from kring.planning.rules.registry import HARD_RULES, HardRule
from kring.planning.rules.structure import _structure

# ---------------------------------------------------------------- entry points


def _units(ctx: _Context) -> dict[str, int]:
    return {term.name: term.count(ctx) for term in PENALTY_TERMS}


def _weighted(instance: Instance, units: Mapping[str, int]) -> dict[str, int]:
    return {name: units[name] * instance.weights.get(name, DEFAULT_WEIGHTS[name]) for name in TERM_NAMES}


def penalty_units(
    instance: Instance, groups: Sequence[PlanGroup], unplaced_ids: Iterable[str] | None = None
) -> dict[str, int]:
    """Each term's unweighted count (days, members, sessions, fields...) for these groups."""
    return _units(_Context(instance, groups, unplaced_ids=unplaced_ids))


def penalty_breakdown(
    instance: Instance, groups: Sequence[PlanGroup], unplaced_ids: Iterable[str] | None = None
) -> dict[str, int]:
    """All nine terms of SPEC 4, weighted, for a (candidate) plan made of `groups`.

    `unplaced` counts the distinct `unplaced_ids` when given, else the instance's clients that
    are in none of `groups`.
    """
    return _weighted(instance, penalty_units(instance, groups, unplaced_ids))


def penalty_of(
    instance: Instance, groups: Sequence[PlanGroup], unplaced_ids: Iterable[str] | None = None
) -> int:
    return sum(penalty_breakdown(instance, groups, unplaced_ids).values())


def _run_rules(ctx: _Context, rules: Iterable[HardRule] = HARD_RULES) -> list[Violation]:
    violations = list(_structure(ctx))
    for rule in rules:
        violations.extend(rule.check(ctx))
    return violations


def violations_for(
    instance: Instance,
    groups: Sequence[PlanGroup],
    unplaced: Sequence[Unplaced] | None = None,
    *,
    rules: Iterable[int] | None = None,
) -> tuple[Violation, ...]:
    """Every broken rule (and structure problem) of a plan made of `groups`, for hand edits.

    Without `unplaced`, clients in no group are not reported (they are taken as unplaced).
    `rules` limits the check to those rule numbers (structure problems are always reported).
    """
    chosen = HARD_RULES if rules is None else tuple(r for r in HARD_RULES if r.number in set(rules))
    return tuple(_run_rules(_Context(instance, groups, unplaced), chosen))


def _claims(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """Structure: the plan names its instance and its penalty, bound and status are coherent."""
    if plan.instance != instance.name:
        yield Violation(
            STRUCTURE, "instance_mismatch", f"plan is for instance '{plan.instance}', not '{instance.name}'"
        )
    claimed_sum = sum(plan.penalty_breakdown.values())
    if plan.penalty != claimed_sum:
        yield Violation(
            STRUCTURE,
            "penalty_not_sum",
            f"penalty {plan.penalty} is not the sum of its breakdown ({claimed_sum})",
        )
    if plan.lower_bound is not None and plan.lower_bound > plan.penalty:
        yield Violation(
            STRUCTURE,
            "lower_bound_above_penalty",
            f"lower_bound {plan.lower_bound:g} is above the penalty {plan.penalty}",
        )
    if plan.status == "optimal" and plan.lower_bound != plan.penalty:
        yield Violation(
            STRUCTURE,
            "optimal_not_proven",
            f"status optimal needs lower_bound equal to the penalty {plan.penalty}, got {plan.lower_bound}",
        )


def check(instance: Instance, plan: Plan) -> CheckReport:
    """Check a plan against SPEC sections 2-4: every broken rule, the penalty and its breakdown."""
    ctx = _Context(instance, plan.groups, plan.unplaced)
    violations = list(_claims(instance, plan)) + _run_rules(ctx)
    breakdown = _weighted(instance, _units(ctx))
    return CheckReport(
        violations=tuple(violations),
        breakdown=breakdown,
        penalty=sum(breakdown.values()),
        status=plan.status,
        claimed_penalty=plan.penalty,
        claimed_breakdown=dict(plan.penalty_breakdown),
    )


def describe_rules() -> list[tuple[int, str]]:
    """(number, one-line description) of every hard rule, in SPEC order, for explaining a plan."""
    return [(rule.number, rule.description) for rule in HARD_RULES]

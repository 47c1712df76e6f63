"""The executable specification: SPEC section 2 (plan structure), 3 (hard rules) and 4 (penalty).

Every hard rule and every penalty term is one plain function with a one-line docstring in
plain language, registered in order in `HARD_RULES` and `PENALTY_TERMS`, so that the app can
explain a plan rule by rule. Entry points:

- `check(instance, plan)` -> `CheckReport`: every broken rule, the penalty and its breakdown,
  and whether the plan's own claims (penalty, breakdown, bound, status) hold.
- `violations_for(instance, groups, unplaced)`: the same rule checks for a hand-edited list of
  groups, as the web app shows them before an edit is saved.
- `penalty_breakdown(instance, groups, unplaced_ids)`: the weighted terms, for solvers.

The package holds one module per family: `context` (what the rules look at, `Violation`,
`CheckReport`), `structure` (SPEC 2), `groups`, `members`, `facilitators`, `rooms`,
`published` (SPEC 3), `registry` (`HARD_RULES`, `CODES`), `penalty` (SPEC 4) and `check`
(the entry points); everything public is imported here.

Nothing here knows about a solver or Django. Violations carry a stable `code` and the ids
involved; `message` is English prose for the command line and logs.

Readings of the SPEC where its text leaves room:

- A session is *history* when the published session with its number is dated before
  plan_start; moving or changing it breaks rule 16 (`history_changed`), times included.
- A plan group whose id is a published id is that published group (judged by rule 16); two
  groups with one id are a structure problem.
- Rule 9's clause on a new group's main lead and co (qualified, rules 10-11 for the group's
  slot and language, absences aside) is reported as rule 9 with `main_*` codes.
- Rule 12 among history only: two history sessions never clash; a week is over its limit
  only if it holds a future session; concurrent groups are counted from plan_start on
  (earlier dates see history only).
- Start and end: a time that is neither the daypart's local clock time nor the same instant
  breaks rule 2 (rule 16 for history); the right time with another UTC offset than the one in
  force is a structure problem (`wrong_utc_offset`).
- A kept published group without members has no windows (timing 0) but still counts for
  below_target, as every group in the plan does. A missing future session of a kept
  published group counts 4 in published_change, like a cancelled one.
- `unplaced` counts the instance's clients in no group (so `check` and `penalty_breakdown`
  agree on partial plans).
"""

from kring.planning.model import PENALTY_TERMS as TERM_NAMES
from kring.planning.rules.check import (
    check,
    describe_rules,
    penalty_breakdown,
    penalty_of,
    penalty_units,
    violations_for,
)
from kring.planning.rules.context import CANCELLED_SESSION_FIELDS, STRUCTURE, CheckReport, Violation
from kring.planning.rules.penalty import PENALTY_TERMS, PenaltyTerm, TermCount
from kring.planning.rules.registry import CODES, HARD_RULES, STRUCTURE_DESCRIPTION, HardRule, RuleCheck

__all__ = [
    "CANCELLED_SESSION_FIELDS",
    "CODES",
    "HARD_RULES",
    "PENALTY_TERMS",
    "STRUCTURE",
    "STRUCTURE_DESCRIPTION",
    "TERM_NAMES",
    "CheckReport",
    "HardRule",
    "PenaltyTerm",
    "RuleCheck",
    "TermCount",
    "Violation",
    "check",
    "describe_rules",
    "penalty_breakdown",
    "penalty_of",
    "penalty_units",
    "violations_for",
]

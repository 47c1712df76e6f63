"""How far a plan is from the best possible, in one sentence, from the bound and its duals.

`explain_bound` returns a code and its parameters (the web app translates them); `sentence`
is the English wording for the command line. Codes:

- `bound_met`: the plan's penalty equals the bound: no valid plan is better.
- `bound_gap`: the plan is `gap` above the bound (`gap_percent` of it); with `more_placeable`
  (at most that many more clients could be placed by any plan) and `cannot_place` (that many
  cannot be placed by any plan) when the unplaced-only bound was computed; with `binding`
  ("lead", "co" or "room") and `first_month`/`last_month` when the bound's duals price one
  kind of capacity highest.
- `bound_none`: no bound was computed (too large an instance, or no time left for it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kring.planning.bound import Bound

RESOURCE_WORDS = {"lead": "lead capacity", "co": "co-facilitator capacity", "room": "room capacity"}


@dataclass(frozen=True, slots=True)
class BoundNote:
    code: str
    params: dict[str, int | float | str] = field(default_factory=dict)


def explain_bound(
    penalty: int, unplaced: int, bound: Bound | None, unplaced_bound: Bound | None = None
) -> BoundNote:
    if bound is None:
        return BoundNote("bound_none")
    if penalty <= bound.value:
        return BoundNote("bound_met", {"penalty": penalty, "bound": bound.value})
    params: dict[str, int | float | str] = {
        "penalty": penalty,
        "bound": bound.value,
        "gap": penalty - bound.value,
        "gap_percent": round(100.0 * (penalty - bound.value) / max(1, bound.value), 1),
    }
    if unplaced_bound is not None and unplaced:
        params["cannot_place"] = unplaced_bound.value
        params["more_placeable"] = max(0, unplaced - unplaced_bound.value)
    if bound.binding is not None:
        params["binding"] = bound.binding.kind
        params["first_month"] = bound.binding.first_month
        params["last_month"] = bound.binding.last_month
    return BoundNote("bound_gap", params)


def sentence(note: BoundNote) -> str:
    """The English sentence for a note (the command line prints it)."""
    p = note.params
    if note.code == "bound_none":
        return "No lower bound was computed for this instance."
    if note.code == "bound_met":
        return f"No valid plan has a lower penalty than this one ({p['penalty']}): it is optimal."
    text = (
        f"This plan's penalty is at most {p['gap']} ({p['gap_percent']} %) above the best possible;"
        f" no valid plan is below {p['bound']}"
    )
    if "more_placeable" in p:
        text += (
            f"; at most {p['more_placeable']} more clients could be placed, "
            f"and {p['cannot_place']} cannot be placed by any plan"
        )
    if "binding" in p:
        months = (
            p["first_month"]
            if p["first_month"] == p["last_month"]
            else f"{p['first_month']} to {p['last_month']}"
        )
        scarce = RESOURCE_WORDS[str(p["binding"])]
        text += f"; the scarcest capacity is {scarce} in {months}, where more would help most"
    return text + "."

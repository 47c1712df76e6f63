"""The planner's progress in the coordinator's words. The solver (kring.planning.cpsat) reports
phase codes such as "window 2.3"; this module turns them into translated sentences, and says
which phases report the penalty of a whole plan (a window's objective covers only part of it)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_FIXED = {
    "start": gettext_lazy("Preparing the data"),
    "repair": gettext_lazy("Keeping the existing groups"),
    "fill": gettext_lazy("Adding waiting clients to the groups"),
    "greedy": gettext_lazy("Making a first plan"),
    "rolling": gettext_lazy("Improving the plan period by period"),
    "candidates": gettext_lazy("Looking for possible groups"),
    "bound": gettext_lazy("Working out the best result possible"),
    "search": gettext_lazy("Improving the whole plan"),
    "done": gettext_lazy("Finished"),
}
_WINDOW = re.compile(r"window (\d+)\.(\d+)")
_PASS = re.compile(r"pass (\d+)")

# Phases whose "penalty" is that of a complete plan. A window's objective counts only the
# groups inside the window, so it reads lower than any plan the run can return.
_WHOLE_PLAN = re.compile(r"(search|done|pass \d+)")


def phase_label(code: str) -> str:
    """A sentence for a progress phase code; an unknown code reads as "working"."""
    code = (code or "").strip()
    if code in _FIXED:
        return str(_FIXED[code])
    if match := _WINDOW.fullmatch(code):
        return _("Improving: round %(round)s, period %(period)s") % {
            "round": match.group(1),
            "period": match.group(2),
        }
    if match := _PASS.fullmatch(code):
        return _("Round %(round)s finished") % {"round": match.group(1)}
    return _("Working") if code else ""


def is_whole_plan(code: str) -> bool:
    return bool(_WHOLE_PLAN.fullmatch((code or "").strip()))

"""The outcome measures: one function per measure, its definition in words in its docstring.

Use `tally(code, filter)` (or `tally_all`, `tally_by_organisation`) rather than counting
anything yourself: every report (dashboard, CSV, annual PDF, national view) reads its figures
from here, so a figure means the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kring.evaluation.measures import participation, pregnancy, satisfaction
from kring.evaluation.measures.base import (
    ParticipantCondition,
    Tally,
    count_participants,
    count_participants_by_organisation,
)
from kring.evaluation.measures.filters import MeasureFilter
from kring.evaluation.measures.group_management import GroupManagement, group_management, groups, participants

SPACE = " "
DUTCH_EVALUATIONS = _(
    "Dutch evaluations of CenteringZwangerschap against individual care (TNO, LUMC, Leiden "
    "stepped-wedge trial, Perined)"
)


@dataclass(frozen=True)
class Reference:
    """The Dutch individual-care figure (percent) and where it comes from."""

    percent: int
    centering_percent: int
    source: Promise
    note: Promise | str = ""


@dataclass(frozen=True)
class Measure:
    code: str
    label: Promise
    headline: str  # "percent" or "mean"
    unit: Promise
    condition: Callable[[MeasureFilter], ParticipantCondition]
    reference: Reference | None = None
    higher_is_better: bool = True

    @property
    def definition(self) -> str:
        # The docstring of its condition, on one line and translated: the catalogue holds the
        # docstrings as msgids. (Joined by a variable so makemessages extracts nothing here.)
        words = (self.condition.__doc__ or "").split()
        return gettext(SPACE.join(words))


MEASURES: tuple[Measure, ...] = (
    Measure("attendance", _("Came to at least 5 sessions"), "percent", _("%"), participation.attendance),
    Measure(
        "sessions_attended", _("Sessions attended (mean)"), "mean", _("sessions"), participation.attendance
    ),
    Measure(
        "partner_attendance",
        _("Partner came at least once"),
        "percent",
        _("%"),
        participation.partner_attendance,
    ),
    Measure(
        "breastfeeding_start",
        _("Breastfeeding started"),
        "percent",
        _("%"),
        pregnancy.breastfeeding_start,
        Reference(83, 90, DUTCH_EVALUATIONS),
    ),
    Measure(
        "smoking_intake", _("Smoking at intake"), "percent", _("%"), pregnancy.smoking_at_intake, None, False
    ),
    Measure(
        "smoking_36_weeks",
        _("Smoking at 36 weeks"),
        "percent",
        _("%"),
        pregnancy.smoking_at_36_weeks,
        None,
        False,
    ),
    Measure(
        "smoking_after_birth",
        _("Smoking after birth"),
        "percent",
        _("%"),
        pregnancy.smoking_after_birth,
        None,
        False,
    ),
    Measure("smoking_quit", _("Smokers who quit by 36 weeks"), "percent", _("%"), pregnancy.smoking_quit),
    Measure(
        "pain_relief",
        _("Medical pain relief in labour"),
        "percent",
        _("%"),
        pregnancy.pain_relief,
        Reference(48, 38, DUTCH_EVALUATIONS),
        False,
    ),
    Measure(
        "referral",
        _("Referred in pregnancy"),
        "percent",
        _("%"),
        pregnancy.referral,
        Reference(60, 49, DUTCH_EVALUATIONS, _("among women with earlier births")),
        False,
    ),
    Measure(
        "hypertension",
        _("Raised blood pressure (140/90 or higher)"),
        "percent",
        _("%"),
        pregnancy.hypertension,
        None,
        False,
    ),
    Measure("satisfaction", _("Satisfaction grade (mean)"), "mean", _("grade"), satisfaction.satisfaction),
)
BY_CODE = {measure.code: measure for measure in MEASURES}


def tally(code: str, f: MeasureFilter) -> Tally:
    """One measure for the filter, in one query."""
    measure = BY_CODE[code]
    return count_participants(f, measure.condition(f))


def tally_all(f: MeasureFilter) -> dict[str, Tally]:
    """Every measure for the filter (one query per measure)."""
    return {measure.code: tally(measure.code, f) for measure in MEASURES}


def tally_by_organisation(code: str, f: MeasureFilter) -> dict[int, Tally]:
    """One measure per organisation (set `f.organisations`), in one query."""
    measure = BY_CODE[code]
    return count_participants_by_organisation(f, measure.condition(f))


__all__ = [
    "BY_CODE",
    "MEASURES",
    "GroupManagement",
    "Measure",
    "MeasureFilter",
    "Reference",
    "Tally",
    "group_management",
    "groups",
    "participants",
    "tally",
    "tally_all",
    "tally_by_organisation",
]

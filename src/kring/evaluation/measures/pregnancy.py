"""Measures of pregnancy and birth (CenteringZwangerschap participants only; a CO parent's
outcomes belong to her own pregnancy record)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from kring.evaluation.measures.base import ParticipantCondition
from kring.evaluation.measures.filters import MeasureFilter
from kring.organisations.models import ProgrammeCode
from kring.records.measurements import Kind
from kring.records.models import Measurement
from kring.records.models.outcomes import Outcome, YesNo

CZ = Q(programme__code=ProgrammeCode.CZ)
HYPERTENSION_SYSTOLIC = 140  # mmHg, the usual Dutch threshold for raised blood pressure in pregnancy
HYPERTENSION_DIASTOLIC = 90
KNOWN_YES_NO = (YesNo.YES, YesNo.NO)


def _yes_no(field: str) -> ParticipantCondition:
    return ParticipantCondition(
        population=CZ,
        known=Q(**{f"{field}__in": KNOWN_YES_NO}),
        yes=Q(**{field: YesNo.YES}),
        annotations={},
    )


def breastfeeding_start(f: MeasureFilter) -> ParticipantCondition:
    """Breastfeeding start: of the CZ participants whose birth registration says whether
    breastfeeding started, the share for whom it did. No birth registered, or the answer left
    open: missing."""
    return _yes_no("birth__breastfeeding_started")


def pain_relief(f: MeasureFilter) -> ParticipantCondition:
    """Medical pain relief in labour: of the CZ participants whose outcome records the pain
    relief (none, non-medical only, medical), the share who had medical pain relief (e.g.
    epidural, remifentanil). Not recorded: missing."""
    field = "outcome__pain_relief_in_labour"
    return ParticipantCondition(
        population=CZ,
        known=Q(**{f"{field}__in": [v for v in Outcome.PainRelief.values if v]}),
        yes=Q(**{field: Outcome.PainRelief.MEDICAL}),
        annotations={},
    )


def referral(f: MeasureFilter) -> ParticipantCondition:
    """Referral in pregnancy: of the CZ participants whose outcome says whether she was referred
    to secondary care in pregnancy, the share who were. Not recorded: missing."""
    return _yes_no("outcome__referred_in_pregnancy")


def smoking_at_intake(f: MeasureFilter) -> ParticipantCondition:
    """Smoking at intake: of the CZ participants with a known answer, the share who smoked."""
    return _yes_no("outcome__smoking_at_intake")


def smoking_at_36_weeks(f: MeasureFilter) -> ParticipantCondition:
    """Smoking at 36 weeks: of the CZ participants with a known answer, the share who smoked."""
    return _yes_no("outcome__smoking_at_36_weeks")


def smoking_after_birth(f: MeasureFilter) -> ParticipantCondition:
    """Smoking after birth: of the CZ participants with a known answer, the share who smoked."""
    return _yes_no("outcome__smoking_after_birth")


def smoking_quit(f: MeasureFilter) -> ParticipantCondition:
    """Quitting: of the CZ participants who smoked at intake and whose smoking at 36 weeks is
    known, the share who no longer smoked at 36 weeks. Intake smokers with 36 weeks unknown
    are missing; non-smokers at intake are not in this measure."""
    return ParticipantCondition(
        population=CZ & Q(outcome__smoking_at_intake=YesNo.YES),
        known=Q(outcome__smoking_at_36_weeks__in=KNOWN_YES_NO),
        yes=Q(outcome__smoking_at_36_weeks=YesNo.NO),
        annotations={},
    )


def hypertension(f: MeasureFilter) -> ParticipantCondition:
    """Raised blood pressure: of the CZ participants with at least one blood pressure measured
    in Kring, the share with at least one reading of 140 systolic or 90 diastolic or higher
    (a signal of a hypertensive disorder, not a diagnosis). No blood pressure measured: missing."""
    mine = Measurement.objects.filter(client=OuterRef("pk"))
    return ParticipantCondition(
        population=CZ,
        known=Q(bp_measured=True),
        yes=Q(bp_raised=True),
        annotations={
            "bp_measured": Exists(mine.filter(kind=Kind.SYSTOLIC)),
            "bp_raised": Exists(
                mine.filter(
                    Q(kind=Kind.SYSTOLIC, value__gte=HYPERTENSION_SYSTOLIC)
                    | Q(kind=Kind.DIASTOLIC, value__gte=HYPERTENSION_DIASTOLIC)
                )
            ),
        },
    )

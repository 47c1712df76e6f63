"""Self-measurement and the professional's short check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.care.models import Client, Session
from kring.records import measurements as rules
from kring.records.errors import MeasurementRefused, RecordError
from kring.records.measurements import Kind, MeasuredBy, Reason
from kring.records.models import Measurement, ProfessionalCheck
from kring.records.services.session_day import ensure_member, ensure_open

PROFESSIONAL_KINDS = {"CZ": (Kind.FUNDAL_HEIGHT, Kind.FETAL_HEART_RATE), "CO": ()}
FULL_TERM_DAYS = 280


def gestational_weeks(client: Client, on: dt.date) -> int | None:
    """Completed weeks of pregnancy on a day, from the due date (40 weeks + 0 days)."""
    if not client.due_date:
        return None
    days = FULL_TERM_DAYS - (client.due_date - on).days
    return days // 7 if 0 <= days <= 45 * 7 else None


def planned_checks(session: Session) -> set[str]:
    """The checks the programme's plan lists for this session (empty when it lists none)."""
    plan = (
        session.group.programme.sessions.filter(number=session.number)
        .values_list("checks", flat=True)
        .first()
    )
    return {str(check) for check in plan or []}


def self_measured_kinds(session: Session) -> tuple[Kind, ...]:
    """What participants measure themselves in this session: the programme's own kinds, narrowed
    to the session's planned checks when the plan lists any."""
    own = rules.programme_kinds(session.group.programme.code)
    planned = planned_checks(session)
    narrowed = tuple(kind for kind in own if kind.value in planned)
    return narrowed or own


def allowed_kinds(session: Session, measured_by: str) -> tuple[Kind, ...]:
    """Everything may be recorded in any session (a midwife may always check more than
    planned); the plan only shapes the self-measurement form."""
    code = session.group.programme.code
    own = rules.programme_kinds(code)
    if measured_by == MeasuredBy.PROFESSIONAL:
        return own + PROFESSIONAL_KINDS.get(code, ())
    return own


def check_values(
    session: Session, client: Client, values: Mapping[Kind, object], units: Mapping[Kind, str] | None = None
) -> dict[Kind, rules.Check]:
    """Judge a set of values; raises MeasurementRefused (naming each bad field) if any is
    impossible. Empty values are left out; half a blood pressure is refused."""
    units = units or {}
    given = {kind: raw for kind, raw in values.items() if raw not in (None, "")}
    refused: dict[str, tuple[Reason, ...]] = {}
    checks: dict[Kind, rules.Check] = {}
    if Kind.SYSTOLIC in given or Kind.DIASTOLIC in given:
        bp = rules.check_blood_pressure(given.get(Kind.SYSTOLIC), given.get(Kind.DIASTOLIC))
        for kind, check in ((Kind.SYSTOLIC, bp.systolic), (Kind.DIASTOLIC, bp.diastolic)):
            if check.refused:
                refused[kind.value] = check.reasons
            checks[kind] = check
        if bp.pair_reasons:
            refused[Kind.DIASTOLIC.value] = refused.get(Kind.DIASTOLIC.value, ()) + bp.pair_reasons
    weeks = gestational_weeks(client, session.date)
    for kind, raw in given.items():
        if kind in (Kind.SYSTOLIC, Kind.DIASTOLIC):
            continue
        check = rules.check_value(kind, raw, units.get(kind), gestational_weeks=weeks)
        if check.refused:
            refused[kind.value] = check.reasons
        checks[kind] = check
    if refused:
        raise MeasurementRefused(refused)
    return checks


@transaction.atomic
def record_measurements(
    session: Session,
    client: Client,
    values: Mapping[Kind, object],
    *,
    measured_by: str,
    by,
    units: Mapping[Kind, str] | None = None,
    at: dt.datetime | None = None,
) -> list[Measurement]:
    """Save a participant's values for this session, all or nothing.

    Abnormal but possible values are saved with a flag for the professional; one impossible
    value refuses the whole entry so nothing is half-saved.
    """
    ensure_open(session)
    ensure_member(session, client)
    if measured_by not in MeasuredBy._value2member_map_:
        raise RecordError(_("Say who measured."), code="bad_measured_by")
    allowed = allowed_kinds(session, measured_by)
    values = {Kind(kind): raw for kind, raw in values.items()}
    if any(kind not in allowed for kind in values):
        raise RecordError(_("This measurement does not belong to this programme."), code="wrong_kind")
    checks = check_values(session, client, values, units)
    if not checks:
        raise MeasurementRefused({"__all__": (Reason.REQUIRED,)})
    at = at or timezone.now()
    rows = [
        Measurement(
            client=client,
            session=session,
            kind=kind.value,
            value=check.value,
            unit=rules.QUANTITIES[kind].unit,
            loinc=rules.QUANTITIES[kind].loinc,
            measured_by=measured_by,
            measured_at=at,
            flagged=check.flagged,
            flag_reasons=[reason.value for reason in check.reasons],
            entered_by=by,
        )
        for kind, check in checks.items()
    ]
    return Measurement.objects.bulk_create(rows)


@transaction.atomic
def record_professional_check(
    session: Session,
    client: Client,
    *,
    by,
    fundal_height: object = None,
    fetal_heart_rate: object = None,
    position: str = "",
    remarks: str = "",
    vaccination: str = "",
    vaccination_note: str = "",
) -> ProfessionalCheck:
    """The midwife's short check (CZ) or the child's examination (CO) for one participant."""
    ensure_open(session)
    ensure_member(session, client)
    code = session.group.programme.code
    if position not in ProfessionalCheck.Position.values:
        raise RecordError(_("Unknown position."), code="bad_position")
    if vaccination not in ProfessionalCheck.Vaccination.values:
        raise RecordError(_("Unknown vaccination choice."), code="bad_vaccination")
    if code == "CZ" and (vaccination or vaccination_note):
        raise RecordError(_("Vaccinations are recorded in CO groups."), code="wrong_programme")
    if code == "CO" and (position or fundal_height not in (None, "") or fetal_heart_rate not in (None, "")):
        raise RecordError(_("Position and fundal height belong to pregnancy checks."), code="wrong_programme")
    values = {Kind.FUNDAL_HEIGHT: fundal_height, Kind.FETAL_HEART_RATE: fetal_heart_rate}
    if any(raw not in (None, "") for raw in values.values()):
        record_measurements(session, client, values, measured_by=MeasuredBy.PROFESSIONAL, by=by)
    check, _created = ProfessionalCheck.objects.update_or_create(
        session=session,
        client=client,
        defaults={
            "position": position,
            "remarks": (remarks or "").strip()[:4000],
            "vaccination": vaccination,
            "vaccination_note": (vaccination_note or "").strip()[:200],
            "checked_by": by,
        },
    )
    return check

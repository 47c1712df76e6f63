"""What a measurement is, in which unit it is kept, and whether a value can be true.

Pure Python (no Django): the session-day forms, the participant's self-measurement screen,
imports and the FHIR exporter all judge values with the same rules. A check never returns
prose, only reason codes; the web layer turns them into translated messages.

Three outcomes per value:

- ``ok``: within the range a healthy participant is expected to have;
- ``flag``: abnormal but possible (blood pressure 250/150): saved, and shown to the midwife;
- ``refuse``: impossible (diastolic above systolic, a weight of 0 or 500 kg): not saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum


class Kind(StrEnum):
    """The quantities measured in a session."""

    SYSTOLIC = "systolic"
    DIASTOLIC = "diastolic"
    WEIGHT = "weight"  # the pregnant woman's body weight
    BABY_WEIGHT = "baby_weight"
    BABY_LENGTH = "baby_length"
    HEAD_CIRCUMFERENCE = "head_circumference"
    FUNDAL_HEIGHT = "fundal_height"
    FETAL_HEART_RATE = "fetal_heart_rate"


class Status(StrEnum):
    OK = "ok"
    FLAG = "flag"
    REFUSE = "refuse"


class Reason(StrEnum):
    """Why a value is flagged or refused; the web layer owns the wording."""

    REQUIRED = "required"
    NOT_A_NUMBER = "not_a_number"
    BELOW_POSSIBLE = "below_possible"
    ABOVE_POSSIBLE = "above_possible"
    DIASTOLIC_NOT_BELOW_SYSTOLIC = "diastolic_not_below_systolic"
    HIGH = "high"
    LOW = "low"
    FUNDAL_HEIGHT_OFF_TERM = "fundal_height_off_term"
    UNKNOWN_UNIT = "unknown_unit"


class MeasuredBy(StrEnum):
    """Who took the measurement: it matters for how much the midwife relies on it."""

    PARTICIPANT = "participant"
    ASSISTANT = "assistant"
    PROFESSIONAL = "professional"


LOINC_SYSTEM = "http://loinc.org"
UCUM_SYSTEM = "http://unitsofmeasure.org"
LOINC_BLOOD_PRESSURE_PANEL = "85354-9"


@dataclass(frozen=True)
class Quantity:
    """One measurable quantity: its code, unit and the limits that judge a value.

    ``possible_*`` bound what a living person can show (outside: refuse); ``normal_*`` bound
    what needs no attention (outside but possible: flag). Units are UCUM codes.
    """

    kind: Kind
    loinc: str
    unit: str
    decimals: int
    possible_min: Decimal
    possible_max: Decimal
    normal_min: Decimal | None
    normal_max: Decimal | None


def _d(text: str) -> Decimal:
    return Decimal(text)


QUANTITIES: dict[Kind, Quantity] = {
    q.kind: q
    for q in (
        # Hypertension in pregnancy starts at 140/90; below 90/50 the midwife wants to know too.
        Quantity(Kind.SYSTOLIC, "8480-6", "mm[Hg]", 0, _d("50"), _d("300"), _d("90"), _d("139")),
        Quantity(Kind.DIASTOLIC, "8462-4", "mm[Hg]", 0, _d("20"), _d("200"), _d("50"), _d("89")),
        Quantity(Kind.WEIGHT, "29463-7", "kg", 1, _d("25"), _d("300"), _d("40"), _d("150")),
        # Babies in CO are 6 weeks to about 14 months old; the BDS keeps grams.
        Quantity(Kind.BABY_WEIGHT, "29463-7", "g", 0, _d("300"), _d("30000"), _d("2500"), _d("14000")),
        Quantity(Kind.BABY_LENGTH, "8302-2", "cm", 1, _d("20"), _d("130"), _d("45"), _d("90")),
        Quantity(Kind.HEAD_CIRCUMFERENCE, "9843-4", "cm", 1, _d("15"), _d("65"), _d("34"), _d("50")),
        Quantity(Kind.FUNDAL_HEIGHT, "11881-0", "cm", 0, _d("5"), _d("60"), None, None),
        Quantity(Kind.FETAL_HEART_RATE, "55283-6", "/min", 0, _d("40"), _d("250"), _d("110"), _d("160")),
    )
}

BLOOD_PRESSURE_LINE = (140, 90)  # mm[Hg]: the line drawn on the participant's chart

# Units a value may be entered in, with the factor to the quantity's own unit.
_CONVERSIONS: dict[tuple[str, str], Decimal] = {
    ("kg", "g"): Decimal(1000),
    ("g", "kg"): Decimal("0.001"),
    ("mm", "cm"): Decimal("0.1"),
    ("cm", "mm"): Decimal(10),
}

# Fundal height in cm roughly equals the weeks of pregnancy from 20 weeks on (McDonald's rule).
FUNDAL_HEIGHT_TOLERANCE_CM = Decimal(3)
FUNDAL_HEIGHT_FROM_WEEK = 20
# Numbers with more digits than this before the point are garbage ("1e999999"), not a typo.
MAX_INTEGER_DIGITS = 9


@dataclass(frozen=True)
class Check:
    """The verdict on one value (or a pair, for blood pressure)."""

    status: Status
    reasons: tuple[Reason, ...] = ()
    value: Decimal | None = None

    @property
    def refused(self) -> bool:
        return self.status is Status.REFUSE

    @property
    def flagged(self) -> bool:
        return self.status is Status.FLAG


def parse_value(text: str | int | float | Decimal | None) -> Decimal | Reason:
    """A number typed in a form, Dutch decimal comma allowed ("72,5")."""
    if text is None:
        return Reason.REQUIRED
    raw = str(text) if isinstance(text, Decimal | int | float) else text.strip().replace(",", ".")
    if not raw:
        return Reason.REQUIRED
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return Reason.NOT_A_NUMBER
    if not value.is_finite() or abs(value.adjusted()) >= MAX_INTEGER_DIGITS:
        return Reason.NOT_A_NUMBER
    return value


def convert(value: Decimal, unit: str, to_unit: str) -> Decimal:
    """The value in another unit (kg ↔ g, mm ↔ cm); raises ValueError for other pairs."""
    if unit == to_unit:
        return value
    try:
        return value * _CONVERSIONS[(unit, to_unit)]
    except KeyError:
        raise ValueError(f"cannot convert {unit} to {to_unit}") from None


def check_value(
    kind: Kind,
    raw: str | int | float | Decimal | None,
    unit: str | None = None,
    *,
    gestational_weeks: int | None = None,
) -> Check:
    """Judge one value of ``kind`` entered in ``unit`` (default: the quantity's own unit).

    The returned ``value`` is in the quantity's own unit, rounded to its precision.
    """
    quantity = QUANTITIES[kind]
    parsed = parse_value(raw)
    if isinstance(parsed, Reason):
        return Check(Status.REFUSE, (parsed,))
    try:
        value = convert(parsed, unit or quantity.unit, quantity.unit)
    except ValueError:
        return Check(Status.REFUSE, (Reason.UNKNOWN_UNIT,))
    value = value.quantize(Decimal(1).scaleb(-quantity.decimals), rounding=ROUND_HALF_UP)
    if value < quantity.possible_min:
        return Check(Status.REFUSE, (Reason.BELOW_POSSIBLE,), value)
    if value > quantity.possible_max:
        return Check(Status.REFUSE, (Reason.ABOVE_POSSIBLE,), value)
    reasons: list[Reason] = []
    if quantity.normal_max is not None and value > quantity.normal_max:
        reasons.append(Reason.HIGH)
    if quantity.normal_min is not None and value < quantity.normal_min:
        reasons.append(Reason.LOW)
    if (
        kind is Kind.FUNDAL_HEIGHT
        and gestational_weeks is not None
        and gestational_weeks >= FUNDAL_HEIGHT_FROM_WEEK
        and abs(value - gestational_weeks) > FUNDAL_HEIGHT_TOLERANCE_CM
    ):
        reasons.append(Reason.FUNDAL_HEIGHT_OFF_TERM)
    return Check(Status.FLAG if reasons else Status.OK, tuple(reasons), value)


@dataclass(frozen=True)
class BloodPressureCheck:
    """Both halves of a blood pressure reading, judged together."""

    systolic: Check
    diastolic: Check
    pair_reasons: tuple[Reason, ...] = ()

    @property
    def refused(self) -> bool:
        return self.systolic.refused or self.diastolic.refused or bool(self.pair_reasons)

    @property
    def flagged(self) -> bool:
        return not self.refused and (self.systolic.flagged or self.diastolic.flagged)


def check_blood_pressure(
    systolic: str | int | Decimal | None, diastolic: str | int | Decimal | None
) -> BloodPressureCheck:
    """Judge a reading: 250/150 is flagged, 30/300 (diastolic above systolic) is refused."""
    sys_check = check_value(Kind.SYSTOLIC, systolic)
    dia_check = check_value(Kind.DIASTOLIC, diastolic)
    pair: tuple[Reason, ...] = ()
    if sys_check.value is not None and dia_check.value is not None and dia_check.value >= sys_check.value:
        pair = (Reason.DIASTOLIC_NOT_BELOW_SYSTOLIC,)
    return BloodPressureCheck(sys_check, dia_check, pair)


def programme_kinds(programme_code: str) -> tuple[Kind, ...]:
    """What participants measure themselves in a programme ("CZ" or "CO")."""
    if programme_code.upper() == "CO":
        return (Kind.BABY_WEIGHT, Kind.BABY_LENGTH, Kind.HEAD_CIRCUMFERENCE)
    return (Kind.SYSTOLIC, Kind.DIASTOLIC, Kind.WEIGHT)

"""Errors the records' domain functions raise, with codes the web layer turns into words."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kring.records.measurements import Reason

REASON_MESSAGES = {
    Reason.REQUIRED: _("Please fill in a value."),
    Reason.NOT_A_NUMBER: _("This is not a number. Use digits, for example 72,5."),
    Reason.BELOW_POSSIBLE: _("This value is too low to be possible. Please measure again."),
    Reason.ABOVE_POSSIBLE: _("This value is too high to be possible. Please measure again."),
    Reason.DIASTOLIC_NOT_BELOW_SYSTOLIC: _(
        "The lower number (diastolic) must be lower than the upper number (systolic). Please check both."
    ),
    Reason.HIGH: _("Higher than usual: the midwife will look at this."),
    Reason.LOW: _("Lower than usual: the midwife will look at this."),
    Reason.FUNDAL_HEIGHT_OFF_TERM: _("Fundal height differs more than 3 cm from the weeks of pregnancy."),
    Reason.UNKNOWN_UNIT: _("This unit is not known for this measurement."),
}


def reason_message(reason: Reason | str) -> str:
    return str(REASON_MESSAGES[Reason(reason)])


class RecordError(ValidationError):
    """A request the domain refuses; `code` says why, the message says it in words."""


class MeasurementRefused(RecordError):
    """An impossible value; nothing was saved. `field_reasons` maps a field to its reasons."""

    def __init__(self, field_reasons: dict[str, tuple[Reason, ...]]):
        self.field_reasons = field_reasons
        super().__init__(
            {field: [reason_message(r) for r in reasons] for field, reasons in field_reasons.items()},
        )

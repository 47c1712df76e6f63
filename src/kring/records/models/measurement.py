from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.records import measurements as rules

KIND_LABELS = {
    rules.Kind.SYSTOLIC: _("Systolic blood pressure"),
    rules.Kind.DIASTOLIC: _("Diastolic blood pressure"),
    rules.Kind.WEIGHT: _("Weight"),
    rules.Kind.BABY_WEIGHT: _("Baby's weight"),
    rules.Kind.BABY_LENGTH: _("Baby's length"),
    rules.Kind.HEAD_CIRCUMFERENCE: _("Head circumference"),
    rules.Kind.FUNDAL_HEIGHT: _("Fundal height"),
    rules.Kind.FETAL_HEART_RATE: _("Fetal heart rate"),
}


class Measurement(models.Model):
    """One value with its unit and LOINC code, who measured it and whether it is flagged.

    Blood pressure is two rows (systolic, diastolic) sharing the session and time. Values are
    stored in the quantity's own unit (`measurements.QUANTITIES`); the unit is kept anyway,
    because the youth health data set counts in mm and g where FHIR counts in cm and kg.
    """

    class MeasuredBy(models.TextChoices):
        PARTICIPANT = rules.MeasuredBy.PARTICIPANT.value, _("Participant herself")
        ASSISTANT = rules.MeasuredBy.ASSISTANT.value, _("Assistant")
        PROFESSIONAL = rules.MeasuredBy.PROFESSIONAL.value, _("Professional")

    client = models.ForeignKey(
        "care.Client", on_delete=models.CASCADE, related_name="measurements", verbose_name=_("participant")
    )
    session = models.ForeignKey(
        "care.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measurements",
        verbose_name=_("session"),
    )
    kind = models.CharField(_("what"), max_length=30, choices=[(k.value, KIND_LABELS[k]) for k in rules.Kind])
    value = models.DecimalField(_("value"), max_digits=9, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20)
    loinc = models.CharField(_("LOINC code"), max_length=20)
    measured_by = models.CharField(_("measured by"), max_length=20, choices=MeasuredBy.choices)
    measured_at = models.DateTimeField(_("measured at"))
    flagged = models.BooleanField(_("flagged for the professional"), default=False)
    flag_reasons = models.JSONField(_("reasons"), default=list, blank=True)
    # The staff member who was logged in (also when the participant held the tablet).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["measured_at", "kind"]
        indexes = [models.Index(fields=["client", "kind", "measured_at"], name="measurement_client_kind")]
        constraints = [
            models.CheckConstraint(condition=models.Q(value__gt=0), name="measurement_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.value} {self.unit}"

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[rules.Kind(self.kind)])

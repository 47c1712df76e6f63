"""Birth registration and the outcome fields the evaluation reports on (centering.md 5)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

BIRTH_WEIGHT_MIN_G = 300
BIRTH_WEIGHT_MAX_G = 7000


class YesNo(models.TextChoices):
    UNKNOWN = "", _("Unknown")
    YES = "yes", _("Yes")
    NO = "no", _("No")


class Birth(models.Model):
    client = models.OneToOneField(
        "care.Client", on_delete=models.CASCADE, related_name="birth", verbose_name=_("participant")
    )
    born_on = models.DateField(_("date of birth"))
    birth_weight_g = models.PositiveIntegerField(
        _("birth weight (g)"),
        validators=[MinValueValidator(BIRTH_WEIGHT_MIN_G), MaxValueValidator(BIRTH_WEIGHT_MAX_G)],
    )
    breastfeeding_started = models.CharField(
        _("breastfeeding started"), max_length=3, choices=YesNo.choices, blank=True
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now=True)

    class Meta:
        verbose_name = _("birth")
        verbose_name_plural = _("births")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_weight_g__gte=BIRTH_WEIGHT_MIN_G)
                & models.Q(birth_weight_g__lte=BIRTH_WEIGHT_MAX_G),
                name="birth_weight_possible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.born_on:%d-%m-%Y}"


class Outcome(models.Model):
    class PainRelief(models.TextChoices):
        UNKNOWN = "", _("Unknown")
        NONE = "none", _("None")
        NON_MEDICAL = "non_medical", _("Non-medical only")
        MEDICAL = "medical", _("Medical (e.g. epidural, remifentanil)")

    client = models.OneToOneField(
        "care.Client", on_delete=models.CASCADE, related_name="outcome", verbose_name=_("participant")
    )
    pain_relief_in_labour = models.CharField(
        _("pain relief in labour"), max_length=12, choices=PainRelief.choices, blank=True
    )
    smoking_at_intake = models.CharField(
        _("smoking at intake"), max_length=3, choices=YesNo.choices, blank=True
    )
    smoking_at_36_weeks = models.CharField(
        _("smoking at 36 weeks"), max_length=3, choices=YesNo.choices, blank=True
    )
    smoking_after_birth = models.CharField(
        _("smoking after birth"), max_length=3, choices=YesNo.choices, blank=True
    )
    referred_in_pregnancy = models.CharField(
        _("referred in pregnancy"), max_length=3, choices=YesNo.choices, blank=True
    )
    satisfaction_grade = models.PositiveSmallIntegerField(
        _("satisfaction grade (1–10)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("updated by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction_grade__isnull=True)
                | (models.Q(satisfaction_grade__gte=1) & models.Q(satisfaction_grade__lte=10)),
                name="outcome_grade_1_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client}"

"""What the evaluation stores beside the routine records: goals, dated cost rates, the
economic reference, survey answers and the hand-ticked implementation checklist."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class MeasureGoal(models.Model):
    """The organisation's goal for one measure from a date on; the newest goal that started
    on or before the end of the reported period applies. Percent for rates, a grade or a number
    of sessions for means (the measure says which)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    measure = models.CharField(_("measure"), max_length=40)
    target = models.DecimalField(_("goal"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)])
    valid_from = models.DateField(_("valid from"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["organisation", "measure", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "measure", "valid_from"], name="goal_once_per_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.target} ({self.valid_from:%d-%m-%Y})"


class CostRates(models.Model):
    """An organisation's rates from a date on (the newest that started on or before the
    period's end applies). Seeded with the published figures; every one is editable."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    valid_from = models.DateField(_("valid from"))
    facilitator_hourly_rate = models.DecimalField(
        _("lead facilitator hourly rate (EUR)"), max_digits=7, decimal_places=2, default=Decimal("60.00")
    )
    co_facilitator_hourly_rate = models.DecimalField(
        _("co-facilitator hourly rate (EUR)"), max_digits=7, decimal_places=2, default=Decimal("35.00")
    )
    preparation_minutes = models.PositiveSmallIntegerField(
        _("preparation and wrap-up per facilitator per session (minutes)"), default=30
    )
    training_cost_per_person = models.DecimalField(
        _("training cost per person (EUR)"), max_digits=8, decimal_places=2, default=Decimal("710.00")
    )
    intervision_cost_per_person = models.DecimalField(
        _("intervision cost per person (EUR)"), max_digits=8, decimal_places=2, default=Decimal("0.00")
    )
    years_of_use = models.PositiveSmallIntegerField(
        _("years over which training is spread"), default=5, validators=[MinValueValidator(1)]
    )
    surcharge_per_woman = models.DecimalField(
        _("NZa surcharge per participating pregnant woman (EUR)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("0.00"),
        help_text=_(
            "Once per woman; the midwife completed the accredited training and a co-facilitator is present."
        ),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("cost rates")
        verbose_name_plural = _("cost rates")
        ordering = ["organisation", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "valid_from"], name="cost_rates_once_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.valid_from:%d-%m-%Y}"


class EconomicReference(models.Model):
    """A published economic evaluation of CenteringZwangerschap against individual care, per
    woman (TNO 2021 and its 2023 update); shown as the reference beside an organisation's
    own costs."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    extra_cost_per_woman = models.DecimalField(
        _("extra cost per woman (EUR)"), max_digits=7, decimal_places=2
    )
    saving_per_woman = models.DecimalField(
        _("later saving per woman (EUR)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    net_saving_per_woman = models.DecimalField(
        _("net saving per woman (EUR)"), max_digits=7, decimal_places=2
    )
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("economic reference")
        verbose_name_plural = _("economic references")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}"


class SatisfactionResponse(models.Model):
    """A participant's own answers after her group's last session, through her personal link."""

    class Agreement(models.IntegerChoices):
        DISAGREE = 1, _("Disagree")
        NEUTRAL = 2, _("Neutral")
        AGREE = 3, _("Agree")

    client = models.ForeignKey(
        "care.Client", on_delete=models.CASCADE, related_name="+", verbose_name=_("participant")
    )
    group = models.ForeignKey(
        "care.Group", on_delete=models.CASCADE, related_name="+", verbose_name=_("group")
    )
    grade = models.PositiveSmallIntegerField(
        _("grade (1-10)"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    felt_prepared = models.PositiveSmallIntegerField(_("I feel prepared"), choices=Agreement.choices)
    learned_from_others = models.PositiveSmallIntegerField(
        _("I learned from the other participants"), choices=Agreement.choices
    )
    enough_time_with_midwife = models.PositiveSmallIntegerField(
        _("I had enough personal time with the midwife"), choices=Agreement.choices
    )
    would_recommend = models.PositiveSmallIntegerField(
        _("I would recommend group care"), choices=Agreement.choices
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now=True)

    class Meta:
        verbose_name = _("satisfaction survey answer")
        verbose_name_plural = _("satisfaction survey answers")
        constraints = [
            models.UniqueConstraint(fields=["client", "group"], name="satisfaction_once_per_group"),
            models.CheckConstraint(
                condition=models.Q(grade__gte=1) & models.Q(grade__lte=10), name="satisfaction_grade_1_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.grade}"


class StaffSurvey(models.Model):
    """The yearly essential-elements and staff survey of an organisation."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        verbose_name = _("staff survey")
        verbose_name_plural = _("staff surveys")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="staff_survey_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}"


class StaffSurveyParticipation(models.Model):
    """Only that a person answered (so nobody answers twice), never what: the answer itself
    is stored without a link to its author."""

    survey = models.ForeignKey(StaffSurvey, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey("organisations.Person", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "person"], name="staff_survey_answer_once")]

    def __str__(self) -> str:
        return f"{self.survey}: {self.person_id}"


class StaffSurveyAnswer(models.Model):
    """One anonymous answer: element scores 0/1/2 (the checklist's scale) and how supported
    and how pressed for time the facilitator feels (1-5). No author, no timestamp."""

    survey = models.ForeignKey(StaffSurvey, on_delete=models.CASCADE, related_name="answers")
    checklist_version = models.PositiveSmallIntegerField(_("checklist version"))
    scores = models.JSONField(_("scores"))
    feels_supported = models.PositiveSmallIntegerField(
        _("I feel supported by my organisation"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    enough_time = models.PositiveSmallIntegerField(
        _("I have enough time for group care"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    def __str__(self) -> str:
        return f"{self.survey}"


class ChecklistTick(models.Model):
    """An implementation-checklist item ticked by hand (where the data cannot tell)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    item = models.CharField(_("item"), max_length=40)
    done = models.BooleanField(_("done"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [models.UniqueConstraint(fields=["organisation", "item"], name="checklist_tick_once")]

    def __str__(self) -> str:
        return f"{self.item}: {self.done}"

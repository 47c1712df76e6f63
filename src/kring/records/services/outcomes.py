"""Birth registration and outcomes."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.care.models import Client
from kring.records.errors import RecordError
from kring.records.models import Birth, Outcome
from kring.records.models.outcomes import BIRTH_WEIGHT_MAX_G, BIRTH_WEIGHT_MIN_G, YesNo

# A birth more than 18 weeks before the due date (before 22 weeks) is not a CZ birth to record
# here; more than 6 weeks after it is a typing slip.
EARLIEST_BEFORE_DUE = dt.timedelta(weeks=18)
LATEST_AFTER_DUE = dt.timedelta(weeks=6)


@transaction.atomic
def register_birth(
    client: Client, *, born_on: dt.date, birth_weight_g: int, breastfeeding_started: str = "", by
) -> Birth:
    if client.programme.code != "CZ":
        raise RecordError(_("Births are registered on the pregnancy record (CZ)."), code="wrong_programme")
    if born_on > timezone.localdate():
        raise RecordError(_("The date of birth cannot be in the future."), code="future_birth")
    if client.due_date and not (
        client.due_date - EARLIEST_BEFORE_DUE <= born_on <= client.due_date + LATEST_AFTER_DUE
    ):
        raise RecordError(
            _("The date of birth is too far from the due date (%(due)s). Please check it."),
            code="birth_far_from_due",
            params={"due": client.due_date.strftime("%d-%m-%Y")},
        )
    if not BIRTH_WEIGHT_MIN_G <= birth_weight_g <= BIRTH_WEIGHT_MAX_G:
        raise RecordError(
            _("A birth weight must lie between %(min)s and %(max)s grams."),
            code="birth_weight_impossible",
            params={"min": BIRTH_WEIGHT_MIN_G, "max": BIRTH_WEIGHT_MAX_G},
        )
    if breastfeeding_started not in YesNo.values:
        raise RecordError(_("Unknown answer."), code="bad_choice")
    birth, _created = Birth.objects.update_or_create(
        client=client,
        defaults={
            "born_on": born_on,
            "birth_weight_g": birth_weight_g,
            "breastfeeding_started": breastfeeding_started,
            "registered_by": by,
        },
    )
    return birth


OUTCOME_CHOICES = {
    "pain_relief_in_labour": Outcome.PainRelief.values,
    "smoking_at_intake": YesNo.values,
    "smoking_at_36_weeks": YesNo.values,
    "smoking_after_birth": YesNo.values,
    "referred_in_pregnancy": YesNo.values,
}


@transaction.atomic
def record_outcome(client: Client, *, by, satisfaction_grade: int | None = None, **answers: str) -> Outcome:
    unknown = set(answers) - set(OUTCOME_CHOICES)
    if unknown:
        raise RecordError(_("Unknown outcome field."), code="unknown_field")
    for field, value in answers.items():
        if value not in OUTCOME_CHOICES[field]:
            raise RecordError(_("Unknown answer."), code="bad_choice")
    if satisfaction_grade is not None and not 1 <= satisfaction_grade <= 10:
        raise RecordError(_("A grade is a whole number from 1 to 10."), code="bad_grade")
    outcome, _created = Outcome.objects.update_or_create(
        client=client, defaults={**answers, "satisfaction_grade": satisfaction_grade, "updated_by": by}
    )
    return outcome

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kring.care.models import Session
from kring.records import checklists
from kring.records.errors import RecordError
from kring.records.models import FidelitySelfCheck


@transaction.atomic
def record_self_check(
    session: Session, scores: Mapping[str, object], *, by, version: int | None = None
) -> FidelitySelfCheck:
    """A facilitator's essential-elements self-check for a session; filling it in again
    replaces that facilitator's earlier answers for the session."""
    checklist = checklists.load(checklists.ESSENTIAL_ELEMENTS, version)
    try:
        parsed = {str(code): int(score) for code, score in scores.items()}  # type: ignore[call-overload]
        valid = checklist.validate_scores(parsed)
    except (TypeError, ValueError) as error:
        raise RecordError(_("Score every element with 0, 1 or 2."), code="bad_scores") from error
    check, _created = FidelitySelfCheck.objects.update_or_create(
        session=session,
        filled_by=by,
        defaults={
            "checklist": checklist.id,
            "checklist_version": checklist.version,
            "scores": valid,
            "total": sum(valid.values()),
            "max_total": checklist.max_total,
        },
    )
    return check

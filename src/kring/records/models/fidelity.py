from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FidelitySelfCheck(models.Model):
    """A facilitator's essential-elements self-check after a session, scored 0/1/2 per item.

    `checklist_version` keeps the checklist the scores belong to, so a new version of the list
    never changes what was scored before.
    """

    session = models.ForeignKey(
        "care.Session", on_delete=models.CASCADE, related_name="fidelity_checks", verbose_name=_("session")
    )
    checklist = models.CharField(_("checklist"), max_length=60, default="essential-elements")
    checklist_version = models.PositiveSmallIntegerField(_("checklist version"))
    scores = models.JSONField(_("scores"))
    total = models.PositiveSmallIntegerField(_("total"))
    max_total = models.PositiveSmallIntegerField(_("highest possible total"))
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("filled in by")
    )
    filled_at = models.DateTimeField(_("filled in at"), auto_now=True)

    class Meta:
        verbose_name = _("essential-elements self-check")
        verbose_name_plural = _("essential-elements self-checks")
        constraints = [
            models.UniqueConstraint(fields=["session", "filled_by"], name="fidelity_once_per_facilitator"),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.total}/{self.max_total}"

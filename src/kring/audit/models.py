"""The NEN 7513 access log: append-only and tamper-evident (a SHA-256 hash chain).

Write entries only with `kring.audit.log.log_access` / `record_access`; verify with
`kring.audit.log.verify_chain`. The model refuses updates and deletes; on PostgreSQL a trigger
refuses them too, whoever connects.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an access log entry."""


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The access log is append-only.")

    def delete(self):
        raise AppendOnlyError("The access log is append-only.")

    def _raw_delete(self, using):
        raise AppendOnlyError("The access log is append-only.")


class AccessLog(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        SEARCH = "search", _("Searched")
        CREATE = "create", _("Created")
        CHANGE = "change", _("Changed")
        DELETE = "delete", _("Deleted")
        EXPORT = "export", _("Exported")
        PRINT = "print", _("Printed")

    # Plain references without database constraints: an entry keeps its ids even when the
    # user, client or organisation is removed later, and removing them never touches the log.
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    user_label = models.CharField(_("who"), max_length=254)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    role = models.CharField(_("as"), max_length=200, blank=True)
    client = models.ForeignKey(
        "care.Client",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("client"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    ip_address = models.GenericIPAddressField(_("from address"), null=True)
    path = models.CharField(_("page"), max_length=500, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    previous_hash = models.CharField(_("previous hash"), max_length=64, unique=True)  # one chain, no forks
    entry_hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["organisation", "at"], name="accesslog_org_at_idx"),
            models.Index(fields=["client", "at"], name="accesslog_client_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log is append-only.")

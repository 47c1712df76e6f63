"""Secret calendar-feed links: one per facilitator, room, group or participant."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.care.models import Client, Group, Session
from kring.organisations.models import Organisation, Person, Room


def new_token() -> str:
    # 32 random bytes: the link itself is the only key to the feed, so it must not be guessable.
    return secrets.token_urlsafe(32)


class FeedToken(models.Model):
    """The secret part of a feed URL. Revoking sets `revoked_at`; the URL then answers 404
    and a new token can be issued for the same subject."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Facilitator")
        ROOM = "room", _("Room")
        GROUP = "group", _("Group")
        CLIENT = "client", _("Participant")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="feed_tokens", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    room = models.ForeignKey(Room, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")
        constraints = [
            # Exactly the subject field that matches `kind` is set.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="person",
                        person__isnull=False,
                        room__isnull=True,
                        group__isnull=True,
                        client__isnull=True,
                    )
                    | models.Q(
                        kind="room",
                        person__isnull=True,
                        room__isnull=False,
                        group__isnull=True,
                        client__isnull=True,
                    )
                    | models.Q(
                        kind="group",
                        person__isnull=True,
                        room__isnull=True,
                        group__isnull=False,
                        client__isnull=True,
                    )
                    | models.Q(
                        kind="client",
                        person__isnull=True,
                        room__isnull=True,
                        group__isnull=True,
                        client__isnull=False,
                    )
                ),
                name="feedtoken_one_subject_matching_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def subject(self) -> Person | Room | Group | Client:
        return getattr(self, self.kind)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


def new_uid_part() -> str:
    return secrets.token_hex(8)


class CalendarIdentity(models.Model):
    """A random part of every calendar UID of an organisation. Event UIDs such as
    `session-12.<part>@kring` are then unique across installations and organisations, and
    stay the same on every download (calendar programs match entries by UID)."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="calendar_identity",
        verbose_name=_("organisation"),
    )
    uid_part = models.CharField(max_length=32, unique=True, default=new_uid_part, editable=False)

    class Meta:
        verbose_name = _("calendar identity")
        verbose_name_plural = _("calendar identities")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.uid_part}"


class EventSequence(models.Model):
    """How often a session's calendar entry changed after it was first sent (iCalendar SEQUENCE).
    The feed and the invitation or change notice read the same number, so calendar programs
    take a moved session's new time from either."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, primary_key=True, related_name="+")
    sequence = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"session {self.session_id}: {self.sequence}"

"""Putting clients in groups: enrol, leave, move. Each is one transaction: all or nothing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.care.models import Client, Enrolment, Group


class EnrolmentError(ValidationError):
    """The client cannot join (or leave) this group; the message says why."""


_CLOSED = {Group.Status.FINISHED, Group.Status.CANCELLED}


def _check_can_join(client: Client, group: Group) -> None:
    if client.organisation_id != group.organisation_id:
        raise EnrolmentError(
            _("The client and the group belong to different organisations."), code="other_org"
        )
    if client.programme.code != group.programme.code:
        raise EnrolmentError(_("The client's programme differs from the group's."), code="programme")
    if group.status in _CLOSED:
        raise EnrolmentError(_("This group has finished or was cancelled."), code="group_closed")
    if group.active_enrolments().count() >= group.programme.group_max:
        raise EnrolmentError(
            _("This group is full (%(max)s members)."),
            code="group_full",
            params={"max": group.programme.group_max},
        )


@transaction.atomic
def enrol_client(client: Client, group: Group, *, joined_on: dt.date | None = None) -> Enrolment:
    client = Client.objects.select_for_update().select_related("programme").get(pk=client.pk)
    group = Group.objects.select_for_update().select_related("programme").get(pk=group.pk)
    if client.enrolments.filter(status=Enrolment.Status.ACTIVE).exists():
        raise EnrolmentError(
            _("This client is already in a group; move her instead."), code="already_enrolled"
        )
    _check_can_join(client, group)
    try:
        with transaction.atomic():
            return Enrolment.objects.create(
                client=client, group=group, joined_on=joined_on or timezone.localdate()
            )
    except IntegrityError as error:  # a concurrent enrolment won the race
        raise EnrolmentError(
            _("This client is already in a group; move her instead."), code="already_enrolled"
        ) from error


@transaction.atomic
def leave_group(
    enrolment: Enrolment,
    *,
    left_on: dt.date | None = None,
    reason: str = "",
    status: str = Enrolment.Status.LEFT,
) -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise EnrolmentError(_("This client is no longer in the group."), code="not_active")
    enrolment.status = status
    enrolment.left_on = left_on or timezone.localdate()
    enrolment.reason = reason
    enrolment.full_clean()
    enrolment.save()
    return enrolment


@transaction.atomic
def move_client(client: Client, to_group: Group, *, on: dt.date | None = None, reason: str = "") -> Enrolment:
    """End the client's active enrolment as 'moved' and enrol her in `to_group`."""
    on = on or timezone.localdate()
    current = (
        Enrolment.objects.select_for_update().filter(client=client, status=Enrolment.Status.ACTIVE).first()
    )
    if current is not None:
        if current.group_id == to_group.pk:
            raise EnrolmentError(_("The client is already in this group."), code="same_group")
        leave_group(current, left_on=on, reason=reason, status=Enrolment.Status.MOVED)
    return enrol_client(client, to_group, joined_on=on)

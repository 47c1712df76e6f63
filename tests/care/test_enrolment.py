from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from kring.care.enrolment import EnrolmentError, enrol_client, leave_group, move_client
from kring.care.models import Enrolment
from tests.factories import (
    ClientFactory,
    COClientFactory,
    EnrolmentFactory,
    GroupFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def test_enrol_a_waiting_client(practice):
    enrolment = enrol_client(practice.waiting_client, practice.group)
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert practice.group.active_enrolments().count() == 2


def test_a_client_has_at_most_one_active_enrolment(practice):
    other = GroupFactory(organisation=practice.organisation, location=practice.location)
    with pytest.raises(EnrolmentError) as excinfo:
        enrol_client(practice.client, other)
    assert excinfo.value.code == "already_enrolled"
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolmentFactory(client=practice.client, group=other)


def test_full_group_refuses_another_member(practice):
    for _ in range(practice.group.programme.group_max - 1):
        EnrolmentFactory(group=practice.group)
    with pytest.raises(EnrolmentError) as excinfo:
        enrol_client(practice.waiting_client, practice.group)
    assert excinfo.value.code == "group_full"


def test_programme_and_organisation_must_match(practice):
    with pytest.raises(EnrolmentError):
        enrol_client(COClientFactory(organisation=practice.organisation), practice.group)
    with pytest.raises(EnrolmentError):
        enrol_client(ClientFactory(organisation=OrganisationFactory()), practice.group)


def test_move_client_ends_the_old_enrolment_and_starts_a_new_one(practice):
    other = GroupFactory(organisation=practice.organisation, location=practice.location)
    new = move_client(practice.client, other, reason="avond past beter")
    old = practice.client.enrolments.exclude(pk=new.pk).get()
    assert old.status == Enrolment.Status.MOVED
    assert new.group == other
    assert new.status == Enrolment.Status.ACTIVE


def test_failed_move_leaves_the_client_where_she_was(practice):
    full = GroupFactory(organisation=practice.organisation, location=practice.location)
    for _ in range(full.programme.group_max):
        EnrolmentFactory(group=full)
    with pytest.raises(EnrolmentError):
        move_client(practice.client, full)
    enrolment = practice.client.enrolments.get()
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert enrolment.group == practice.group


def test_leave_group(practice):
    enrolment = leave_group(practice.group.enrolments.get(), reason="verhuisd")
    assert enrolment.status == Enrolment.Status.LEFT
    assert enrolment.left_on is not None
    with pytest.raises(EnrolmentError):
        leave_group(enrolment)


def test_group_clean_checks_language_facilitators_and_follow_up(practice):
    from django.core.exceptions import ValidationError

    group = GroupFactory.build(
        organisation=practice.organisation,
        programme=practice.group.programme,
        location=practice.location,
        daypart=practice.group.daypart,
        lead=practice.lead,
        co=practice.lead,
        language="Turks",
        follow_up=practice.group,
    )
    with pytest.raises(ValidationError) as excinfo:
        group.full_clean()
    assert {"co", "language", "follow_up"} <= set(excinfo.value.error_dict)

"""Who sees which care data. The outsider gets 404 for every object of the practice."""

from __future__ import annotations

import pytest
from django.http import Http404

from kring.care import access
from kring.organisations import access as org_access
from tests.factories import COClientFactory

pytestmark = pytest.mark.django_db


def objects_of(practice):
    enrolment = practice.group.enrolments.get()
    return {
        access.get_client_for_user: practice.client,
        access.get_group_for_user: practice.group,
        access.get_session_for_user: practice.session,
        access.get_enrolment_for_user: enrolment,
        access.get_programme_for_user: practice.group.programme,
        org_access.get_person_for_user: practice.lead,
        org_access.get_location_for_user: practice.location,
        org_access.get_room_for_user: practice.room,
        org_access.get_organisation_for_user: practice.organisation,
    }


def test_outsider_gets_404_for_every_object_of_another_organisation(practice, outsider):
    for getter, obj in objects_of(practice).items():
        with pytest.raises(Http404):
            getter(outsider, obj.pk)


def test_coordinator_can_open_every_object_of_the_organisation(practice, coordinator):
    for getter, obj in objects_of(practice).items():
        assert getter(coordinator, obj.pk) == obj


def test_outsider_lists_contain_nothing_of_the_practice(practice, outsider):
    assert not access.clients_for_user(outsider).filter(organisation=practice.organisation).exists()
    assert not access.groups_for_user(outsider).filter(organisation=practice.organisation).exists()
    assert not access.sessions_for_user(outsider).filter(group__organisation=practice.organisation).exists()
    assert access.clients_for_user(outsider).count() == 1  # its own client


def test_anonymous_user_sees_nothing(practice):
    from django.contrib.auth.models import AnonymousUser

    assert access.clients_for_user(AnonymousUser()).count() == 0
    with pytest.raises(Http404):
        access.get_client_for_user(AnonymousUser(), practice.client.pk)


def test_coordinator_sees_all_clients_including_the_waiting_list(practice, coordinator):
    assert set(access.clients_for_user(coordinator)) == {practice.client, practice.waiting_client}
    assert list(access.waiting_clients_for_user(coordinator)) == [practice.waiting_client]


def test_midwife_sees_every_client_of_her_programme_only(practice, midwife):
    co_client = COClientFactory(organisation=practice.organisation)
    visible = set(access.clients_for_user(midwife))
    assert {practice.client, practice.waiting_client} <= visible
    assert co_client not in visible


def test_facilitator_sees_the_clients_of_her_groups_only(practice, facilitator):
    assert list(access.clients_for_user(facilitator)) == [practice.client]
    assert list(access.groups_for_user(facilitator)) == [practice.group]
    with pytest.raises(Http404):
        access.get_client_for_user(facilitator, practice.waiting_client.pk)


def test_privacy_officer_alone_sees_no_client(practice, privacy_officer):
    assert access.clients_for_user(privacy_officer).count() == 0
    with pytest.raises(Http404):
        access.get_client_for_user(privacy_officer, practice.client.pk)


def test_inactive_person_loses_access(practice, coordinator):
    coordinator.people.update(is_active=False)
    assert access.clients_for_user(coordinator).count() == 0


def test_organisation_argument_narrows_to_that_organisation(practice, coordinator, outsider):
    other = org_access.organisations_for_user(outsider).get()
    assert access.clients_for_user(coordinator, organisation=other).count() == 0
    assert access.clients_for_user(coordinator, organisation=practice.organisation).count() == 2


def test_non_numeric_id_is_a_404_not_an_error(practice, coordinator):
    with pytest.raises(Http404):
        access.get_client_for_user(coordinator, "abc")


def test_edit_and_plan_permissions(practice, coordinator, midwife, facilitator):
    assert access.can_edit_client(coordinator, practice.client)
    assert access.can_edit_client(midwife, practice.client)
    assert not access.can_edit_client(facilitator, practice.client)
    assert access.can_plan(coordinator, practice.organisation)
    assert not access.can_plan(midwife, practice.organisation)


def test_client_list_query_count_does_not_grow_with_clients(
    practice, coordinator, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        names = [client.programme.code for client in access.clients_for_user(coordinator)]
    assert names

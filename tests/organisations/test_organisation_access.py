from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.http import Http404
from django.test import RequestFactory

from kring.organisations import access
from kring.organisations.models import Role
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    request.session = SessionStore()
    return request


def test_user_in_two_organisations_works_in_the_active_one(practice, coordinator):
    second = OrganisationFactory(name="AAA Tweede praktijk")
    PersonFactory(organisation=second, user=coordinator, roles=[Role.Kind.COORDINATOR])
    request = request_for(coordinator)
    # without a choice: the first by name, remembered in the session
    assert access.active_organisation(request) == second
    access.set_active_organisation(request, practice.organisation)
    assert access.active_organisation(request) == practice.organisation
    assert request.session[access.SESSION_KEY] == practice.organisation.pk


def test_switching_to_an_organisation_one_is_not_in_is_a_404(practice, outsider):
    with pytest.raises(Http404):
        access.set_active_organisation(request_for(outsider), practice.organisation)


def test_a_stale_organisation_in_the_session_falls_back(practice, coordinator):
    request = request_for(coordinator)
    request.session[access.SESSION_KEY] = 999999
    assert access.active_organisation(request) == practice.organisation


def test_user_without_organisation_has_no_active_one(db):
    from tests.factories import UserFactory

    assert access.active_organisation(request_for(UserFactory())) is None


def test_roles_for_user(practice, coordinator, outsider):
    assert access.roles_for_user(coordinator, practice.organisation) == {"coordinator"}
    assert access.roles_for_user(outsider, practice.organisation) == set()
    assert access.has_role(coordinator, practice.organisation, Role.Kind.COORDINATOR, Role.Kind.CZ_LEAD)


def test_people_of_the_practice_are_hidden_from_the_outsider(practice, outsider, coordinator):
    assert practice.lead in access.people_for_user(coordinator)
    assert practice.lead not in access.people_for_user(outsider)

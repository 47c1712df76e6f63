"""Issue 12, points 3, 5, 7 (dashboard), 14: small things a new user hit on the web pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.care.models import Client, Group, Programme
from kring.organisations.models import Organisation
from kring.web.forms.clients import ClientForm
from tests.web.conftest import logged_in

pytestmark = pytest.mark.django_db


def test_login_asks_for_the_e_mail_address(client):
    body = client.get(reverse("web:login")).content.decode()
    assert "E-mailadres" in body and "Gebruikersnaam" not in body


def test_pathway_button_only_for_the_coordinator(practice, coordinator, midwife, facilitator):
    url = reverse("web:group_detail", args=[practice.group.pk])
    pathway = reverse("records:group_pathway", args=[practice.group.pk])
    assert pathway in logged_in(coordinator).get(url).content.decode()
    for user in (midwife, facilitator):
        assert pathway not in logged_in(user).get(url).content.decode()
        assert logged_in(user).get(pathway).status_code == 403


def test_dashboard_does_not_count_groups_that_have_not_started(practice, coordinator):
    Group.objects.filter(pk=practice.group.pk).update(status=Group.Status.RUNNING)
    practice.group.sessions.update(date=timezone.localdate() + dt.timedelta(days=20))
    body = logged_in(coordinator).get(reverse("web:dashboard")).content.decode()
    assert 'data-testid="running-count">0<' in body
    assert 'data-testid="starts-later"' in body
    practice.group.sessions.update(date=timezone.localdate() - dt.timedelta(days=1))
    body = logged_in(coordinator).get(reverse("web:dashboard")).content.decode()
    assert 'data-testid="running-count">1<' in body


@pytest.mark.parametrize(
    ("kind", "expected"), [(Organisation.Kind.MIDWIFERY_PRACTICE, "CZ"), (Organisation.Kind.JGZ, "CO")]
)
def test_new_client_form_preselects_the_organisations_programme(practice, kind, expected):
    organisation = practice.organisation
    Organisation.objects.filter(pk=organisation.pk).update(kind=kind)
    organisation.refresh_from_db()
    programmes = Programme.objects.filter(organisation=organisation)
    assert {"CZ", "CO"} <= set(programmes.values_list("code", flat=True))
    form = ClientForm(organisation=organisation, programmes=programmes)
    assert form.initial["programme"].code == expected


def test_languages_are_typed_and_shown_as_names(practice, coordinator):
    client = Client.objects.filter(organisation=practice.organisation).first()
    client.languages = ["nl", "tr"]
    client.save()
    browser = logged_in(coordinator)
    assert "Nederlands, Turks" in browser.get(reverse("web:client_detail", args=[client.pk])).content.decode()
    listing = browser.get(reverse("web:client_list"), {"language": "Turks"}).content.decode()
    assert '<option value="tr" selected>Turks</option>' in listing and client.family_name in listing
    from kring.web.forms.fields import LanguagesField

    assert LanguagesField().clean("Nederlands, Turks") == ["nl", "tr"]
    assert LanguagesField().clean("nl, ti") == ["nl", "ti"]

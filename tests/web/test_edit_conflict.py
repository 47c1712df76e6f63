"""Issue 11, point 6: two coordinators edit the same client; the second gets a conflict message
and the first one's change stays (optimistic locking on `Client.version`)."""

from __future__ import annotations

import re

import pytest
from django.test import Client as Browser
from django.urls import reverse

from kring.care.models import Client
from kring.web.forms.clients import ClientForm
from tests.web.conftest import BACKEND
from tests.web.test_bad_input import valid_client_data


@pytest.fixture
def second_coordinator(practice):
    from tests.conftest import _persona

    return _persona(practice.organisation, "coordinator2", "coordinator")


def opened_version(browser: Browser, url: str) -> int:
    page = browser.get(url).content.decode()
    return int(re.search(r'name="seen_version" value="(\d+)"', page).group(1))


def test_the_second_of_two_coordinators_gets_a_conflict(practice, coordinator, second_coordinator):
    url = reverse("web:client_edit", args=[practice.client.pk])
    first, second = Browser(), Browser()
    first.force_login(coordinator, backend=BACKEND)
    second.force_login(second_coordinator, backend=BACKEND)
    seen_first, seen_second = opened_version(first, url), opened_version(second, url)
    assert seen_first == seen_second

    kept = first.post(
        url,
        valid_client_data(practice, given_name="Eerste", bsn=practice.client.bsn, seen_version=seen_first),
    )
    refused = second.post(
        url,
        valid_client_data(practice, given_name="Tweede", bsn=practice.client.bsn, seen_version=seen_second),
    )

    assert kept.status_code == 302
    assert refused.status_code == 200
    assert (
        "Iemand anders heeft" in refused.content.decode() or "Someone else saved" in refused.content.decode()
    )
    client = Client.objects.get(pk=practice.client.pk)
    assert client.given_name == "Eerste"
    assert client.version == seen_first + 1


def test_a_save_that_races_past_the_check_is_undone(practice):
    """The check in clean() and the save are two steps; the conditional update closes the gap."""
    data = valid_client_data(practice, given_name="Laat", bsn=practice.client.bsn, seen_version=0)
    form = ClientForm(
        data,
        instance=Client.objects.get(pk=practice.client.pk),
        organisation=practice.organisation,
        programmes=practice.organisation.programmes.all(),
    )
    assert form.is_valid(), form.errors
    Client.objects.filter(pk=practice.client.pk).update(version=1)  # another save lands in between

    with pytest.raises(ClientForm.Conflict):
        form.save()
    assert Client.objects.get(pk=practice.client.pk).given_name != "Laat"

"""Bad input gets a clear message and loses nothing (QUALITY.md): CSRF-less posts, another
organisation's ids, huge requests, thousands of fields, markup in names, NFC/NFD names."""

from __future__ import annotations

import unicodedata

import pytest
from django.conf import settings
from django.test import Client as Browser
from django.urls import reverse

from kring.care.models import Client
from tests.factories import ClientFactory
from tests.web.conftest import BACKEND


def valid_client_data(practice, **overrides) -> dict:
    programme = practice.organisation.programmes.get(code="CZ")
    data = {
        "programme": programme.pk,
        "given_name": "Mila",
        "family_name": "de Boer",
        "due_date": practice.client.due_date.isoformat(),
        "languages": "nl",
    }
    data.update(overrides)
    return data


def test_post_without_csrf_token_is_refused_and_saves_nothing(practice, coordinator):
    browser = Browser(enforce_csrf_checks=True)
    browser.force_login(coordinator, backend=BACKEND)
    before = Client.objects.count()

    response = browser.post(reverse("web:client_create"), valid_client_data(practice))

    assert response.status_code == 403
    assert "Formulier verlopen" in response.content.decode()
    assert Client.objects.count() == before


def test_post_with_csrf_token_is_accepted(practice, coordinator):
    browser = Browser(enforce_csrf_checks=True)
    browser.force_login(coordinator, backend=BACKEND)
    browser.get(reverse("web:client_create"))
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value

    response = browser.post(
        reverse("web:client_create"), {**valid_client_data(practice), "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert Client.objects.filter(given_name="Mila").exists()


def test_thousands_of_fields_are_refused_with_a_clear_message(practice, as_coordinator):
    data = valid_client_data(practice)
    data.update({f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)})
    before = Client.objects.count()

    response = as_coordinator.post(reverse("web:client_create"), data)

    assert response.status_code == 400
    assert "te veel velden" in response.content.decode()
    assert "Er is niets opgeslagen" in response.content.decode()
    assert Client.objects.count() == before


def test_huge_request_is_refused_with_a_clear_message(practice, as_coordinator):
    huge = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    before = Client.objects.count()

    response = as_coordinator.post(
        reverse("web:client_create"),
        f"given_name={huge}",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert "te groot" in response.content.decode()
    assert Client.objects.count() == before


def test_markup_typed_as_a_name_is_refused_and_shown_escaped(practice, as_coordinator):
    before = Client.objects.count()

    response = as_coordinator.post(
        reverse("web:client_create"), valid_client_data(practice, family_name="<script>alert(1)</script>")
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content  # the value comes back, harmless
    assert 'class="errorlist"' in content
    assert Client.objects.count() == before


def test_markup_stored_by_another_route_is_rendered_escaped(practice, as_coordinator):
    # An import or the admin could store such a name without the form's checks.
    client = ClientFactory(
        organisation=practice.organisation, given_name="Eva", family_name="<script>x()</script>"
    )
    Client.objects.filter(pk=client.pk).update(family_name="<script>x()</script>")

    for url in (reverse("web:client_list"), reverse("web:client_detail", args=[client.pk])):
        content = as_coordinator.get(url).content.decode()
        assert "<script>x()" not in content
        assert "&lt;script&gt;x()&lt;/script&gt;" in content


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_names_are_found_whether_typed_composed_or_decomposed(practice, as_coordinator, form):
    ClientFactory(organisation=practice.organisation, given_name="Ayşe", family_name="Çelik")
    ClientFactory(organisation=practice.organisation, given_name="Ngozi", family_name="Ọkafor")

    for query, expected in (("Çelik", "Ayşe"), ("Ọkafor", "Ngozi"), ("Ayşe Çelik", "Ayşe")):
        response = as_coordinator.get(reverse("web:client_list"), {"q": unicodedata.normalize(form, query)})
        content = unicodedata.normalize("NFC", response.content.decode())
        assert expected in content, query
        assert "Wachtend" not in content


def test_name_entered_decomposed_is_stored_composed_and_found(practice, as_coordinator):
    nfd = unicodedata.normalize("NFD", "Ọkafor")
    as_coordinator.post(reverse("web:client_create"), valid_client_data(practice, family_name=nfd))

    stored = Client.objects.get(given_name="Mila")
    assert stored.family_name == unicodedata.normalize("NFC", "Ọkafor")
    response = as_coordinator.get(reverse("web:client_list"), {"q": "Ọkafor"})
    assert "Mila" in response.content.decode()


def test_search_with_sql_is_just_text(practice, as_coordinator):
    response = as_coordinator.get(reverse("web:client_list"), {"q": "' OR 1=1 --"})

    assert response.status_code == 200
    assert practice.client.given_name not in response.content.decode()


def test_bad_filter_values_are_ignored(practice, as_coordinator):
    response = as_coordinator.get(
        reverse("web:client_list"), {"programme": "XX", "status": "'; drop", "page": "abc"}
    )

    assert response.status_code == 200
    assert practice.client.given_name in response.content.decode()

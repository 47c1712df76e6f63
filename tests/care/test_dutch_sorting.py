"""Issue 12 point 13: client lists sort as a Dutch reader expects (accents and case ignored, the
family-name prefix skipped), identically on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kring.care.models import Client
from kring.care.sorting import dutch_sort_key, fold
from tests.factories import ClientFactory
from tests.web.conftest import logged_in

# The order a Dutch reader expects.
EXPECTED = [
    "Çelik",
    "Dąbrowska",
    "van Dijk",
    "Doğan",
    "de Jong",
    "Łukasiewicz",
    "Özdemir",
    "Öztürk",
    "Zijlstra",
]


def test_fold_removes_accents_and_case():
    assert fold("Dąbrowska") == "dabrowska" and fold("ÇELİK").startswith("celi")
    assert fold("Łukasiewicz") == "lukasiewicz"
    assert dutch_sort_key("van Dijk", "Eva") < dutch_sort_key("Doğan", "Eva")
    assert dutch_sort_key("Dąbrowska", "Eva") < dutch_sort_key("Doğan", "Eva")


@pytest.mark.django_db
def test_client_list_is_in_dutch_order_on_this_database(practice, coordinator):
    for family in reversed(EXPECTED):
        ClientFactory(organisation=practice.organisation, given_name="Test", family_name=family)

    ordered = [c.family_name for c in Client.objects.filter(given_name="Test")]
    assert ordered == EXPECTED

    body = logged_in(coordinator).get(reverse("web:client_list"), {"q": "Test"}).content.decode()
    positions = [body.find(family) for family in EXPECTED]
    assert -1 not in positions and positions == sorted(positions)


@pytest.mark.django_db
def test_changing_a_name_moves_the_client(practice):
    client = ClientFactory(organisation=practice.organisation, given_name="Anna", family_name="Zwart")
    client.family_name = "Ábel"
    client.save(update_fields=["family_name"])
    client.refresh_from_db()
    assert client.sort_name.startswith("abel")

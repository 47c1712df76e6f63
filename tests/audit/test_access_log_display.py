"""Issue 12 points 2 and 16: the access log reads in Dutch (old English detail texts included),
roles are role names, and the privacy officer sees whose record it was, with links."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from kring.audit.display import describe_detail, describe_roles
from kring.audit.log import record_access
from tests.web.conftest import logged_in
from tests.web.dutch_text import english_on

pytestmark = pytest.mark.django_db

OLD_DETAILS = [
    "participant record",
    "self-measurement form session 28",
    "waiting list for planning: clients 31,32",
    "attendance session 4",
    "client list (status=waiting); clients shown: 1,2",
    "CZ→CO pathway of group 3: clients 5,6",
    "follow-up for session 9",
    "calendar link renew",
]


@pytest.mark.parametrize("detail", OLD_DETAILS)
def test_known_details_are_worded_in_dutch(detail):
    with translation.override("nl"):
        text = describe_detail(detail).text
    assert text and text != detail
    assert english_on(f"<p>{text}</p>") == []


def test_client_ids_come_apart_and_unknown_details_stay_as_stored():
    assert describe_detail("waiting list for planning: clients 31,32").client_ids == (31, 32)
    assert describe_detail("session 6: clients none").client_ids == ()
    assert describe_detail("something new").text == "something new"


def test_roles_are_named():
    with translation.override("nl"):
        assert describe_roles("co_facilitator,interpreter") == "Co-begeleider, Tolk"


def test_privacy_officer_sees_names_links_and_dutch(practice, privacy_officer, coordinator):
    client = practice.client
    record_access(user=coordinator, action="view", client=client, detail="participant record")
    record_access(
        user=coordinator,
        action="search",
        organisation=practice.organisation,
        detail=f"session 3: clients {client.pk}",
    )
    body = logged_in(privacy_officer).get(reverse("web:access_log")).content.decode()
    assert client.display_name in body
    assert f'href="?client={client.pk}"' in body
    assert "deelnemersdossier" in body and "bijeenkomstdag, bijeenkomst 3" in body
    assert "Coördinator" in body  # the role, not the code
    assert "participant record" not in body and "co_facilitator" not in body

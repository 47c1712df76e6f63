"""The calendar-links page, renewing and revoking, and the printable group schedule."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kring.audit.models import AccessLog
from kring.calendars.feeds import active_token_for
from kring.calendars.models import FeedToken

pytestmark = pytest.mark.django_db


def test_coordinator_sees_links_for_people_rooms_and_groups(client, coordinator, practice):
    client.force_login(coordinator)
    response = client.get(reverse("calendars:links"))
    assert response.status_code == 200
    text = response.content.decode()
    assert str(practice.lead) in text and practice.room.name in text and practice.group.name in text
    assert "/calendars/feed/" in text


def test_facilitator_sees_only_her_own_link(client, facilitator, practice):
    client.force_login(facilitator)
    response = client.get(reverse("calendars:links"))
    text = response.content.decode()
    assert str(practice.co) in text
    assert practice.room.name not in text
    assert active_token_for(practice.co).token in text
    assert FeedToken.objects.filter(kind="person", person=practice.lead).count() == 0


def test_facilitator_cannot_renew_someone_elses_link(client, facilitator, practice):
    client.force_login(facilitator)
    url = reverse("calendars:change_link", args=["person", practice.lead.pk, "renew"])
    refused = client.post(url)
    assert refused.status_code == 403
    assert 'rel="icon"' in refused.content.decode()  # no console 404 for /favicon.ico


def test_coordinator_renews_a_room_link(client, coordinator, practice):
    old = active_token_for(practice.room).token
    client.force_login(coordinator)
    response = client.post(reverse("calendars:change_link", args=["room", practice.room.pk, "renew"]))
    assert response.status_code == 302
    assert FeedToken.objects.get(token=old).revoked_at is not None
    assert active_token_for(practice.room).token != old


def test_outsider_gets_404_for_the_practices_subjects(client, outsider, practice):
    client.force_login(outsider)
    for kind, pk in (
        ("person", practice.lead.pk),
        ("room", practice.room.pk),
        ("group", practice.group.pk),
        ("client", practice.client.pk),
    ):
        assert client.post(reverse("calendars:change_link", args=[kind, pk, "renew"])).status_code == 404
    assert client.get(reverse("calendars:client_link", args=[practice.client.pk])).status_code == 404
    assert client.get(reverse("calendars:group_schedule", args=[practice.group.pk])).status_code == 404


def test_unknown_action_is_404_and_get_is_refused(client, coordinator, practice):
    client.force_login(coordinator)
    assert (
        client.post(reverse("calendars:change_link", args=["room", practice.room.pk, "explode"])).status_code
        == 404
    )
    assert (
        client.get(reverse("calendars:change_link", args=["room", practice.room.pk, "renew"])).status_code
        == 405
    )


def test_client_link_page_is_logged_and_renewal_makes_a_link(client, coordinator, practice):
    client.force_login(coordinator)
    page = client.get(reverse("calendars:client_link", args=[practice.client.pk]))
    assert page.status_code == 200
    assert AccessLog.objects.filter(client=practice.client, action="view", detail="calendar link").exists()
    client.post(reverse("calendars:change_link", args=["client", practice.client.pk, "renew"]))
    token = FeedToken.objects.get(kind="client", client=practice.client, revoked_at__isnull=True)
    assert (
        token.token
        in client.get(reverse("calendars:client_link", args=[practice.client.pk])).content.decode()
    )


def test_printable_schedule_lists_dates_rooms_facilitators_and_topics(client, coordinator, practice):
    client.force_login(coordinator)
    response = client.get(reverse("calendars:group_schedule", args=[practice.group.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert practice.room.name in text
    assert str(practice.lead) in text and str(practice.co) in text
    assert "19:00" in text
    assert "Kennismaken" in text  # session 1's first topic of the CZ programme, in Dutch
    assert "print.css" in text


def test_anonymous_is_sent_to_login(client, practice):
    response = client.get(reverse("calendars:links"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_pages_are_dutch_first_with_the_new_menu_entries(client, coordinator, practice):
    client.force_login(coordinator)
    text = client.get(reverse("calendars:group_schedule", args=[practice.group.pk])).content.decode()
    assert "Je begeleiders:" in text
    assert "Vandaag" in text and "Agenda" in text
    client.post(reverse("web:set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("calendars:group_schedule", args=[practice.group.pk])).content.decode()
    assert "Your facilitators:" in english


def test_each_link_has_copy_download_and_a_qr_code_without_inline_script(client, coordinator, practice):
    client.force_login(coordinator)
    response = client.get(reverse("calendars:links"))
    text = response.content.decode()
    url = "http://testserver" + reverse("calendars:feed", args=[active_token_for(practice.lead).token])
    assert f'value="{url}"' in text
    assert 'data-copy="feed-url-1"' in text and "calendars/links.js" in text
    assert f'href="{url}" download="kring.ics"' in text
    assert 'href="webcal://testserver/calendars/feed/' in text
    assert len(re.findall(r'<svg [^>]*class="qr"', text)) == text.count('class="feed-url"') >= 3  # one each
    assert "<script>" not in text and "onclick" not in text  # the strict CSP allows no inline script
    assert "Link kopiëren" in text

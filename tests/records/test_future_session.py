"""Issue 12 point 4: a session on a later day can be opened and prepared, with a clear warning,
but not closed (closing would mark everyone absent and create follow-ups for nothing)."""

import pytest
from django.urls import reverse
from django.utils import translation

from kring.records.errors import RecordError
from kring.records.models import Attendance, FollowUp
from kring.records.services.session_day import close_session


def test_a_future_session_cannot_be_closed_in_the_domain(world):
    later = world.sessions[1]
    with pytest.raises(RecordError) as refused:
        close_session(later, by=world.midwife)
    assert refused.value.code == "session_not_started"
    assert not FollowUp.objects.exists() and not Attendance.objects.exists()


def test_future_session_page_warns_and_offers_no_close(client, world):
    later = world.sessions[1]
    client.force_login(world.midwife)
    with translation.override("nl"):
        body = client.get(
            reverse("records:session_day", args=[later.pk]), HTTP_ACCEPT_LANGUAGE="nl"
        ).content.decode()
    assert 'data-testid="future-session"' in body and "nog niet geweest" in body
    assert 'data-testid="close-session"' not in body

    response = client.post(reverse("records:close", args=[later.pk]))
    assert response.status_code == 302
    assert not FollowUp.objects.exists()


def test_todays_session_has_no_warning_and_can_be_closed(client, world):
    client.force_login(world.midwife)
    body = client.get(reverse("records:session_day", args=[world.session.pk])).content.decode()
    assert 'data-testid="future-session"' not in body and 'data-testid="close-session"' in body

"""Calendar feeds at secret, revocable links; read back with vobject, a second parser."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.urls import reverse

from kring.audit.models import AccessLog
from kring.calendars.feeds import active_token_for, renew_token, revoke_tokens, uid_part
from kring.calendars.models import FeedToken
from kring.care.models import Group
from tests.factories import ClientFactory, EnrolmentFactory, GroupFactory, SessionFactory, session_times

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def _events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = vobject.readOne(response.content.decode("utf-8"))
    return list(getattr(calendar, "vevent_list", []))


def _feed(client, subject):
    return client.get(reverse("calendars:feed", args=[active_token_for(subject).token]))


def _evening_session(group, room, number: int, day: dt.date):
    start, end = session_times(day, group.daypart)
    return SessionFactory(group=group, number=number, date=day, starts_at=start, ends_at=end, room=room)


def test_facilitator_feed_lists_her_sessions_at_19_across_both_dst_switches(client, practice):
    group = practice.group
    # Around both switches of 2027: 28 March and 31 October.
    days = [dt.date(2027, 3, 23), dt.date(2027, 3, 30), dt.date(2027, 10, 26), dt.date(2027, 11, 2)]
    for number, day in enumerate(days, start=2):
        _evening_session(group, practice.room, number, day)
    events = _events(_feed(client, practice.lead))
    starts = {e.dtstart.value for e in events}
    for day in days:
        expected = dt.datetime.combine(day, dt.time(19, 0), tzinfo=AMS)
        assert expected in starts
        match = next(s for s in starts if s == expected)
        assert match.utcoffset() == expected.utcoffset()


def test_each_feed_kind_shows_only_its_own_sessions(client, practice):
    other_group = GroupFactory(organisation=practice.organisation, location=practice.location)
    other = SessionFactory(
        group=other_group,
        room=practice.room,
        number=1,
        date=practice.session.date + dt.timedelta(days=1),
        starts_at=practice.session.starts_at + dt.timedelta(days=1),
        ends_at=practice.session.ends_at + dt.timedelta(days=1),
    )
    part = uid_part(practice.organisation.pk)
    mine = f"session-{practice.session.pk}.{part}@kring"
    theirs = f"session-{other.pk}.{part}@kring"
    uids = lambda subject: {e.uid.value for e in _events(_feed(client, subject))}  # noqa: E731
    assert uids(practice.lead) == {mine}
    assert uids(practice.group) == {mine}
    assert uids(practice.client) == {mine}
    assert uids(practice.room) == {mine, theirs}
    assert uids(other_group.lead) == {theirs}


def test_participant_feed_names_nobody_else_and_is_logged(client, practice):
    events = _events(_feed(client, practice.client))
    description = events[0].description.value if hasattr(events[0], "description") else ""
    assert str(practice.lead) not in description
    assert practice.group.name not in events[0].summary.value
    entry = AccessLog.objects.filter(client=practice.client, detail="calendar feed").get()
    assert entry.action == "view"
    assert "…" in entry.path and active_token_for(practice.client).token not in entry.path


def test_english_speaking_participant_gets_an_english_feed(client, practice):
    english = ClientFactory(organisation=practice.organisation, languages=["en"])
    EnrolmentFactory(group=practice.group, client=english)
    summary = _events(_feed(client, english))[0].summary.value
    assert "session 1 of 10" in summary


def test_unpublished_groups_stay_out_of_every_feed(client, practice):
    practice.group.status = Group.Status.PLANNED
    practice.group.save()
    assert _events(_feed(client, practice.lead)) == []


def test_revoked_link_answers_404_and_renewed_link_works(client, practice):
    old = active_token_for(practice.lead).token
    assert client.get(reverse("calendars:feed", args=[old])).status_code == 200
    new = renew_token(practice.lead).token
    assert new != old
    assert client.get(reverse("calendars:feed", args=[old])).status_code == 404
    assert client.get(reverse("calendars:feed", args=[new])).status_code == 200
    assert revoke_tokens(practice.lead) == 1
    assert client.get(reverse("calendars:feed", args=[new])).status_code == 404


def test_unknown_token_is_404(client, practice):
    assert client.get(reverse("calendars:feed", args=["not-a-real-token"])).status_code == 404


def test_tokens_are_long_and_unique(practice):
    tokens = {active_token_for(s).token for s in (practice.lead, practice.co, practice.room, practice.group)}
    assert len(tokens) == 4
    assert all(len(t) >= 40 for t in tokens)
    assert FeedToken.objects.filter(revoked_at__isnull=True).count() == 4


def test_calendar_and_event_uids_are_stable_and_unique_per_organisation(client, practice):
    first = vobject.readOne(_feed(client, practice.lead).content.decode())
    again = vobject.readOne(_feed(client, practice.lead).content.decode())
    assert first.uid.value == again.uid.value  # the same calendar on every download
    assert first.uid.value != vobject.readOne(_feed(client, practice.room).content.decode()).uid.value
    renew_token(practice.lead)
    assert vobject.readOne(_feed(client, practice.lead).content.decode()).uid.value == first.uid.value

    # Another organisation's session with the same number gets another UID: the random part differs.
    other = GroupFactory()
    other_session = SessionFactory(group=other, number=1)
    other_event = _events(_feed(client, other))[0]
    assert uid_part(other.organisation_id) != uid_part(practice.organisation.pk)
    assert other_event.uid.value == f"session-{other_session.pk}.{uid_part(other.organisation_id)}@kring"
    assert other_event.uid.value != first.vevent.uid.value

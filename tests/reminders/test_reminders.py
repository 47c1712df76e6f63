"""Issue 11, point 5: a reminder to each participant before every session, in her language,
with the session as ICS; per organisation when and whether; opt-out respected; exactly once per
session and recipient (database constraint, claim before sending); delivered through a real
SMTP server and read back with two parsers."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import vobject
from django.db import IntegrityError, transaction

from kring.audit.models import AccessLog
from kring.calendars.feeds import uid_part
from kring.reminders.models import Notice, ReminderOptOut, ReminderSettings
from kring.reminders.sending import STALE_SENDING, run_reminders
from tests.factories import EnrolmentFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def members(practice):
    """The practice's member (Dutch) and a second member who reads English."""
    dutch = practice.client
    dutch.email, dutch.languages = "ayse@example.test", ["tr", "nl"]
    dutch.save()
    english = EnrolmentFactory(group=practice.group).client
    english.email, english.languages = "grace@example.test", ["en"]
    english.save()
    return dutch, english


def before(session, hours: float) -> dt.datetime:
    return session.starts_at - dt.timedelta(hours=hours)


def attachment(message) -> bytes:
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return parts[0].get_payload(decode=True)


def test_each_participant_gets_one_reminder_in_her_language_with_the_session(practice, members, smtp):
    session = practice.session

    result = run_reminders(now=before(session, 10))

    assert result == {"queued": 2, "sent": 2, "stale": 0}
    [nl] = smtp.to("ayse@example.test")
    [en] = smtp.to("grace@example.test")
    local = session.starts_at.astimezone(AMSTERDAM)
    assert nl["Subject"].startswith("Herinnering: ")
    assert f"{local:%d-%m-%Y} om {local:%H:%M}" in nl["Subject"]
    assert en["Subject"].startswith("Reminder: ")
    assert "We look forward" in en.get_body(("plain",)).get_content()
    assert "We zien je graag" in nl.get_body(("plain",)).get_content()
    for message in (nl, en):
        event = vobject.readOne(attachment(message).decode()).vevent
        assert event.dtstart.value == session.starts_at
        assert event.dtstart.value.astimezone(AMSTERDAM).hour == local.hour
        # the same event as in her calendar feed, so her calendar app updates it instead of adding one
        assert event.uid.value == f"session-{session.pk}.{uid_part(session.group.organisation_id)}@kring"


def test_a_second_run_and_a_restart_send_nothing_again(practice, members, smtp):
    now = before(practice.session, 10)
    run_reminders(now=now)

    again = run_reminders(now=now + dt.timedelta(minutes=5))

    assert again == {"queued": 0, "sent": 0, "stale": 0}
    assert len(smtp.messages) == 2
    assert Notice.objects.filter(status=Notice.Status.SENT).count() == 2


def test_the_database_refuses_a_second_notice_for_the_same_session_and_recipient(practice, members):
    run_reminders(now=before(practice.session, 10))
    first = Notice.objects.first()

    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(
            organisation=first.organisation,
            session=first.session,
            client=first.client,
            recipient=first.recipient,
            kind=first.kind,
            language="nl",
            subject="twice",
            body="twice",
            ics=b"",
        )


def test_nothing_before_the_window_and_nothing_for_a_past_session(practice, members, smtp):
    assert run_reminders(now=before(practice.session, 25))["queued"] == 0
    assert run_reminders(now=practice.session.starts_at + dt.timedelta(minutes=1))["queued"] == 0
    assert smtp.messages == []


def test_the_organisation_chooses_when_and_whether(practice, members, smtp):
    config = ReminderSettings.objects.create(organisation=practice.organisation, hours_before=48)
    assert run_reminders(now=before(practice.session, 40))["sent"] == 2

    config.enabled = False
    config.save()
    Notice.objects.all().delete()
    assert run_reminders(now=before(practice.session, 10))["queued"] == 0


def test_a_client_who_opted_out_gets_no_reminder(practice, members, smtp):
    dutch, _english = members
    ReminderOptOut.objects.create(client=dutch)

    run_reminders(now=before(practice.session, 10))

    assert smtp.to("ayse@example.test") == []
    assert len(smtp.to("grace@example.test")) == 1


def test_a_cancelled_session_gets_no_reminder(practice, members, smtp):
    practice.session.status = practice.session.Status.CANCELLED
    practice.session.save()

    assert run_reminders(now=before(practice.session, 10))["queued"] == 0


def test_no_address_and_a_mail_server_that_is_away_fail_with_a_reason(practice, members, settings):
    dutch, english = members
    dutch.email = ""
    dutch.save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens

    result = run_reminders(now=before(practice.session, 10))

    assert result["sent"] == 0
    failed = {n.recipient: n.error for n in Notice.objects.filter(status=Notice.Status.FAILED)}
    assert failed[f"C{dutch.pk}"] == "no e-mail address"
    assert failed[f"C{english.pk}"]  # the connection error, for the outbox page


def test_a_send_cut_off_midway_is_never_repeated_automatically(practice, members, smtp):
    now = before(practice.session, 10)
    run_reminders(now=now)
    Notice.objects.update(status=Notice.Status.SENDING, claimed_at=now)  # as if the worker died

    result = run_reminders(now=now + STALE_SENDING + dt.timedelta(minutes=1))

    assert result == {"queued": 0, "sent": 0, "stale": 2}
    assert len(smtp.messages) == 2
    assert set(Notice.objects.values_list("status", flat=True)) == {Notice.Status.FAILED}


# --- the outbox page ---------------------------------------------------------------------


def test_outbox_shows_sent_queued_and_failed_and_retries(
    client, coordinator, practice, members, settings, smtp
):
    settings.EMAIL_PORT = 9  # the first round fails
    run_reminders(now=before(practice.session, 10))
    failed = Notice.objects.get(client=members[1])
    client.force_login(coordinator)

    page = client.get("/reminders/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-status="failed"' in html
    assert AccessLog.objects.filter(detail__startswith="reminder outbox: clients").exists()

    response = client.post(f"/reminders/{failed.pk}/retry/")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Notice.Status.QUEUED
    settings.EMAIL_PORT = smtp.port
    assert run_reminders(now=before(practice.session, 9))["sent"] == 1
    assert len(smtp.to("grace@example.test")) == 1
    assert 'data-status="sent"' in client.get("/reminders/?status=sent").content.decode()


def test_a_sent_message_cannot_be_retried(client, coordinator, practice, members, smtp):
    run_reminders(now=before(practice.session, 10))
    sent = Notice.objects.first()
    client.force_login(coordinator)

    client.post(f"/reminders/{sent.pk}/retry/")

    sent.refresh_from_db()
    assert sent.status == Notice.Status.SENT
    assert len(smtp.messages) == 2


def test_coordinator_changes_the_settings(client, coordinator, practice):
    client.force_login(coordinator)

    client.post("/reminders/", {"enabled": "on", "hours_before": "6"})
    bad = client.post("/reminders/", {"enabled": "on", "hours_before": "0"})

    config = ReminderSettings.objects.get(organisation=practice.organisation)
    assert config.hours_before == 6
    assert bad.status_code == 200  # the form again, with its error
    assert config.enabled is True


def test_others_do_not_see_the_outbox(client, facilitator, outsider, practice, members):
    run_reminders(now=before(practice.session, 10))
    notice = Notice.objects.first()

    client.force_login(facilitator)
    assert client.get("/reminders/").status_code == 403
    client.force_login(outsider)
    assert "ayse@example.test" not in client.get("/reminders/").content.decode()
    assert client.post(f"/reminders/{notice.pk}/retry/").status_code == 404
    client.logout()
    assert client.get("/reminders/").status_code == 302

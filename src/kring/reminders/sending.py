"""The reminder job: queue a notice for every participant of every session that starts within
her organisation's reminder window, then send queued notices.

Exactly once per session and recipient, however many workers run this at once and however
often they restart:
- a notice row is created at most once (unique constraint on session, recipient, kind;
  `bulk_create(ignore_conflicts=True)` lets the database drop a second worker's copy);
- a worker claims a queued row with one conditional UPDATE (queued -> sending) before it
  talks to the mail server, so only one worker sends it;
- a row left in `sending` (the worker died mid-send, the mail may or may not have left) is
  never sent again automatically: after STALE_SENDING it is shown as failed, for a person
  to retry.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kring.calendars.feeds import sequences_of, session_event, uid_part
from kring.care.models import Client, Enrolment, Group, Session
from kring.interop.ical import build_calendar
from kring.organisations.models import Organisation
from kring.planner.outbox import language_for
from kring.reminders.models import DEFAULT_HOURS_BEFORE, Notice, ReminderOptOut, ReminderSettings

logger = logging.getLogger(__name__)

STALE_SENDING = dt.timedelta(minutes=10)
SEND_BATCH = 200


def reminder_windows() -> dict[int, dt.timedelta]:
    """Organisation id -> how long before a session its reminders go; only those with reminders on."""
    configured = {s.organisation_id: s for s in ReminderSettings.objects.all()}
    windows = {}
    for organisation_id in Organisation.objects.values_list("pk", flat=True):
        config = configured.get(organisation_id)
        if config is None:
            windows[organisation_id] = dt.timedelta(hours=DEFAULT_HOURS_BEFORE)
        elif config.enabled:
            windows[organisation_id] = dt.timedelta(hours=config.hours_before)
    return windows


def recipient_key(client: Client) -> str:
    return f"C{client.pk}"


def build_reminder(session: Session, client: Client, total: int) -> Notice:
    language = language_for(client)
    zone = timezone.get_default_timezone()
    start, end = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
    with translation.override(language):
        values = {
            "programme": session.group.programme.name,
            "date": f"{start:%d-%m-%Y}",
            "time": f"{start:%H:%M}",
        }
        subject = _("Reminder: %(programme)s meeting on %(date)s at %(time)s") % values
        body = "\n\n".join(
            [
                _("Hello %(name)s,") % {"name": client.called_name or client.given_name},
                _("We look forward to seeing you at the next meeting of your group:"),
                f"{start:%d-%m-%Y} {start:%H:%M}–{end:%H:%M}\n"
                f"{session.room.location.name}, {session.room.name}",
                _("The attached calendar file adds the meeting to your agenda."),
            ]
        )
        event = session_event(
            session,
            total=total,
            topics=[],
            for_participant=True,
            uid_part=uid_part(session.group.organisation_id),  # the same event as in her feed
            sequence=sequences_of([session]).get(session.pk, 0),
        )
        ics = build_calendar([event], name=session.group.programme.name, method="PUBLISH")
    return Notice(
        organisation_id=session.group.organisation_id,
        session=session,
        client=client,
        recipient=recipient_key(client),
        kind=Notice.Kind.REMINDER,
        email=client.email,
        language=language,
        subject=subject,
        body=body,
        ics=ics,
    )


def queue_due_reminders(now: dt.datetime | None = None) -> int:
    """Create the notices that are due and not yet there; returns how many were new."""
    now = now or timezone.now()
    windows = reminder_windows()
    if not windows:
        return 0
    longest = max(windows.values())
    sessions = (
        Session.objects.filter(
            status=Session.Status.PLANNED,
            starts_at__gt=now,
            starts_at__lte=now + longest,
            group__organisation_id__in=windows,
        )
        .exclude(group__status=Group.Status.CANCELLED)
        .select_related("group__programme", "room__location")
    )
    opted_out = set(ReminderOptOut.objects.values_list("client_id", flat=True))
    notices: list[Notice] = []
    for session in sessions:
        if session.starts_at > now + windows[session.group.organisation_id]:
            continue
        done = set(
            Notice.objects.filter(session=session, kind=Notice.Kind.REMINDER).values_list(
                "recipient", flat=True
            )
        )
        members = Client.objects.filter(
            enrolments__group=session.group, enrolments__status=Enrolment.Status.ACTIVE
        ).exclude(pk__in=opted_out)
        total = session.group.sessions.count()
        notices.extend(
            build_reminder(session, client, total) for client in members if recipient_key(client) not in done
        )
    created = Notice.objects.bulk_create(notices, ignore_conflicts=True)
    return len(created)


def fail_stale_sends(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    return Notice.objects.filter(status=Notice.Status.SENDING, claimed_at__lt=now - STALE_SENDING).update(
        status=Notice.Status.FAILED,
        error="the worker stopped while sending: check with the recipient before retrying",
    )


def claim(notice_id: int) -> bool:
    """Take a queued notice for this worker; False when another worker was first."""
    return bool(
        Notice.objects.filter(pk=notice_id, status=Notice.Status.QUEUED).update(
            status=Notice.Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
        )
    )


def deliver(notice: Notice) -> None:
    """Send one claimed notice and record the outcome."""
    if not notice.email:
        notice.status, notice.error = Notice.Status.FAILED, "no e-mail address"
        notice.save(update_fields=["status", "error"])
        return
    email = EmailMessage(notice.subject, notice.body, settings.DEFAULT_FROM_EMAIL, to=[notice.email])
    email.attach("kring.ics", bytes(notice.ics), "text/calendar; charset=utf-8")
    try:
        email.send()
    except Exception as error:  # the mail server refused or is away: failed, retry from the outbox
        logger.warning("notice %s not sent: %s", notice.pk, error)
        notice.status, notice.error = Notice.Status.FAILED, str(error)[:300]
        notice.save(update_fields=["status", "error"])
        return
    notice.status, notice.sent_at, notice.error = Notice.Status.SENT, timezone.now(), ""
    notice.save(update_fields=["status", "sent_at", "error"])


def send_queued(limit: int = SEND_BATCH) -> int:
    """Send up to `limit` queued notices, each claimed first; returns how many went out."""
    sent = 0
    for notice_id in (
        Notice.objects.filter(status=Notice.Status.QUEUED).order_by("pk").values_list("pk", flat=True)[:limit]
    ):
        if not claim(notice_id):
            continue
        notice = Notice.objects.get(pk=notice_id)
        deliver(notice)
        sent += notice.status == Notice.Status.SENT
    return sent


def retry(notice: Notice) -> bool:
    """Put a failed notice back in the queue (the worker sends it); False if it was not failed."""
    return bool(
        Notice.objects.filter(pk=notice.pk, status=Notice.Status.FAILED).update(
            status=Notice.Status.QUEUED, error=""
        )
    )


def run_reminders(now: dt.datetime | None = None) -> dict[str, int]:
    failed = fail_stale_sends(now)
    queued = queue_due_reminders(now)
    sent = send_queued()
    return {"queued": queued, "sent": sent, "stale": failed}

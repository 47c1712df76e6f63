"""The session day: who is in the group, attendance, topics, notes, referrals, closing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.care.models import Client, Enrolment, Session
from kring.records.errors import RecordError
from kring.records.models import Attendance, FollowUp, PrivateNote, Referral, SessionRecord

MISSED = (Attendance.Status.ABSENT, Attendance.Status.EXCUSED)


def session_members(session: Session):
    """The clients who were members of the group on the session's day, by name."""
    enrolled = Enrolment.objects.filter(group_id=session.group_id, joined_on__lte=session.date).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=session.date)
    )
    return (
        Client.objects.filter(pk__in=enrolled.values("client_id"))
        .select_related("programme")
        .order_by(Coalesce(NullIf("called_name", Value("")), "given_name"), "family_name", "pk")
    )


def record_for(session: Session) -> SessionRecord:
    record, _created = SessionRecord.objects.get_or_create(session=session)
    return record


def ensure_open(session: Session) -> SessionRecord:
    record = record_for(session)
    if record.is_closed:
        raise RecordError(
            _("This session is closed; nothing can be changed any more."), code="session_closed"
        )
    return record


def ensure_member(session: Session, client: Client) -> None:
    if not session_members(session).filter(pk=client.pk).exists():
        raise RecordError(_("This participant is not a member of this group."), code="not_a_member")


def programme_topics(session: Session) -> list[tuple[str, dict]]:
    """(code, topic) pairs from the programme's plan for this session number."""
    plan = session.group.programme.sessions.filter(number=session.number).first()
    topics = []
    for index, topic in enumerate(plan.topics if plan else []):
        if isinstance(topic, dict):
            code = str(topic.get("code") or topic.get("id") or index)
            topics.append((code, topic))
        else:
            topics.append((str(topic), {"code": str(topic), "en": str(topic), "nl": str(topic)}))
    return topics


def topic_label(topic: dict, language: str) -> str:
    for key in (language, "nl", "en", "name", "title", "label"):
        value = topic.get(key)
        if isinstance(value, str) and value:
            return value
        if isinstance(value, dict):  # {"name": {"nl": ..., "en": ...}}
            for lang in (language, "nl", "en"):
                if value.get(lang):
                    return str(value[lang])
    return str(topic.get("code", ""))


@transaction.atomic
def record_attendance(
    session: Session, client: Client, status: str, *, partner_present: bool = False, by
) -> Attendance:
    """Present, late, absent or excused, and whether a partner came."""
    ensure_open(session)
    ensure_member(session, client)
    if status not in Attendance.Status.values:
        raise RecordError(_("Unknown attendance status."), code="bad_status")
    if status in MISSED and partner_present:
        raise RecordError(
            _("A partner cannot come without the participant."), code="partner_without_participant"
        )
    attendance, _created = Attendance.objects.update_or_create(
        session=session,
        client=client,
        defaults={"status": status, "partner_present": partner_present, "recorded_by": by},
    )
    return attendance


@transaction.atomic
def record_topics(session: Session, codes: Iterable[str], *, by) -> SessionRecord:
    """The topics covered, from the programme's list for this session."""
    record = ensure_open(session)
    known = [code for code, _topic in programme_topics(session)]
    chosen = list(dict.fromkeys(str(code) for code in codes))
    unknown = [code for code in chosen if code not in known]
    if unknown:
        raise RecordError(_("Unknown topic for this session."), code="unknown_topic")
    record.topics_covered = [code for code in known if code in chosen]
    record.save(update_fields=["topics_covered"])
    return record


@transaction.atomic
def add_private_note(session: Session, client: Client, text: str, *, by) -> PrivateNote:
    ensure_member(session, client)
    text = (text or "").strip()
    if not text:
        raise RecordError(_("An empty note cannot be saved."), code="empty_note")
    if len(text) > 4000:
        raise RecordError(_("A note can be at most 4000 characters."), code="note_too_long")
    return PrivateNote.objects.create(session=session, client=client, text=text, author=by)


@transaction.atomic
def refer_client(
    client: Client,
    *,
    destination: str,
    reason: str,
    referred_on: dt.date | None = None,
    session: Session | None = None,
    by,
) -> Referral:
    """Record a referral to secondary care. The membership of the group stays as it is."""
    if session is not None:
        ensure_member(session, client)
    if destination not in Referral.Destination.values:
        raise RecordError(_("Choose where the participant is referred to."), code="bad_destination")
    reason = (reason or "").strip()
    if not reason:
        raise RecordError(_("Give the reason for the referral."), code="reason_required")
    today = timezone.localdate()
    referred_on = referred_on or today
    if referred_on > today:
        raise RecordError(_("A referral cannot be dated in the future."), code="future_date")
    return Referral.objects.create(
        client=client,
        session=session,
        destination=destination,
        reason=reason[:2000],
        referred_on=referred_on,
        referred_by=by,
    )


@transaction.atomic
def has_started(session: Session, *, today: dt.date | None = None) -> bool:
    """Whether the session's day has come (Europe/Amsterdam). A session is closed at its end,
    which may run a little early or late, so the day is the boundary, not the minute."""
    return session.date <= (today or timezone.localdate())


def close_session(session: Session, *, by) -> list[FollowUp]:
    """Close the session: members not marked are absent, and every missed session becomes a
    follow-up (an individual visit to plan) on the coordinator's list."""
    if not has_started(session):
        # Closing marks everyone unmarked absent and creates follow-ups: before the session
        # has begun that would invent missed sessions.
        raise RecordError(
            _("This session is on a later day; you can close it on the day it is held."),
            code="session_not_started",
        )
    record = ensure_open(session)
    # Lock the record so two facilitators closing at once create each follow-up once.
    record = SessionRecord.objects.select_for_update().get(pk=record.pk)
    if record.is_closed:
        raise RecordError(
            _("This session is closed; nothing can be changed any more."), code="session_closed"
        )
    members = list(session_members(session))
    marked = set(Attendance.objects.filter(session=session).values_list("client_id", flat=True))
    Attendance.objects.bulk_create(
        [
            Attendance(session=session, client=client, status=Attendance.Status.ABSENT, recorded_by=by)
            for client in members
            if client.pk not in marked
        ]
    )
    missed = Attendance.objects.filter(session=session, status__in=MISSED).values_list("client_id", flat=True)
    follow_ups = [
        FollowUp.objects.get_or_create(client_id=client_id, session=session)[0] for client_id in missed
    ]
    record.closed_at = timezone.now()
    record.closed_by = by
    record.save(update_fields=["closed_at", "closed_by"])
    Session.objects.filter(pk=session.pk).update(status=Session.Status.HELD)
    session.status = Session.Status.HELD
    return follow_ups


@transaction.atomic
def update_follow_up(follow_up: FollowUp, *, status: str, planned_for: dt.datetime | None = None) -> FollowUp:
    if status not in FollowUp.Status.values:
        raise RecordError(_("Unknown status."), code="bad_status")
    if status == FollowUp.Status.PLANNED and planned_for is None:
        raise RecordError(_("Give the date and time of the visit."), code="planned_for_required")
    follow_up.status = status
    follow_up.planned_for = planned_for if status == FollowUp.Status.PLANNED else follow_up.planned_for
    follow_up.save(update_fields=["status", "planned_for", "updated_at"])
    return follow_up

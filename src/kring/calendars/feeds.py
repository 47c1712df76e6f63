"""Which sessions a feed shows and how they read in a calendar program.

Only sessions of published groups appear: a plan under review never reaches anyone's
calendar. Cancelled sessions stay in the feed marked CANCELLED so calendars remove them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kring.calendars.models import CalendarIdentity, EventSequence, FeedToken
from kring.care.models import Client, Enrolment, Group, ProgrammeSession, Session
from kring.interop.ical import CalendarEvent, build_calendar
from kring.organisations.models import Person, Room

_KIND_OF = {
    Person: FeedToken.Kind.PERSON,
    Room: FeedToken.Kind.ROOM,
    Group: FeedToken.Kind.GROUP,
    Client: FeedToken.Kind.CLIENT,
}
_VISIBLE_GROUP_STATUSES = (
    Group.Status.PUBLISHED,
    Group.Status.RUNNING,
    Group.Status.FINISHED,
    Group.Status.CANCELLED,
)
_MEMBER_STATUSES = (Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED)


def _organisation_id(subject) -> int:
    if isinstance(subject, Room):
        return subject.location.organisation_id
    return subject.organisation_id


def _subject_filter(subject) -> dict:
    return {_KIND_OF[type(subject)]: subject}


def active_token_for(subject, *, created_by=None) -> FeedToken:
    """The subject's current feed link, issued on first use."""
    kind = _KIND_OF[type(subject)]
    with transaction.atomic():
        token = FeedToken.objects.filter(
            kind=kind, revoked_at__isnull=True, **_subject_filter(subject)
        ).first()
        if token is None:
            token = FeedToken.objects.create(
                organisation_id=_organisation_id(subject),
                kind=kind,
                created_by=created_by,
                **_subject_filter(subject),
            )
    return token


def revoke_tokens(subject) -> int:
    """Revoke every active link of the subject; old URLs answer 404 from now on."""
    kind = _KIND_OF[type(subject)]
    return FeedToken.objects.filter(kind=kind, revoked_at__isnull=True, **_subject_filter(subject)).update(
        revoked_at=timezone.now()
    )


def renew_token(subject, *, created_by=None) -> FeedToken:
    """Revoke the current link and issue a new one (for a link that was shared too widely)."""
    with transaction.atomic():
        revoke_tokens(subject)
        return active_token_for(subject, created_by=created_by)


def find_active_token(secret: str) -> FeedToken | None:
    return (
        FeedToken.objects.filter(token=secret, revoked_at__isnull=True)
        .select_related("organisation", "person", "room", "group", "client")
        .first()
    )


def sessions_in_feed(token: FeedToken) -> QuerySet[Session]:
    sessions = Session.objects.filter(
        group__organisation_id=token.organisation_id, group__status__in=_VISIBLE_GROUP_STATUSES
    )
    if token.kind == FeedToken.Kind.PERSON:
        sessions = sessions.filter(Q(lead=token.person_id) | Q(co=token.person_id))
    elif token.kind == FeedToken.Kind.ROOM:
        sessions = sessions.filter(room=token.room_id)
    elif token.kind == FeedToken.Kind.GROUP:
        sessions = sessions.filter(group=token.group_id)
    else:
        groups = Enrolment.objects.filter(client=token.client_id, status__in=_MEMBER_STATUSES).values("group")
        sessions = sessions.filter(group__in=groups)
    return sessions.select_related(
        "group", "group__programme", "group__location", "room", "room__location", "lead", "co"
    ).order_by("starts_at")


def feed_language(token: FeedToken) -> str:
    """Participants get their own language where Kring has it; staff feeds are in Dutch."""
    if token.kind == FeedToken.Kind.CLIENT:
        languages = token.client.languages or []
        if "nl" not in languages and "en" in languages:
            return "en"
    return "nl"


def _topics(session: Session, plans: dict[tuple[int, int], ProgrammeSession], language: str) -> list[str]:
    plan = plans.get((session.group.programme_id, session.number))
    topics = []
    for topic in plan.topics if plan else []:
        if isinstance(topic, dict):
            topics.append(topic.get(language) or topic.get("nl") or "")
        else:
            topics.append(str(topic))
    return [t for t in topics if t]


def _place(session: Session) -> str:
    location = session.room.location
    parts = [location.name, session.room.name]
    address = " ".join(p for p in (location.street, location.postcode, location.city) if p)
    return ", ".join(p for p in [*parts, address] if p)


def uid_part(organisation_id: int) -> str:
    """The organisation's random part of calendar UIDs, made on first use."""
    identity, _created = CalendarIdentity.objects.get_or_create(organisation_id=organisation_id)
    return identity.uid_part


def event_uid(session: Session, part: str) -> str:
    return f"session-{session.pk}.{part}@kring"


def feed_uid(token: FeedToken, part: str) -> str:
    """One UID per feed subject: the same on every download, and after the link is renewed."""
    return f"feed-{token.kind}-{token.subject.pk}.{part}@kring"


def sequences_of(sessions: Iterable[Session]) -> dict[int, int]:
    ids = [s.pk for s in sessions]
    return dict(EventSequence.objects.filter(session_id__in=ids).values_list("session_id", "sequence"))


def bump_sequences(session_ids: Iterable[int]) -> None:
    """A session's entry changed (moved, cancelled): its SEQUENCE goes up by one."""
    ids = sorted(set(session_ids))
    if not ids:
        return
    EventSequence.objects.filter(session_id__in=ids).update(sequence=F("sequence") + 1)
    known = set(EventSequence.objects.filter(session_id__in=ids).values_list("session_id", flat=True))
    EventSequence.objects.bulk_create(
        EventSequence(session_id=pk, sequence=1) for pk in ids if pk not in known
    )


def session_event(
    session: Session,
    *,
    total: int,
    topics: list[str],
    for_participant: bool,
    uid_part: str,
    sequence: int = 0,
) -> CalendarEvent:
    """One session as a calendar entry. Participant entries name no other people."""
    group = session.group
    summary = _("%(programme)s · session %(number)s of %(total)s") % {
        "programme": group.programme.name,
        "number": session.number,
        "total": total,
    }
    lines = (
        []
        if for_participant
        else [group.name, _("Lead: %(lead)s · co: %(co)s") % {"lead": session.lead, "co": session.co}]
    )
    if topics:
        lines.append(_("Topics: %(topics)s") % {"topics": "; ".join(topics)})
    cancelled = session.status == Session.Status.CANCELLED or group.status == Group.Status.CANCELLED
    return CalendarEvent(
        uid=event_uid(session, uid_part),
        start=session.starts_at,
        end=session.ends_at,
        summary=summary if for_participant else f"{group.name} · {summary}",
        location=_place(session),
        description="\n".join(lines),
        cancelled=cancelled,
        sequence=sequence,
    )


def feed_calendar(token: FeedToken) -> bytes:
    """The whole feed of a token as an iCalendar document."""
    language = feed_language(token)
    sessions = list(sessions_in_feed(token))
    programme_ids = {s.group.programme_id for s in sessions}
    plans = {
        (p.programme_id, p.number): p for p in ProgrammeSession.objects.filter(programme_id__in=programme_ids)
    }
    totals = {pid: sum(1 for key in plans if key[0] == pid) for pid in programme_ids}
    part = uid_part(token.organisation_id)
    sequences = sequences_of(sessions)
    with translation.override(language):
        events = [
            session_event(
                s,
                total=totals.get(s.group.programme_id) or s.number,
                topics=_topics(s, plans, language),
                for_participant=token.kind == FeedToken.Kind.CLIENT,
                uid_part=part,
                sequence=sequences.get(s.pk, 0),
            )
            for s in sessions
        ]
        name = feed_title(token)
    return build_calendar(events, name=name, method="PUBLISH", uid=feed_uid(token, part))


def feed_title(token: FeedToken) -> str:
    subject = token.subject
    if token.kind == FeedToken.Kind.CLIENT:
        return _("My Centering sessions")
    return f"Kring · {subject}"

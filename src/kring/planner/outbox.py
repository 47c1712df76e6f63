"""Invitations and change notices after publishing, each in the participant's language with
an ICS attachment (kring.interop.ical), sent through Django's e-mail backend."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.calendars.feeds import sequences_of, session_event, uid_part
from kring.care.models import Client, Group, Session
from kring.care.partners import partner_session_numbers
from kring.interop.ical import build_calendar
from kring.planner.models import OutboxMessage, PlanVersion

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def language_for(client: Client) -> str:
    """The first of her languages we write in; English when we write none of them."""
    for code in client.languages or []:
        if code in SUPPORTED:
            return code
    return "en" if "en" in SUPPORTED else settings.LANGUAGE_CODE


def _ics(sessions: list[Session], total: int, *, method: str, name: str) -> bytes:
    """The sessions as calendar entries with the same UID and SEQUENCE as in the feeds."""
    part = uid_part(sessions[0].group.organisation_id) if sessions else ""
    sequences = sequences_of(sessions)
    events = [
        session_event(
            s, total=total, topics=[], for_participant=True, uid_part=part, sequence=sequences.get(s.pk, 0)
        )
        for s in sessions
    ]
    return build_calendar(events, name=name, method=method)


def _lines(sessions: list[Session]) -> str:
    zone = timezone.get_default_timezone()
    return "\n".join(
        f"- {s.number}: {s.starts_at.astimezone(zone):%d-%m-%Y %H:%M}–{s.ends_at.astimezone(zone):%H:%M}, "
        f"{s.room.location.name}, {s.room.name}"
        for s in sessions
    )


def _partner_line(group: Group, sessions: list[Session]) -> str:
    """In the active language: which of these meetings her partner is welcome at (CZ 5, 7, 10)."""
    partner = partner_session_numbers(group.programme)
    numbers = [str(s.number) for s in sessions if s.number in partner]
    if not numbers:
        return ""
    return ngettext(
        "Your partner is welcome too at meeting %(numbers)s.",
        "Your partner is welcome too at meetings %(numbers)s.",
        len(numbers),
    ) % {"numbers": ", ".join(numbers)}


def _message(
    version: PlanVersion, client: Client, group: Group, kind: str, sessions: list[Session]
) -> OutboxMessage:
    language = language_for(client)
    total = group.sessions.count()
    with translation.override(language):
        name = client.called_name or client.given_name
        if kind == "invite":
            subject = _("Invitation: %(programme)s group from %(date)s") % {
                "programme": group.programme.name,
                "date": f"{sessions[0].date:%d-%m-%Y}",
            }
            intro = _("Hello %(name)s, you are welcome in our group. These are the meetings:") % {
                "name": name
            }
            method = "REQUEST"
        elif kind == "change":
            subject = _("Change in your %(programme)s group") % {"programme": group.programme.name}
            intro = _("Hello %(name)s, these meetings of your group have changed:") % {"name": name}
            method = "REQUEST"
        else:
            subject = _("Your %(programme)s group is cancelled") % {"programme": group.programme.name}
            intro = _("Hello %(name)s, unfortunately your group does not go ahead. We will contact you.") % {
                "name": name
            }
            method = "CANCEL"
        paragraphs = [intro, _lines(sessions)]
        if kind != "cancel" and (partner_line := _partner_line(group, sessions)):
            paragraphs.append(partner_line)
        paragraphs.append(_("The attached calendar file adds the meetings to your agenda."))
        body = "\n\n".join(paragraphs)
        ics = _ics(sessions, total, method=method, name=group.programme.name)
    return OutboxMessage(
        organisation=version.organisation,
        version=version,
        client=client,
        recipient=client.email,
        recipient_name=client.display_name,
        language=language,
        kind=kind,
        subject=subject,
        body=body,
        ics=ics,
    )


def _facilitator_notices(version: PlanVersion, group: Group, session_ids: set[int]) -> list[OutboxMessage]:
    """The change notice for the lead and co of the changed sessions and of the group itself."""
    sessions = list(
        Session.objects.filter(pk__in=session_ids)
        .select_related("room__location", "lead", "co")
        .order_by("number")
    )
    people = {p.pk: p for s in sessions for p in (s.lead, s.co)} | {
        group.lead_id: group.lead,
        group.co_id: group.co,
    }
    total = group.sessions.count()
    part, sequences = uid_part(group.organisation_id), sequences_of(sessions)  # as in the feeds
    notices = []
    for person in people.values():
        language = next(
            (code for code in person.languages or [] if code in SUPPORTED), settings.LANGUAGE_CODE
        )
        with translation.override(language):
            subject = _("Change in the group %(group)s") % {"group": group.name}
            intro = _("Hello %(name)s, these meetings of a group you facilitate have changed:") % {
                "name": person.given_name
            }
            events = [
                session_event(
                    s,
                    total=total,
                    topics=[],
                    for_participant=False,
                    uid_part=part,
                    sequence=sequences.get(s.pk, 0),
                )
                for s in sessions
            ]
            ics = build_calendar(events, name=group.name, method="REQUEST")
        notices.append(
            OutboxMessage(
                organisation=version.organisation,
                version=version,
                recipient=person.email,
                recipient_name=str(person),
                language=language,
                kind="change",
                subject=subject,
                body="\n\n".join([intro, _lines(sessions)]),
                ics=ics,
            )
        )
    return notices


def queue_messages(version: PlanVersion, touched: dict[str, dict]) -> list[OutboxMessage]:
    messages: list[OutboxMessage] = []
    for group_pk, client_ids in touched["invite"].items():
        group = Group.objects.select_related("programme").get(pk=group_pk)
        sessions = list(
            group.sessions.exclude(status=Session.Status.CANCELLED)
            .select_related("room__location")
            .order_by("number")
        )
        for client in Client.objects.filter(pk__in=client_ids):
            messages.append(_message(version, client, group, "invite", sessions))
    for group_pk, per_client in touched["change"].items():
        group = Group.objects.select_related("programme").get(pk=group_pk)
        for client in Client.objects.filter(pk__in=per_client):
            if client.pk in touched["invite"].get(group_pk, []):
                continue
            sessions = list(
                Session.objects.filter(pk__in=per_client[client.pk])
                .select_related("room__location")
                .order_by("number")
            )
            messages.append(_message(version, client, group, "change", sessions))
        changed = {pk for session_ids in per_client.values() for pk in session_ids}
        messages.extend(_facilitator_notices(version, group, changed))
    for group_pk, client_ids in touched["cancel"].items():
        group = Group.objects.select_related("programme").get(pk=group_pk)
        sessions = list(
            group.sessions.filter(date__gte=timezone.localdate())
            .select_related("room__location")
            .order_by("number")
        )
        for client in Client.objects.filter(pk__in=client_ids):
            if sessions:
                messages.append(_message(version, client, group, "cancel", sessions))
    return OutboxMessage.objects.bulk_create(messages)


def send_pending(organisation, *, version: PlanVersion | None = None) -> int:
    """Send every pending message (with an address) once; returns how many went out."""
    pending = OutboxMessage.objects.filter(organisation=organisation, status=OutboxMessage.Status.PENDING)
    if version is not None:
        pending = pending.filter(version=version)
    sent = 0
    for message in pending:
        if not message.recipient:
            message.status, message.error = OutboxMessage.Status.FAILED, "no e-mail address"
            message.save(update_fields=["status", "error"])
            continue
        email = EmailMessage(message.subject, message.body, to=[message.recipient])
        email.attach("kring.ics", bytes(message.ics), "text/calendar; charset=utf-8")
        try:
            email.send()
        except Exception as error:  # the next attempt tries again
            message.error = str(error)[:300]
            message.save(update_fields=["error"])
            continue
        message.status, message.sent_at = OutboxMessage.Status.SENT, timezone.now()
        message.save(update_fields=["status", "sent_at"])
        sent += 1
    return sent

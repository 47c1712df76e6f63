"""Calendar feeds at secret links, the page that hands those links out, and the printable
group schedule for the participants' booklet."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kring.audit.log import client_ip, log_access, record_access
from kring.calendars.feeds import (
    active_token_for,
    feed_calendar,
    find_active_token,
    renew_token,
    revoke_tokens,
)
from kring.calendars.models import FeedToken
from kring.care.access import can_edit_client, get_client_for_user, get_group_for_user, groups_for_user
from kring.care.models import Group, ProgrammeSession
from kring.organisations.access import get_person_for_user, get_room_for_user, people_for_user, rooms_for_user
from kring.web.membership import member_required

FEED_PATH_FOR_LOG = "/calendars/feed/…"  # the secret itself never goes into the log


@require_GET
def feed(request, secret: str):
    """The iCalendar feed itself: no login, the unguessable link is the key."""
    token = find_active_token(secret)
    if token is None:
        raise Http404
    if token.kind == FeedToken.Kind.CLIENT:
        # A participant's dates are part of her record: the fetch is logged like any view.
        record_access(
            user=None,
            action="view",
            client=token.client,
            role="participant (calendar link)",
            ip_address=client_ip(request),
            path=FEED_PATH_FOR_LOG,
            detail="calendar feed",
        )
    response = HttpResponse(feed_calendar(token), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kring.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@member_required
def links(request):
    """Feed links: a coordinator sees every facilitator, room and group; others their own."""
    membership = request.membership
    organisation = membership.organisation
    if membership.is_coordinator:
        people = (
            people_for_user(request.user, organisation)
            .filter(is_active=True)
            .order_by("family_name", "given_name")
        )
        rooms = rooms_for_user(request.user, organisation).select_related("location")
        groups = (
            groups_for_user(request.user, organisation)
            .exclude(status__in=[Group.Status.PLANNED, Group.Status.CANCELLED])
            .order_by("name")
        )
    else:
        people = [membership.person] if membership.person is not None else []
        rooms, groups = [], []
    rows = [(FeedToken.Kind.PERSON, p) for p in people]
    rows += [(FeedToken.Kind.ROOM, r) for r in rooms]
    rows += [(FeedToken.Kind.GROUP, g) for g in groups]
    entries = [
        {
            "kind": kind,
            "subject": subject,
            "url": request.build_absolute_uri(_feed_path(subject, request.user)),
        }
        for kind, subject in rows
    ]
    return TemplateResponse(request, "calendars/links.html", {"section": "calendars", "entries": entries})


def _feed_path(subject, user) -> str:
    return reverse("calendars:feed", args=[active_token_for(subject, created_by=user).token])


def _subject_for_change(request, kind: str, pk: int):
    """The subject whose link may be renewed or revoked by this user, or 404/403."""
    membership = request.membership
    organisation = membership.organisation
    if kind == FeedToken.Kind.PERSON:
        person = get_person_for_user(request.user, pk, organisation)
        if not (membership.is_coordinator or person == membership.person):
            raise PermissionDenied
        return person
    if kind == FeedToken.Kind.CLIENT:
        client = get_client_for_user(request.user, pk, organisation)
        if not can_edit_client(request.user, client):
            raise PermissionDenied
        return client
    if not membership.is_coordinator:
        raise PermissionDenied
    if kind == FeedToken.Kind.ROOM:
        return get_room_for_user(request.user, pk, organisation)
    if kind == FeedToken.Kind.GROUP:
        return get_group_for_user(request.user, pk, organisation)
    raise Http404


@require_POST
@member_required
def change_link(request, kind: str, pk: int, action: str):
    if action not in ("renew", "revoke"):
        raise Http404
    subject = _subject_for_change(request, kind, pk)
    if action == "renew":
        renew_token(subject, created_by=request.user)
        messages.success(request, _("A new link was made; the old one no longer works."))
    else:
        revoke_tokens(subject)
        messages.success(request, _("The link was revoked; it no longer works."))
    if kind == FeedToken.Kind.CLIENT:
        log_access(request, subject, "change", detail=f"calendar link {action}")
        return redirect("calendars:client_link", pk=pk)
    return redirect("calendars:links")


@member_required
def client_link(request, pk: int):
    """A participant's own calendar link, to hand to her (by e-mail or on paper)."""
    client = get_client_for_user(request.user, pk, request.membership.organisation)
    log_access(request, client, "view", detail="calendar link")
    token = FeedToken.objects.filter(
        kind=FeedToken.Kind.CLIENT, client=client, revoked_at__isnull=True
    ).first()
    url = None
    if token is not None:
        url = request.build_absolute_uri(reverse("calendars:feed", args=[token.token]))
    return TemplateResponse(
        request,
        "calendars/client_link.html",
        {
            "section": "clients",
            "client": client,
            "url": url,
            "can_change": can_edit_client(request.user, client),
        },
    )


@member_required
def group_schedule(request, pk: int):
    """The group's dates, times, rooms, facilitators and topics, laid out for printing."""
    group = get_group_for_user(request.user, pk, request.membership.organisation)
    sessions = list(group.sessions.select_related("room", "room__location", "lead", "co").order_by("number"))
    plans = {p.number: p for p in ProgrammeSession.objects.filter(programme=group.programme_id)}
    language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("nl", "en") else "nl"
    rows = []
    for session in sessions:
        plan = plans.get(session.number)
        topics = [
            (t.get(language) or t.get("nl", "")) if isinstance(t, dict) else str(t)
            for t in (plan.topics if plan else [])
        ]
        rows.append({"session": session, "plan": plan, "topics": topics})
    return TemplateResponse(
        request, "calendars/group_schedule.html", {"section": "groups", "group": group, "rows": rows}
    )

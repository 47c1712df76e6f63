"""The session-day page for the two facilitators, built for a tablet."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.audit.log import log_access
from kring.audit.models import AccessLog
from kring.care.interpreters import interpreter_of
from kring.care.partners import partner_session_numbers
from kring.records import access, checklists
from kring.records import measurements as rules
from kring.records.errors import RecordError
from kring.records.forms import AttendanceForm, CoCheckForm, CzCheckForm, NoteForm, ReferralForm
from kring.records.models import (
    Attendance,
    FidelitySelfCheck,
    Measurement,
    PrivateNote,
    ProfessionalCheck,
    SessionLink,
)
from kring.records.services import fidelity, measuring, pathway
from kring.records.services import session_day as sd
from kring.records.services.alerts import recent_severe, severe_in_session
from kring.records.services.photos import with_photo
from kring.records.views.common import (
    can_close,
    get_client,
    get_session,
    is_professional,
    kiosk_locked,
    report,
    require_care_role,
    require_professional,
)
from kring.web.membership import member_required


def _members_shown(request, session, members) -> None:
    log_access(
        request,
        None,
        AccessLog.Action.SEARCH,
        detail=f"session {session.pk}: clients {','.join(str(c.pk) for c in members) or 'none'}",
        organisation=request.membership.organisation,
    )


@member_required
@kiosk_locked
def today(request):
    """The facilitator's start of the day: today's sessions, theirs first."""
    require_care_role(request)
    sessions = list(
        access.sessions_for_user(request.user, request.membership.organisation)
        .filter(date=timezone.localdate())
        .select_related("group__programme", "record")
        .order_by("starts_at")
    )
    person = request.membership.person
    mine = [s for s in sessions if person and person.pk in (s.lead_id, s.co_id)]
    others = [s for s in sessions if s not in mine]
    ready = []
    if request.membership.is_coordinator:
        ready = list(
            pathway.groups_ready_for_co(access.groups_for_user(request.user, request.membership.organisation))
        )
    context = {
        "section": "sessions",
        "mine": mine,
        "others": others,
        "today": timezone.localdate(),
        "ready_for_co": ready,
        # The midwife (or JGZ professional) sees every severe blood pressure of her clients.
        "severe": recent_severe(access.clients_for_user(request.user, request.membership.organisation))
        if is_professional(request)
        else [],
    }
    if context["severe"]:
        log_access(
            request,
            None,
            AccessLog.Action.SEARCH,
            detail="severe blood pressure: clients " + ",".join(str(r.client.pk) for r in context["severe"]),
            organisation=request.membership.organisation,
        )
    return TemplateResponse(request, "records/today.html", context)


def _member_rows(session, members, severe) -> list[dict]:
    """What the session-day list shows per member (one query per kind, not per member)."""
    attendance = {a.client_id: a for a in Attendance.objects.filter(session=session, client__in=members)}
    flagged = set(
        Measurement.objects.filter(session=session, flagged=True).values_list("client_id", flat=True)
    )
    measured = set(Measurement.objects.filter(session=session).values_list("client_id", flat=True))
    checked = set(ProfessionalCheck.objects.filter(session=session).values_list("client_id", flat=True))
    photos = with_photo(members)
    severe_ids = {reading.client.pk for reading in severe}
    return [
        {
            "client": client,
            "attendance": attendance.get(client.pk),
            "measured": client.pk in measured,
            "flagged": client.pk in flagged,
            "severe": client.pk in severe_ids,
            "checked": client.pk in checked,
            "photo": client.pk in photos,
        }
        for client in members
    ]


@member_required
@kiosk_locked
def session_day(request, pk: int):
    require_care_role(request)
    session = get_session(request, pk)
    record = sd.record_for(session)
    members = list(sd.session_members(session))
    _members_shown(request, session, members)
    language = get_language()
    severe = severe_in_session(session)
    rows = _member_rows(session, members, severe)
    attendance = {row["client"].pk: row["attendance"] for row in rows if row["attendance"]}
    topics = [
        {"code": code, "label": sd.topic_label(topic, language), "covered": code in record.topics_covered}
        for code, topic in sd.programme_topics(session)
    ]
    context = {
        "section": "sessions",
        "session": session,
        "record": record,
        "rows": rows,
        "topics": topics,
        "statuses": Attendance.Status.choices,
        "can_close": can_close(request, session),
        "not_started": not sd.has_started(session),
        "severe": severe,
        "guests": session.guest_invitations.select_related("guest_organisation"),
        "self_check_done": FidelitySelfCheck.objects.filter(session=session, filled_by=request.user).exists(),
        "kickoff": SessionLink.objects.filter(cz_session=session).select_related("co_session__group").first(),
        "kickoff_origin": SessionLink.objects.filter(co_session=session)
        .select_related("cz_session__group")
        .first(),
        "marked": len(attendance),
        "pathway_link": request.membership.is_coordinator and session.group.programme.code == "CZ",
        "interpreter": interpreter_of(session.lead, session.co, session.group.language),
        "partner_session": session.number in partner_session_numbers(session.group.programme),
        "partners_present": sum(1 for a in attendance.values() if a.partner_present),
    }
    return TemplateResponse(request, "records/session_day.html", context)


@require_POST
@member_required
@kiosk_locked
def attendance(request, pk: int, client_pk: int):
    require_care_role(request)
    session = get_session(request, pk)
    client = get_client(request, client_pk)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose present, late, absent or excused."))
    else:
        try:
            sd.record_attendance(
                session,
                client,
                form.cleaned_data["status"],
                partner_present=form.cleaned_data["partner_present"],
                by=request.user,
            )
            log_access(request, client, AccessLog.Action.CHANGE, detail=f"attendance session {session.pk}")
        except RecordError as error:
            report(request, error)
    if request.headers.get("HX-Request"):
        # htmx: only this member's row (and the count) is replaced; no reload, no jump.
        context = {
            "session": session,
            "record": sd.record_for(session),
            "row": _member_rows(session, [client], severe_in_session(session))[0],
            "statuses": Attendance.Status.choices,
            "marked": Attendance.objects.filter(session=session).count(),
            "total": len(list(sd.session_members(session))),
            "swap_count": True,
        }
        return TemplateResponse(request, "records/_member_row.html", context)
    return redirect(f"{_day_url(session)}#member-{client.pk}")


def _day_url(session) -> str:
    return reverse("records:session_day", args=[session.pk])


@require_POST
@member_required
@kiosk_locked
def topics(request, pk: int):
    require_care_role(request)
    session = get_session(request, pk)
    try:
        sd.record_topics(session, request.POST.getlist("topics")[:100], by=request.user)
        messages.success(request, _("Topics saved."))
    except RecordError as error:
        report(request, error)
    return redirect(f"{_day_url(session)}#topics")


@member_required
@kiosk_locked
def participant(request, pk: int, client_pk: int):
    """One participant during the session: check, private notes, referral."""
    require_care_role(request)
    session = get_session(request, pk)
    client = get_client(request, client_pk)
    if not sd.session_members(session).filter(pk=client.pk).exists():
        raise PermissionDenied
    log_access(request, client, AccessLog.Action.VIEW, detail=f"session {session.pk} participant panel")
    code = session.group.programme.code
    check = ProfessionalCheck.objects.filter(session=session, client=client).first()
    values = {m.kind: m for m in Measurement.objects.filter(session=session, client=client)}
    initial = {}
    if check:
        initial = {
            "position": check.position,
            "remarks": check.remarks,
            "vaccination": check.vaccination,
            "vaccination_note": check.vaccination_note,
        }
    for kind in ("fundal_height", "fetal_heart_rate"):
        if kind in values:
            initial[kind] = f"{values[kind].value.normalize():f}"
    check_form = (CzCheckForm if code == "CZ" else CoCheckForm)(initial=initial)
    context = {
        "section": "sessions",
        "session": session,
        "client": client,
        "record": sd.record_for(session),
        "measurements": sorted(values.values(), key=lambda m: list(rules.Kind).index(m.kind)),
        "check_form": check_form,
        "note_form": NoteForm(),
        "referral_form": ReferralForm(),
        "notes": PrivateNote.objects.filter(client=client)
        .select_related("author", "session")
        .order_by("-created_at"),
        "referrals": client.referrals.order_by("-referred_on"),
        "attendance": Attendance.objects.filter(session=session, client=client).first(),
        "is_professional": is_professional(request),
    }
    return TemplateResponse(request, "records/participant.html", context)


def _panel_url(session, client) -> str:
    return reverse("records:participant", args=[session.pk, client.pk])


@require_POST
@member_required
@kiosk_locked
def professional_check(request, pk: int, client_pk: int):
    require_professional(request)
    session = get_session(request, pk)
    client = get_client(request, client_pk)
    form_class = CzCheckForm if session.group.programme.code == "CZ" else CoCheckForm
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_panel_url(session, client))
    try:
        measuring.record_professional_check(session, client, by=request.user, **form.cleaned_data)
        log_access(
            request, client, AccessLog.Action.CHANGE, detail=f"professional check session {session.pk}"
        )
        messages.success(request, _("Check saved."))
        return redirect(f"{_day_url(session)}#member-{client.pk}")
    except RecordError as error:
        report(request, error)
    return redirect(_panel_url(session, client))


@require_POST
@member_required
@kiosk_locked
def note(request, pk: int, client_pk: int):
    require_care_role(request)
    session = get_session(request, pk)
    client = get_client(request, client_pk)
    form = NoteForm(request.POST)
    try:
        if not form.is_valid():
            raise RecordError(_("A note needs text (at most 4000 characters)."), code="bad_note")
        sd.add_private_note(session, client, form.cleaned_data["text"], by=request.user)
        log_access(request, client, AccessLog.Action.CREATE, detail=f"private note session {session.pk}")
        messages.success(request, _("Note saved."))
    except RecordError as error:
        report(request, error)
    return redirect(_panel_url(session, client))


@require_POST
@member_required
@kiosk_locked
def refer(request, pk: int, client_pk: int):
    require_professional(request)
    session = get_session(request, pk)
    client = get_client(request, client_pk)
    form = ReferralForm(request.POST)
    try:
        if not form.is_valid():
            raise RecordError(_("Choose where to and give the reason."), code="bad_referral")
        sd.refer_client(client, session=session, by=request.user, **form.cleaned_data)
        log_access(request, client, AccessLog.Action.CREATE, detail=f"referral session {session.pk}")
        messages.success(request, _("Referral saved. She stays in the group."))
    except RecordError as error:
        report(request, error)
    return redirect(_panel_url(session, client))


@require_POST
@member_required
@kiosk_locked
def close(request, pk: int):
    require_care_role(request)
    session = get_session(request, pk)
    if not can_close(request, session):
        raise PermissionDenied
    try:
        follow_ups = sd.close_session(session, by=request.user)
        for follow_up in follow_ups:
            log_access(
                request, follow_up.client, AccessLog.Action.CREATE, detail=f"follow-up for session {pk}"
            )
        messages.success(
            request,
            ngettext(
                "The session is closed. %(count)s follow-up added to the coordinator's list.",
                "The session is closed. %(count)s follow-ups added to the coordinator's list.",
                len(follow_ups),
            )
            % {"count": len(follow_ups)},
        )
        return redirect("records:self_check", pk=session.pk)
    except RecordError as error:
        report(request, error)
    return redirect(_day_url(session))


@member_required
@kiosk_locked
def self_check(request, pk: int):
    """The one-minute essential-elements self-check after the session."""
    require_care_role(request)
    session = get_session(request, pk)
    checklist = checklists.load()
    existing = FidelitySelfCheck.objects.filter(session=session, filled_by=request.user).first()
    scores = dict(existing.scores) if existing and existing.checklist_version == checklist.version else {}
    errors = False
    if request.method == "POST":
        scores = {item.code: request.POST.get(item.code, "") for item in checklist.items}
        try:
            fidelity.record_self_check(session, scores, by=request.user, version=checklist.version)
            messages.success(request, _("Thank you: the self-check is saved."))
            return redirect("records:session_day", pk=session.pk)
        except RecordError as error:
            report(request, error)
            errors = True
    language = "nl" if get_language().startswith("nl") else "en"
    items = [
        {
            "code": item.code,
            "number": item.number,
            "text": item.text[language],
            "score": str(scores.get(item.code, "")),
        }
        for item in checklist.items
    ]
    scale = [(str(score), checklist.scale_labels[score][language]) for score in checklist.scale]
    context = {
        "section": "sessions",
        "session": session,
        "items": items,
        "scale": scale,
        "errors": errors,
        "title": checklist.title[language],
        "version": checklist.version,
    }
    return TemplateResponse(request, "records/self_check.html", context, status=400 if errors else 200)

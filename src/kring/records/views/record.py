"""The participant record for staff: timeline, charts, birth, outcomes, personal links."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kring.audit.log import log_access
from kring.audit.models import AccessLog
from kring.care.models import Session
from kring.records.chart_data import participant_charts
from kring.records.errors import RecordError
from kring.records.forms import BirthForm, LinkForm, OutcomeForm
from kring.records.measurements import Kind
from kring.records.models import Attendance, Measurement, ParticipantLink, ParticipantPhoto
from kring.records.models.photo import PHOTO_MAX_BYTES
from kring.records.services.outcomes import record_outcome, register_birth
from kring.records.services.participant_links import create_participant_link, revoke_participant_link
from kring.records.services.photos import remove_photo, set_photo
from kring.records.views.common import get_client, is_professional, kiosk_locked, report, require_care_role
from kring.web.membership import member_required

KIND_ORDER = {kind.value: index for index, kind in enumerate(Kind)}  # systolic before diastolic


def timeline(client) -> list[dict]:
    """Every session of her groups, with her attendance and the values measured there."""
    sessions = (
        Session.objects.filter(group__enrolments__client=client)
        .select_related("group", "group__programme")
        .distinct()
        .order_by("starts_at")
    )
    attendance = {a.session_id: a for a in Attendance.objects.filter(client=client)}
    by_session: dict[int | None, list[Measurement]] = {}
    for m in sorted(
        Measurement.objects.filter(client=client), key=lambda m: (m.measured_at, KIND_ORDER[m.kind])
    ):
        by_session.setdefault(m.session_id, []).append(m)
    return [
        {"session": s, "attendance": attendance.get(s.pk), "measurements": by_session.get(s.pk, [])}
        for s in sessions
    ]


def _can_edit(request) -> bool:
    return request.membership.is_coordinator or is_professional(request)


@member_required
@kiosk_locked
def record(request, pk: int):
    require_care_role(request)
    client = get_client(request, pk)
    log_access(request, client, AccessLog.Action.VIEW, detail="participant record")
    measurements = Measurement.objects.filter(client=client).select_related("session")
    birth = getattr(client, "birth", None)
    outcome = getattr(client, "outcome", None)
    context = {
        "section": "clients",
        "client": client,
        "timeline": timeline(client),
        "charts": participant_charts(client, measurements),
        "birth": birth,
        "outcome": outcome,
        "birth_form": BirthForm(
            initial={
                "born_on": birth.born_on,
                "birth_weight_g": birth.birth_weight_g,
                "breastfeeding_started": birth.breastfeeding_started,
            }
            if birth
            else None
        ),
        "outcome_form": OutcomeForm(
            initial={f: getattr(outcome, f) for f in OutcomeForm.base_fields} if outcome else None,
            programme_code=client.programme.code,
        ),
        "link_form": LinkForm(initial={"language": (client.languages or ["nl"])[0]}),
        "links": client.participant_links.filter(revoked_at__isnull=True),
        "referrals": client.referrals.order_by("-referred_on"),
        "can_edit": _can_edit(request),
        "new_link": request.session.pop("records_new_link", None),
        "has_photo": ParticipantPhoto.objects.filter(client=client).exists(),
    }
    return TemplateResponse(request, "records/record.html", context)


def _back(client) -> str:
    return reverse("records:record", args=[client.pk])


@require_POST
@member_required
@kiosk_locked
def birth(request, pk: int):
    require_care_role(request)
    client = get_client(request, pk)
    if not _can_edit(request):
        return redirect(_back(client))
    form = BirthForm(request.POST)
    try:
        if not form.is_valid():
            raise RecordError([e for errors in form.errors.values() for e in errors], code="bad_birth")
        register_birth(client, by=request.user, **form.cleaned_data)
        log_access(request, client, AccessLog.Action.CHANGE, detail="birth registration")
        messages.success(request, _saved())
    except RecordError as error:
        report(request, error)
    return redirect(f"{_back(client)}#birth")


@require_POST
@member_required
@kiosk_locked
def outcome(request, pk: int):
    require_care_role(request)
    client = get_client(request, pk)
    if not _can_edit(request):
        return redirect(_back(client))
    form = OutcomeForm(request.POST, programme_code=client.programme.code)
    try:
        if not form.is_valid():
            raise RecordError([e for errors in form.errors.values() for e in errors], code="bad_outcome")
        record_outcome(client, by=request.user, **form.cleaned_data)
        log_access(request, client, AccessLog.Action.CHANGE, detail="outcomes")
        messages.success(request, _saved())
    except RecordError as error:
        report(request, error)
    return redirect(f"{_back(client)}#outcomes")


@require_POST
@member_required
@kiosk_locked
def make_link(request, pk: int):
    require_care_role(request)
    client = get_client(request, pk)
    if not _can_edit(request):
        return redirect(_back(client))
    form = LinkForm(request.POST)
    try:
        if not form.is_valid():
            raise RecordError([e for errors in form.errors.values() for e in errors], code="bad_link")
        link, token = create_participant_link(client, by=request.user, **form.cleaned_data)
        log_access(request, client, AccessLog.Action.CREATE, detail=f"personal link {link.pk}")
        # Shown once on the next page; only its hash is stored.
        request.session["records_new_link"] = request.build_absolute_uri(
            reverse("records:mine", args=[token])
        )
    except RecordError as error:
        report(request, error)
    return redirect(f"{_back(client)}#links")


@require_POST
@member_required
@kiosk_locked
def revoke_link(request, pk: int, link_pk: int):
    require_care_role(request)
    client = get_client(request, pk)
    link = ParticipantLink.objects.filter(client=client, pk=link_pk).first()
    if link is not None and _can_edit(request):
        revoke_participant_link(link)
        log_access(request, client, AccessLog.Action.CHANGE, detail=f"personal link {link.pk} revoked")
    return redirect(f"{_back(client)}#links")


def _saved() -> str:
    return gettext("Saved.")


@never_cache
@member_required
def photo(request, pk: int):
    """The photo, for the session-day page and the name picker; logged like any record view."""
    require_care_role(request)
    client = get_client(request, pk)
    found = ParticipantPhoto.objects.filter(client=client).first()
    if found is None:
        raise Http404("No photo")
    log_access(request, client, AccessLog.Action.VIEW, detail="photo")
    response = HttpResponse(bytes(found.data), content_type=found.content_type)
    response["Content-Disposition"] = "inline"
    return response


@require_POST
@member_required
@kiosk_locked
def photo_upload(request, pk: int):
    require_care_role(request)
    client = get_client(request, pk)
    upload = request.FILES.get("photo")
    try:
        if upload is None:
            raise RecordError(gettext("Choose a photo."), code="empty")
        if upload.size > PHOTO_MAX_BYTES:
            raise RecordError(gettext("The photo is too large (at most 1 MB)."), code="too_large")
        set_photo(
            client,
            upload.read(PHOTO_MAX_BYTES + 1),
            consent=request.POST.get("consent") == "on",
            by=request.user,
        )
        log_access(request, client, AccessLog.Action.CHANGE, detail="photo added")
        messages.success(request, gettext("Saved."))
    except RecordError as error:
        report(request, error)
    return redirect(f"{_back(client)}#photo")


@require_POST
@member_required
@kiosk_locked
def photo_remove(request, pk: int):
    require_care_role(request)
    client = get_client(request, pk)
    if remove_photo(client):
        log_access(request, client, AccessLog.Action.DELETE, detail="photo removed")
    return redirect(f"{_back(client)}#photo")

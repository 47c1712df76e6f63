"""Self-measurement mode: the tablet goes round; each participant picks her name and enters
her own values in her language. Nothing of anyone else (and none of her earlier values) is
shown, because whoever holds the tablet can pick any name."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from kring.audit.log import log_access
from kring.audit.models import AccessLog
from kring.records import measurements as rules
from kring.records.errors import MeasurementRefused, RecordError, reason_message
from kring.records.measurements import Kind, MeasuredBy
from kring.records.models.measurement import KIND_LABELS
from kring.records.services import measuring
from kring.records.services import session_day as sd
from kring.records.services.photos import with_photo
from kring.records.views.common import KIOSK_KEY, get_client, get_session, require_care_role
from kring.web.membership import member_required

ENTRIES_KEY = "records_self_entries"  # entry forms already saved from this tablet
MAX_ENTRIES = 50
LANGUAGES = {code for code, _name in settings.LANGUAGES}
# Units offered for entry per quantity: the quantity's own unit first.
ENTRY_UNITS = {
    Kind.BABY_WEIGHT: ("g", "kg"),
    Kind.HEAD_CIRCUMFERENCE: ("cm", "mm"),
    Kind.BABY_LENGTH: ("cm", "mm"),
}


def _language(request, client) -> str:
    asked = request.GET.get("lang") or request.POST.get("lang")
    if asked in LANGUAGES:
        return asked
    for code in client.languages or []:
        if code in LANGUAGES:
            return code
    return translation.get_language() or settings.LANGUAGE_CODE


def short_name(client, clients) -> str:
    """The name she goes by; with the family name's initial when two share it."""
    name = client.called_name or client.given_name
    same = [c for c in clients if (c.called_name or c.given_name) == name]
    return f"{name} {client.family_name[:1]}." if len(same) > 1 and client.family_name else name


@never_cache
@member_required
def picker(request, pk: int):
    require_care_role(request)
    session = get_session(request, pk)
    members = list(sd.session_members(session))
    log_access(
        request,
        None,
        AccessLog.Action.SEARCH,
        detail=f"self-measurement names, session {session.pk}: clients {_ids(members)}",
        organisation=request.membership.organisation,
    )
    request.session[KIOSK_KEY] = session.pk
    photos = with_photo(members)
    names = [{"pk": c.pk, "name": short_name(c, members), "photo": c.pk in photos} for c in members]
    closed = sd.record_for(session).is_closed
    return render(request, "records/self/picker.html", {"session": session, "names": names, "closed": closed})


def _fields(session, values, units):
    kinds = measuring.self_measured_kinds(session)
    return [
        {
            "kind": kind.value,
            "label": KIND_LABELS[kind],
            "units": ENTRY_UNITS.get(kind, (rules.QUANTITIES[kind].unit,)),
            "unit": units.get(kind.value) or ENTRY_UNITS.get(kind, (rules.QUANTITIES[kind].unit,))[0],
            "value": values.get(kind.value, ""),
            "decimal": rules.QUANTITIES[kind].decimals > 0 or kind in ENTRY_UNITS,
        }
        for kind in kinds
    ]


@never_cache
@member_required
def entry(request, pk: int, client_pk: int):
    require_care_role(request)
    session = get_session(request, pk)
    client = get_client(request, client_pk)
    members = list(sd.session_members(session))
    if client not in members:
        return render(request, "records/self/picker.html", {"session": session, "names": []}, status=404)
    language = _language(request, client)
    with translation.override(language):
        context = {
            "session": session,
            "client_pk": client.pk,
            "name": short_name(client, members),
            "language": language,
            "languages": settings.LANGUAGES,
            "is_co": session.group.programme.code == "CO",
        }
        if request.method != "POST":
            log_access(
                request, client, AccessLog.Action.VIEW, detail=f"self-measurement form session {session.pk}"
            )
            context["fields"] = _fields(session, {}, {})
            context["entry_id"] = uuid.uuid4().hex
            return render(request, "records/self/entry.html", context)
        entry_id = request.POST.get("entry_id", "")[:32]
        context["entry_id"] = entry_id or uuid.uuid4().hex
        if entry_id and entry_id in request.session.get(ENTRIES_KEY, []):
            # A second tap on Save (or a reload) must not store the values twice.
            return redirect("records:self_picker", pk=session.pk)
        kinds = measuring.self_measured_kinds(session)
        values = {kind.value: request.POST.get(kind.value, "")[:20] for kind in kinds}
        units = {kind.value: request.POST.get(f"{kind.value}_unit", "")[:5] for kind in kinds}
        measured_by = request.POST.get("measured_by", MeasuredBy.PARTICIPANT)
        if measured_by not in (MeasuredBy.PARTICIPANT, MeasuredBy.ASSISTANT):
            measured_by = MeasuredBy.PARTICIPANT
        try:
            rows = measuring.record_measurements(
                session,
                client,
                {Kind(k): v for k, v in values.items()},
                units={Kind(k): u for k, u in units.items() if u},
                measured_by=measured_by,
                by=request.user,
            )
        except MeasurementRefused as error:
            context["fields"] = _fields(session, values, units)
            context["errors"] = {
                field: [reason_message(r) for r in reasons] for field, reasons in error.field_reasons.items()
            }
            return render(request, "records/self/entry.html", context, status=400)
        except RecordError as error:
            context["fields"] = _fields(session, values, units)
            context["errors"] = {"__all__": error.messages}
            return render(request, "records/self/entry.html", context, status=400)
        if entry_id:
            request.session[ENTRIES_KEY] = [
                *request.session.get(ENTRIES_KEY, [])[-(MAX_ENTRIES - 1) :],
                entry_id,
            ]
        log_access(
            request,
            client,
            AccessLog.Action.CREATE,
            detail=f"self-measurement session {session.pk}: {','.join(r.kind for r in rows)}",
        )
        context["saved"] = [
            {
                "label": KIND_LABELS[Kind(row.kind)],
                "value": row.value,
                "kind": row.kind,
                "unit": row.unit,
                "flags": [reason_message(r) for r in row.flag_reasons],
            }
            for row in rows
        ]
        return render(request, "records/self/saved.html", context)


def _ids(clients) -> str:
    return ",".join(str(c.pk) for c in clients) or "none"


UNLOCK_ATTEMPTS = 5
UNLOCK_FAILURES_KEY = "records_kiosk_failures"


@sensitive_post_parameters("password")
@never_cache
@member_required
def unlock(request, pk: int):
    """A facilitator takes the tablet back: her own password ends self-measurement mode.
    After a few wrong passwords the tablet is logged out altogether."""
    session = get_session(request, pk)
    wrong = False
    if request.method == "POST":
        if request.user.check_password(request.POST.get("password", "")[:200]):
            request.session.pop(KIOSK_KEY, None)
            request.session.pop(UNLOCK_FAILURES_KEY, None)
            return redirect("records:session_day", pk=session.pk)
        failures = request.session.get(UNLOCK_FAILURES_KEY, 0) + 1
        request.session[UNLOCK_FAILURES_KEY] = failures
        if failures >= UNLOCK_ATTEMPTS:
            logout(request)
            return redirect("web:login")
        wrong = True
    context = {
        "session": session,
        "wrong": wrong,
        "who": request.user.get_full_name() or request.user.get_username(),
    }
    return render(request, "records/self/unlock.html", context, status=400 if wrong else 200)

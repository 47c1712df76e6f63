"""The coordinator's planning pages: plan, watch progress, review, adjust, re-plan, publish,
outbox, and repair after an absence. Thin: each view parses, checks access, calls one function."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kring.audit.log import log_access
from kring.audit.models import AccessLog
from kring.care.access import can_plan, waiting_clients_for_user
from kring.care.models import Client
from kring.organisations.models import Absence, Daypart
from kring.organisations.validators import WEEKDAY_CHOICES
from kring.planner import adjust, review
from kring.planner.forms import AbsenceForm, FacilitatorsForm, MoveClientForm, MoveSessionForm, StartForm
from kring.planner.instance_builder import db_pk
from kring.planner.models import OutboxMessage, Pin, PlanningRun, PlanVersion
from kring.planner.outbox import send_pending
from kring.planner.phases import phase_label
from kring.planner.publish import PublishConflict, message_counts, plan_names, publish_run, publisher_name
from kring.planner.reasons import reason_kind, unplaced_reasons
from kring.planner.repair import affected_sessions, start_repair
from kring.planner.rule_text import violation_text, violation_texts
from kring.planner.runs import cancel_run, expire_if_stale, start_run, waiting_without_worker
from kring.planning.rules import Violation
from kring.web.export import csv_response
from kring.web.membership import member_required

VIEWS = ("month", "week")


def _coordinator(request):
    organisation = request.membership.organisation
    if not can_plan(request.user, organisation):
        raise PermissionDenied
    return organisation


def _run(request, pk: int) -> PlanningRun:
    return expire_if_stale(get_object_or_404(PlanningRun, pk=pk, organisation=_coordinator(request)))


def _log_clients(request, organisation, client_ids, what: str, action=AccessLog.Action.VIEW) -> None:
    if client_ids:
        shown = ",".join(str(pk) for pk in sorted(client_ids))
        log_access(request, None, action, detail=f"{what}: clients {shown}", organisation=organisation)


@member_required
def home(request):
    organisation = _coordinator(request)
    waiting = list(
        waiting_clients_for_user(request.user, organisation)
        .select_related("programme")
        .order_by("due_date", "baby_birth_date", "pk")[:200]
    )
    _log_clients(
        request, organisation, [c.pk for c in waiting], "waiting list for planning", AccessLog.Action.SEARCH
    )
    context = {
        "section": "planner",
        "waiting": waiting,
        "runs": PlanningRun.objects.filter(organisation=organisation)[:10],
        "versions": PlanVersion.objects.filter(organisation=organisation)[:5],
        "form": StartForm(),
    }
    return TemplateResponse(request, "planner/home.html", context)


@member_required
@require_POST
def run_start(request):
    organisation = _coordinator(request)
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a method."))
        return redirect("planner:home")
    run = start_run(organisation, request.user, method=form.cleaned_data["method"])
    return redirect("planner:run", pk=run.pk)


def _has_plan(run: PlanningRun) -> bool:
    """A finished run with a valid plan to review, change or build on."""
    return run.plan is not None and run.status in (PlanningRun.Status.DONE, PlanningRun.Status.CANCELLED)


NO_WORKER = gettext_lazy(
    "This plan has not started: no background worker seems to be running. Start the demo again "
    "(make demo) or ask your administrator to start the worker (manage.py db_worker)."
)


def _progress(run: PlanningRun) -> dict:
    return {
        "status": run.status,
        "status_label": str(run.get_status_display()),
        "active": run.is_active,
        "percent": round(100 * (1.0 if not run.is_active else run.progress_fraction)),
        "phase": phase_label(run.progress_phase) if run.is_active else "",
        "penalty": run.progress_penalty,
        "notice": str(NO_WORKER) if waiting_without_worker(run) else "",
    }


@member_required
@require_GET
def run_status(request, pk: int):
    return JsonResponse(_progress(_run(request, pk)))


@member_required
@require_POST
def run_cancel(request, pk: int):
    run = _run(request, pk)
    cancel_run(run)
    messages.info(request, _("The planner stops and keeps the best plan it found so far."))
    return redirect("planner:run", pk=run.pk)


@member_required
@require_GET
def run_instance(request, pk: int):
    run = _run(request, pk)
    ids = [db_pk(c["id"]) for c in run.instance.get("clients", [])]
    _log_clients(
        request, run.organisation, ids, f"planning instance of run {run.pk}", AccessLog.Action.EXPORT
    )
    response = HttpResponse(
        json.dumps(run.instance, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="kring-instance-run-{run.pk}.json"'
    return response


def _names(run, instance, plan) -> dict[str, str]:
    return plan_names(run.organisation, instance, plan)


def _unplaced(run, instance, plan, names) -> list[tuple]:
    """(unplaced entry, her name, the planner's reasons in the coordinator's language, the kind
    of her first reason)."""
    key = f"planner-reasons-coded-{run.pk}-{run.created_at.timestamp()}-{run.revision}-{get_language()}"
    reasons = cache.get(key)
    if reasons is None:
        dayparts = dict(Daypart.objects.filter(organisation=run.organisation).values_list("code", "name"))
        reasons = unplaced_reasons(instance, plan, names, dayparts)
        cache.set(key, reasons, 3600)
    found = []
    for u in plan.unplaced:
        coded = reasons.get(u.client) or [("", text) for text in u.reasons]
        kind = reason_kind(coded[0][0]) if coded else _("no reason given")
        found.append((u, names.get(u.client, u.client), [text for _code, text in coded], kind))
    return found


def _by_reason(unplaced: list[tuple]) -> list[tuple[str, list[tuple]]]:
    """The unplaced clients grouped by the kind of their first reason, the largest group first."""
    groups: dict[str, list[tuple]] = {}
    for entry in unplaced:
        groups.setdefault(entry[3], []).append(entry)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))


@member_required
@require_GET
def run_unplaced_csv(request, pk: int):
    """The clients without a group and why, for a spreadsheet (formula-safe cells)."""
    run = _run(request, pk)
    if not _has_plan(run):
        raise PermissionDenied
    instance, plan = adjust.load(run)
    names = _names(run, instance, plan)
    unplaced = _unplaced(run, instance, plan, names)
    ids = [db_pk(entry[0].client) for entry in unplaced]
    _log_clients(request, run.organisation, ids, f"unplaced clients of run {run.pk}", AccessLog.Action.EXPORT)
    anchors = {c.id: c.anchor_date for c in instance.clients}
    rows = [
        (name, anchors.get(u.client, ""), kind, "; ".join(map(str, reasons)))
        for u, name, reasons, kind in unplaced
    ]
    rows.sort(key=lambda row: (str(row[2]), str(row[1])))
    header = [_("Client"), _("Due date or birth date"), _("Kind of reason"), _("Reasons")]
    return csv_response(f"kring-plan-{run.pk}-without-group.csv", header, rows)


def _slot(group, dayparts: dict[str, Daypart]) -> str:
    """'maandag avond (19:00–21:00)' for a plan group's weekday and daypart."""
    daypart = dayparts.get(group.daypart)
    weekday = dict(WEEKDAY_CHOICES).get(group.weekday, group.weekday)
    if daypart is None:
        return f"{weekday} {group.daypart}"
    return f"{weekday} {daypart.name.lower()} ({daypart.start:%H:%M}–{daypart.end:%H:%M})"


def _unkept_pins(run, names) -> list[dict]:
    """The pins a re-plan could not put back, in words: what was pinned and which rules it broke."""
    kinds = dict(Pin.Kind.choices)
    shown = []
    for entry in run.unkept_pins or []:
        reasons = []
        for v in entry.get("violations", []):
            if v.get("code") == adjust.PIN_TARGET_GONE:
                reasons.append(_("the group, session or client is no longer in the plan"))
            else:
                reasons.append(violation_text(Violation(v.get("rule", 0), v.get("code", ""), ""), names))
        group, client = entry.get("group", ""), entry.get("client", "")
        shown.append(
            {
                "kind": kinds.get(entry.get("kind"), entry.get("kind", "")),
                "group": names.get(group, group),
                "session": entry.get("session"),
                "client": names.get(client, client),
                "reasons": reasons,
            }
        )
    return shown


def _month_param(value: str, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return default


@member_required
@require_GET
def run_detail(request, pk: int):
    run = _run(request, pk)
    if not _has_plan(run):
        return TemplateResponse(
            request, "planner/progress.html", {"section": "planner", "run": run, "progress": _progress(run)}
        )
    instance, plan = adjust.load(run)
    dayparts = {d.code: d for d in Daypart.objects.filter(organisation=run.organisation_id)}  # one query
    names = _names(run, instance, plan)
    filters = {k: request.GET.get(k, "") for k in ("group", "facilitator", "room")}
    filters["group"] = filters["group"] if filters["group"] in {g.id for g in plan.groups} else ""
    filters["facilitator"] = filters["facilitator"] if filters["facilitator"] in names else ""
    filters["room"] = filters["room"] if filters["room"] in names else ""
    items = review.entries(plan, **filters)
    # Open where the plan starts: its first session on or after the planned period, not the
    # first (already held) session of a running group.
    coming = [e.session.date for e in items if e.session.date >= instance.plan_start]
    first = min(coming) if coming else (items[0].session.date if items else instance.plan_start)
    view = request.GET.get("view") if request.GET.get("view") in VIEWS else "month"
    day = _month_param(request.GET.get("date", ""), first)
    if view == "week":
        monday = day - dt.timedelta(days=day.weekday())
        grid, prev_day, next_day = (
            [review.week_days(monday, items)],
            monday - dt.timedelta(7),
            monday + dt.timedelta(7),
        )
    else:
        grid = review.month_grid(day.year, day.month, items)
        prev_day = (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        next_day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    member_ids = {db_pk(m) for g in plan.groups for m in g.members} | {db_pk(u.client) for u in plan.unplaced}
    _log_clients(request, run.organisation, member_ids, f"plan of run {run.pk}")
    conflicts = adjust.conflicts(instance, plan)
    pins = list(run.pins.all())
    context = {
        "section": "planner",
        "run": run,
        "plan": plan,
        "names": names,
        "view": view,
        "day": day,
        "grid": grid,
        "prev_day": prev_day,
        "next_day": next_day,
        "filters": filters,
        "groups": [(g, _slot(g, dayparts)) for g in plan.groups],
        "facilitators": [(f.id, names.get(f.id, f.id)) for f in instance.facilitators],
        "rooms": [(r.id, names.get(r.id, r.id)) for r in instance.rooms],
        "unplaced": _by_reason(_unplaced(run, instance, plan, names)),
        "unplaced_count": len(plan.unplaced),
        "penalty_words": review.penalty_in_words(instance, plan),
        "changes": review.changes_against_published(instance, plan, names),
        "conflicts": violation_texts(conflicts, names),
        "pins": pins,
        "unkept_pins": _unkept_pins(run, names),
        "listed": items,
        "weekday_names": [WEEKDAYS_ABBR[k] for k in range(7)],
        "plan_start": instance.plan_start,
    }
    return TemplateResponse(request, "planner/review.html", context)


def _edit_forms(instance, plan, names, data=None, initial=None, dayparts=()):
    rooms = [(r.id, names.get(r.id, r.id)) for r in instance.rooms]
    people = [(f.id, names.get(f.id, f.id)) for f in instance.facilitators]
    groups = [(g.id, names.get(g.id, g.id)) for g in plan.groups]
    return {
        "session": MoveSessionForm(data, rooms=rooms, dayparts=dayparts, initial=initial, prefix="s"),
        "facilitators": FacilitatorsForm(data, people=people, initial=initial, prefix="f"),
        "client": MoveClientForm(data, groups=groups, initial=initial, prefix="c"),
    }


def _edit_from(kind: str, form) -> adjust.Edit:
    d = form.cleaned_data
    if kind == "session":
        return adjust.MoveSession(d["group"], d["number"], d["date"], d["room"], d.get("daypart") or None)
    if kind == "facilitators":
        return adjust.SetFacilitators(d["group"], d.get("number"), d["lead"], d["co"])
    return adjust.MoveClient(d["client"], d["to_group"] or None)


@member_required
def run_edit(request, pk: int, kind: str):
    """GET: the form for one edit. POST: preview its conflicts; with `save`, keep it."""
    run = _run(request, pk)
    if kind not in ("session", "facilitators", "client") or not _has_plan(run):
        raise PermissionDenied
    if run.published_version_id:
        messages.error(request, _("This plan is published; plan again to change it."))
        return redirect("planner:run", pk=run.pk)
    instance, plan = adjust.load(run)
    names = _names(run, instance, plan)
    initial = _initial(plan, kind, request.GET)
    params, prefix = (request.POST, "s-") if request.method == "POST" else (request.GET, "")
    if kind == "session" and _held(instance, plan, params, prefix=prefix):
        messages.error(request, _("This session has already taken place; it cannot be moved."))
        return redirect("planner:run", pk=run.pk)
    data = request.POST if request.method == "POST" else None
    forms = _edit_forms(instance, plan, names, data, initial, _daypart_choices(run, instance))
    form = forms[kind]
    preview, after = None, None
    if request.method == "POST" and form.is_valid():
        edit = _edit_from(kind, form)
        try:
            after = adjust.apply_edit(instance, plan, edit)
        except adjust.EditError:
            raise PermissionDenied from None
        preview = adjust.new_conflicts(instance, plan, after)
        preview += adjust.interpreter_conflicts(run.organisation, instance, after, edit)
        if "save" in request.POST and (not preview or request.POST.get("accept_conflicts")):
            try:
                adjust.save_edit(run.pk, edit, revision=_revision(request), pin=form.cleaned_data.get("pin"))
            except adjust.StaleEdit:
                messages.error(
                    request, _("Someone else changed this plan in the meantime. Check your change again.")
                )
                return redirect(request.get_full_path())
            if kind == "client":
                client = Client.objects.filter(pk=db_pk(edit.client), organisation=run.organisation).first()
                if client is not None:
                    log_access(
                        request, client, AccessLog.Action.CHANGE, detail=f"moved in plan of run {run.pk}"
                    )
            messages.success(request, _("Saved."))
            return redirect("planner:run", pk=run.pk)
    context = {
        "section": "planner",
        "run": run,
        "kind": kind,
        "form": form,
        "preview": violation_texts(preview, names) if preview is not None else None,
        "after": after,
        "before": plan,
        "subject": _subject(plan, kind, initial, names),
        "revision": _revision(request) if request.method == "POST" else run.revision,
    }
    return TemplateResponse(request, "planner/edit.html", context)


def _daypart_choices(run, instance) -> list[tuple[str, str]]:
    """'Avond (19:00–21:00)' for each daypart of the instance."""
    named = dict(Daypart.objects.filter(organisation=run.organisation).values_list("code", "name"))
    return [
        (d.id, f"{named.get(d.id, d.id)} ({d.start:%H:%M}–{d.end:%H:%M})")
        for d in sorted(instance.dayparts, key=lambda d: d.start)
    ]


def _held(instance, plan, params, *, prefix: str) -> bool:
    """True when the session a move is about lies before the planned period: it was held."""
    group = next((g for g in plan.groups if g.id == params.get(f"{prefix}group", "")), None)
    number = params.get(f"{prefix}number", "")
    session = next((s for s in group.sessions if str(s.number) == number), None) if group else None
    return session is not None and session.date < instance.plan_start


def _revision(request) -> int:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return -1


@member_required
@require_POST
def pin_delete(request, pk: int, pin: int):
    run = _run(request, pk)
    run.pins.filter(pk=pin).delete()
    messages.info(request, _("The choice is no longer pinned."))
    return redirect("planner:run", pk=run.pk)


def _initial(plan, kind: str, params) -> dict:
    gid, number = params.get("group", ""), params.get("number", "")
    group = next((g for g in plan.groups if g.id == gid), None)
    if kind == "client":
        cid = params.get("client", "")
        current = next((g.id for g in plan.groups if cid in g.members), "")
        return {"client": cid, "to_group": current}
    if group is None:
        return {}
    session = next((s for s in group.sessions if str(s.number) == number), None)
    if kind == "session" and session is not None:
        return {
            "group": gid,
            "number": session.number,
            "date": session.date,
            "room": session.room,
            "daypart": group.daypart,
        }
    if kind == "facilitators":
        if session is not None:
            return {"group": gid, "number": session.number, "lead": session.lead, "co": session.co}
        return {"group": gid, "lead": group.lead, "co": group.co}
    return {}


def _subject(plan, kind, initial, names) -> str:
    if kind == "client":
        return names.get(initial.get("client", ""), initial.get("client", ""))
    group = names.get(initial.get("group", ""), initial.get("group", ""))
    if initial.get("number"):
        return _("%(group)s, session %(number)s") % {"group": group, "number": initial["number"]}
    return group


@member_required
@require_POST
def run_replan(request, pk: int):
    run = _run(request, pk)
    if not _has_plan(run):
        raise PermissionDenied
    new = start_run(run.organisation, request.user, method=PlanningRun.Method.CPSAT, based_on=run)
    return redirect("planner:run", pk=new.pk)


@member_required
def run_publish(request, pk: int):
    """GET: what publishing would change and how many messages go out, to confirm. POST: publish."""
    run = _run(request, pk)
    if request.method != "POST":
        if not _has_plan(run) or run.published_version_id:
            return redirect("planner:run", pk=run.pk)
        instance, plan = adjust.load(run)
        names = _names(run, instance, plan)
        counts = message_counts(instance, plan)
        context = {
            "section": "planner",
            "run": run,
            "plan": plan,
            "changes": review.changes_against_published(instance, plan, names),
            "conflicts": violation_texts(adjust.conflicts(instance, plan), names),
            "counts": counts,
            "messages_total": sum(counts.values()),
        }
        return TemplateResponse(request, "planner/publish.html", context)
    try:
        version = publish_run(run, request.user)
    except PublishConflict as conflict:
        messages.error(request, conflict.message)
        for problem in conflict.problems[:10]:
            messages.warning(request, problem)
        return redirect("planner:run", pk=run.pk)
    ids = [db_pk(m) for g in adjust.load(run)[1].groups for m in g.members]
    _log_clients(
        request, run.organisation, ids, f"published plan version {version.number}", AccessLog.Action.CHANGE
    )
    messages.success(request, _("Version %(number)d is published.") % {"number": version.number})
    return redirect("planner:version", number=version.number)


@member_required
def version_detail(request, number: int):
    organisation = _coordinator(request)
    version = get_object_or_404(PlanVersion, organisation=organisation, number=number)
    if request.method == "POST":
        sent = send_pending(organisation, version=version)
        messages.success(request, _("%(count)d messages sent.") % {"count": sent})
        return redirect("planner:version", number=number)
    outbox = list(version.messages.all())
    _log_clients(
        request, organisation, [m.client_id for m in outbox if m.client_id], f"outbox of version {number}"
    )
    context = {
        "section": "planner",
        "version": version,
        "outbox": outbox,
        "published_by": publisher_name(version),
    }
    return TemplateResponse(request, "planner/version.html", context)


@member_required
@require_GET
def outbox_ics(request, pk: int):
    organisation = _coordinator(request)
    message = get_object_or_404(OutboxMessage, pk=pk, organisation=organisation)
    if message.client_id:
        log_access(request, message.client, AccessLog.Action.EXPORT, detail=f"invitation {message.pk}")
    response = HttpResponse(bytes(message.ics), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kring-{message.pk}.ics"'
    return response


@member_required
def absences(request):
    organisation = _coordinator(request)
    form = AbsenceForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        absence = form.save()
        return redirect("planner:absence", pk=absence.pk)
    today = timezone.localdate()
    listed = Absence.objects.filter(person__organisation=organisation, last_day__gte=today).select_related(
        "person"
    )
    return TemplateResponse(
        request, "planner/absences.html", {"section": "planner", "form": form, "absences": listed}
    )


@member_required
def absence_detail(request, pk: int):
    organisation = _coordinator(request)
    absence = get_object_or_404(
        Absence.objects.select_related("person"), pk=pk, person__organisation=organisation
    )
    if request.method == "POST":
        run = start_repair(absence, request.user)
        return redirect("planner:run", pk=run.pk)
    context = {"section": "planner", "absence": absence, "sessions": affected_sessions(absence)}
    return TemplateResponse(request, "planner/absence.html", context)

"""Import, export and FHIR pages. Jobs and exports are looked up within the active
organisation, so another organisation's ids give 404."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.audit.log import log_access
from kring.audit.models import AccessLog
from kring.care.access import get_client_for_user
from kring.interop.fhir.bundle import collection_bundle, to_json
from kring.interop.tabular import FIELD_NAMES
from kring.transfer import importing, jobs
from kring.transfer.fhir_data import client_resources
from kring.transfer.lists import LISTS
from kring.transfer.models import FhirExport, ImportJob, ImportKind
from kring.web.export import FORMATS, table_response
from kring.web.membership import member_required

FIELD_LABELS = {
    "given_name": gettext_lazy("Given name"),
    "family_name": gettext_lazy("Family name"),
    "called_name": gettext_lazy("Called"),
    "bsn": gettext_lazy("BSN"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "due_date": gettext_lazy("Due date"),
    "programme": gettext_lazy("Programme"),
    "email": gettext_lazy("Email address"),
    "phone": gettext_lazy("Phone"),
    "postcode": gettext_lazy("Postcode"),
    "languages": gettext_lazy("Languages"),
    "baby_given_name": gettext_lazy("Baby's given name"),
    "baby_birth_date": gettext_lazy("Baby's birth date"),
    "baby_bsn": gettext_lazy("Baby's BSN"),
    "agb_code": gettext_lazy("AGB code"),
    "big_number": gettext_lazy("BIG number"),
    "profession": gettext_lazy("Profession"),
    "roles": gettext_lazy("Roles"),
    "availability": gettext_lazy("Availability"),
    "__all__": gettext_lazy("Row"),
}
STATUS_LABELS = {
    "new": gettext_lazy("new"),
    "update": gettext_lazy("update"),
    "unchanged": gettext_lazy("unchanged"),
    "error": gettext_lazy("error"),
}
PREVIEW_PAGE_SIZE = 100


def _require_coordinator(request) -> None:
    if not request.membership.is_coordinator:
        raise PermissionDenied


# ---------------------------------------------------------------- exports


@member_required
def export_home(request):
    membership = request.membership
    lists = [item for item in LISTS.values() if item.name != "access-log" or membership.is_privacy_officer]
    context = {
        "section": "transfer",
        "lists": lists,
        "formats": FORMATS,
        "fhir_exports": FhirExport.objects.filter(organisation=membership.organisation).defer("content")[:5]
        if membership.is_coordinator
        else [],
        "imports": ImportJob.objects.filter(organisation=membership.organisation).defer("content", "preview")[
            :5
        ]
        if membership.is_coordinator
        else [],
    }
    return TemplateResponse(request, "kring/transfer/home.html", context)


@member_required
def list_export(request, name: str, fmt: str):
    item = LISTS.get(name)
    if item is None or fmt not in FORMATS:
        raise Http404
    organisation = request.membership.organisation
    rows, client_ids = item.read(request.user, organisation)
    clients = {client.pk: client for client in _clients(request, client_ids)}
    for client_id in client_ids:
        log_access(
            request,
            clients[client_id],
            AccessLog.Action.EXPORT,
            detail=f"list export {name}.{fmt}",
            organisation=organisation,
        )
    stamp = timezone.localdate().isoformat()
    return table_response(
        fmt, f"kring-{name}-{stamp}", [str(h) for h in item.header], rows, title=str(item.title)
    )


def _clients(request, client_ids):
    from kring.care.models import Client

    return Client.objects.filter(pk__in=client_ids, organisation=request.membership.organisation)


# ---------------------------------------------------------------- import


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What is in the file"), choices=ImportKind.choices)
    file = forms.FileField(label=gettext_lazy("CSV or Excel file"))


@member_required
def import_start(request):
    _require_coordinator(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > jobs.MAX_UPLOAD_BYTES:
            form.add_error("file", _("The file is larger than 20 MB; split it into parts."))
        else:
            try:
                job = jobs.create_job(
                    request.membership.organisation,
                    request.user,
                    form.cleaned_data["kind"],
                    upload.name,
                    upload.read(),
                    get_language() or "nl",
                )
            except jobs.UploadRefused as refused:
                form.add_error("file", str(refused))
            else:
                return redirect("transfer:import_columns", pk=job.pk)
    return TemplateResponse(
        request, "kring/transfer/import_start.html", {"section": "transfer", "form": form}
    )


def _job(request, pk: int) -> ImportJob:
    _require_coordinator(request)
    return get_object_or_404(ImportJob, pk=pk, organisation=request.membership.organisation)


@member_required
def import_columns(request, pk: int):
    job = _job(request, pk)
    if job.status not in (ImportJob.Status.UPLOADED, ImportJob.Status.PREVIEWED):
        return redirect("transfer:import_detail", pk=job.pk)
    fields = list(FIELD_NAMES[job.kind])
    problems: list[str] = []
    if request.method == "POST":
        mapping = {}
        for position, column in enumerate(job.header):
            chosen = request.POST.get(f"column_{position}", "")
            if chosen in fields:
                mapping[column] = chosen
        chosen_fields = list(mapping.values())
        repeated = {name for name in chosen_fields if chosen_fields.count(name) > 1}
        if repeated:
            problems.append(
                _("Each field can come from one column only: %(fields)s.")
                % {"fields": ", ".join(str(FIELD_LABELS[name]) for name in sorted(repeated))}
            )
        missing = importing.missing_columns(job.kind, mapping)
        if missing:
            problems.append(
                _("Choose the column for: %(fields)s.")
                % {"fields": ", ".join(str(FIELD_LABELS[name]) for name in missing)}
            )
        if not problems:
            jobs.remember_mapping(job, mapping)
            jobs.start(job, "preview")
            return redirect("transfer:import_detail", pk=job.pk)
        job.mapping = mapping
    columns = [
        {"position": position, "name": column, "field": job.mapping.get(column, "")}
        for position, column in enumerate(job.header)
    ]
    context = {
        "section": "transfer",
        "job": job,
        "columns": columns,
        "fields": [(name, FIELD_LABELS[name]) for name in fields],
        "problems": problems,
    }
    return TemplateResponse(request, "kring/transfer/import_columns.html", context)


def _row_view(outcome: dict) -> dict:
    return {
        **outcome,
        "status_label": STATUS_LABELS[outcome["status"]],
        "errors": [
            (FIELD_LABELS.get(name, name), messages_) for name, messages_ in outcome["errors"].items()
        ],
        "changes": [
            (FIELD_LABELS.get(name, name), old, new) for name, (old, new) in outcome["changes"].items()
        ],
    }


@member_required
def import_detail(request, pk: int):
    job = _job(request, pk)
    shown = request.GET.get("status", "")
    rows = [row for row in job.preview if not shown or row["status"] == shown]
    page = Paginator(rows, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    matched = [row["match"] for row in page.object_list if row.get("match")]
    if job.kind == "clients" and matched:
        # The preview shows existing clients' values next to the file's: one entry names them all.
        log_access(
            request,
            None,
            AccessLog.Action.VIEW,
            detail=f"import preview {job.filename}; clients shown: {','.join(map(str, matched))}",
            organisation=request.membership.organisation,
        )
    context = {
        "section": "transfer",
        "job": job,
        "working": job.status in (ImportJob.Status.PREVIEWING, ImportJob.Status.IMPORTING),
        "page": page,
        "rows": [_row_view(row) for row in page.object_list],
        "shown": shown,
        "statuses": [(code, label, job.counts.get(code, 0)) for code, label in STATUS_LABELS.items()],
    }
    return TemplateResponse(request, "kring/transfer/import_detail.html", context)


@require_POST
@member_required
def import_run(request, pk: int):
    job = _job(request, pk)
    if not job.can_import:
        messages.error(request, _("This import cannot run: correct the rows with errors first."))
        return redirect("transfer:import_detail", pk=job.pk)
    # Only the first of two clicks (or two coordinators) starts the import.
    started = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEWED).update(
        status=ImportJob.Status.IMPORTING, done_rows=0, error=""
    )
    if started:
        jobs.start(job, "import")
    return redirect("transfer:import_detail", pk=job.pk)


# ---------------------------------------------------------------- FHIR


@member_required
def patient_everything(request, pk: int):
    """One client's record as a FHIR R4 Bundle (like `Patient/<id>/$everything`)."""
    organisation = request.membership.organisation
    client = get_client_for_user(request.user, pk, organisation)
    log_access(
        request, client, AccessLog.Action.EXPORT, detail="FHIR Patient $everything", organisation=organisation
    )
    now = timezone.now()
    bundle = collection_bundle(
        client_resources(client),
        base_url=request.build_absolute_uri("/fhir/"),
        bundle_id=f"client-{client.pk}-{now:%Y%m%d%H%M%S}",
        timestamp=now,
    )
    response = HttpResponse(to_json(bundle, indent=2), content_type="application/fhir+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kring-client-{client.pk}-fhir.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@member_required
def fhir_export_start(request):
    _require_coordinator(request)
    export = jobs.start_fhir_export(request.membership.organisation, request.user)
    messages.success(request, _("The FHIR export is being made; download it here when it is ready."))
    return redirect(f"{reverse('transfer:home')}#fhir-{export.pk}")


@member_required
def fhir_export_download(request, pk: int):
    _require_coordinator(request)
    export = get_object_or_404(
        FhirExport, pk=pk, organisation=request.membership.organisation, status=FhirExport.Status.DONE
    )
    response = HttpResponse(bytes(export.content), content_type="application/zip")
    stamp = timezone.localtime(export.finished_at or dt.datetime.now(dt.UTC)).strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="kring-fhir-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response

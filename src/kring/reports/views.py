"""Thin views: the annual reports page of an organisation (coordinator), its progress and
download; the opt-in for the national figures; the national view and its CSV (national viewer)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kring.audit.log import client_ip, log_access, record_access
from kring.audit.models import AccessLog
from kring.reports.access import (
    coordinator_required,
    get_annual_report_for_user,
    national_viewer_required,
)
from kring.reports.forms import AnnualReportForm, NationalYearForm
from kring.reports.jobs import start_annual_report
from kring.reports.models import AnnualReport, NationalOptIn
from kring.reports.national_view import national_csv_rows, national_figures
from kring.web.export import csv_response


@coordinator_required
def home(request):
    organisation = request.membership.organisation
    form = AnnualReportForm(initial={"year": timezone.localdate().year - 1})
    context = {
        "section": "reports",
        "form": form,
        "reports": AnnualReport.objects.filter(organisation=organisation).defer("pdf")[:20],
        "opted_in": NationalOptIn.objects.filter(organisation=organisation).first(),
    }
    return TemplateResponse(request, "reports/home.html", context)


@coordinator_required
@require_POST
def annual_start(request):
    organisation = request.membership.organisation
    form = AnnualReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a year and a language."))
        return redirect("reports:home")
    report = start_annual_report(
        organisation, request.user, year=form.cleaned_data["year"], language=form.cleaned_data["language"]
    )
    return redirect("reports:annual", pk=report.pk)


def _progress(report: AnnualReport) -> dict:
    return {
        "status": report.status,
        "status_label": str(report.get_status_display()),
        "active": report.is_active,
        "percent": round(100 * (1.0 if not report.is_active else report.progress_fraction)),
    }


@coordinator_required
@require_GET
def annual_detail(request, pk: int):
    report = get_annual_report_for_user(request, pk)
    context = {"section": "reports", "report": report, "progress": _progress(report)}
    return TemplateResponse(request, "reports/annual.html", context)


@coordinator_required
@require_GET
def annual_status(request, pk: int):
    return JsonResponse(_progress(get_annual_report_for_user(request, pk)))


@coordinator_required
@require_GET
def annual_download(request, pk: int):
    report = get_annual_report_for_user(request, pk)
    if report.status != AnnualReport.Status.DONE or not report.pdf:
        messages.info(request, _("This report is not ready yet."))
        return redirect("reports:annual", pk=report.pk)
    log_access(
        request,
        None,
        AccessLog.Action.EXPORT,
        detail=f"annual report {report.year} ({report.language}) as PDF: counts of clients, no names",
        organisation=report.organisation,
    )
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    name = _("annual-report")  # a word in the file name, translated
    filename = f"kring-{name}-{report.organisation.slug}-{report.year}-{report.language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@coordinator_required
@require_POST
def national_sharing(request):
    """Opt in to (or out of) the national figures: the coordinator's choice for the organisation."""
    organisation = request.membership.organisation
    if request.POST.get("share") == "yes":
        NationalOptIn.objects.get_or_create(organisation=organisation, defaults={"opted_in_by": request.user})
        messages.success(request, _("Your organisation now counts in the national figures."))
    else:
        NationalOptIn.objects.filter(organisation=organisation).delete()
        messages.success(request, _("Your organisation no longer counts in the national figures."))
    return redirect("reports:home")


def _national_year(request) -> int:
    form = NationalYearForm(request.GET or None)
    if form.is_valid():
        return form.cleaned_data["year"]
    return timezone.localdate().year


def _log_national(request, action: str, figures) -> None:
    """The national figures count clients (never name them): logged once per view or export,
    with the organisations whose counts were read; the viewer belongs to no organisation."""
    organisations = ",".join(str(pk) for pk in sorted(figures.organisation_ids)) or "-"
    record_access(
        user=request.user,
        action=action,
        role="national_viewer",
        ip_address=client_ip(request),
        path=request.get_full_path()[:500],
        detail=f"national aggregates {figures.year} of organisations {organisations}: counts only, "
        "small counts hidden",
    )


@national_viewer_required
@require_GET
def national(request):
    year = _national_year(request)
    figures = national_figures(year)
    _log_national(request, AccessLog.Action.VIEW, figures)
    context = {
        "section": "national",
        "year": year,
        "form": NationalYearForm(initial={"year": year}),
        "figures": figures,
    }
    return TemplateResponse(request, "reports/national.html", context)


@national_viewer_required
@require_GET
def national_csv(request):
    year = _national_year(request)
    figures = national_figures(year)
    _log_national(request, AccessLog.Action.EXPORT, figures)
    header, rows = national_csv_rows(figures)
    name = _("national")  # a word in the file name, translated
    return csv_response(f"kring-{name}-{year}.csv", header, rows)

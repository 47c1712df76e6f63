"""The outcome dashboard, its CSV and the goals; coordinators of the active organisation only.
Every view that counts clients writes the access log, like a record view."""

from __future__ import annotations

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.audit.log import log_access
from kring.audit.models import AccessLog
from kring.evaluation.access import coordinator_required
from kring.evaluation.charts import BarChart, measure_bar_svg
from kring.evaluation.dashboard import DashboardRow, csv_header, csv_rows, dashboard_rows
from kring.evaluation.forms import DashboardFilterForm, GoalForm, default_period
from kring.evaluation.measures import MEASURES, group_management
from kring.evaluation.models import MeasureGoal
from kring.evaluation.surveys import experience_summary
from kring.web.export import csv_response


def _filter_form(request) -> DashboardFilterForm:
    data = request.GET.copy() if request.GET else QueryDict(mutable=True)
    start, end = default_period()
    data.setdefault("start", start.isoformat())
    data.setdefault("end", end.isoformat())
    return DashboardFilterForm(request.membership.organisation, data)


def _format(value, unit: str) -> str:
    if value is None:
        return _("no data")
    return f"{str(value).replace('.', ',')} {unit}".strip()


def _chart(row: DashboardRow) -> str:
    unit = "%" if row.measure.headline == "percent" else ""
    chart = BarChart(
        title=str(row.measure.label),
        value=row.value,
        scale=row.scale,
        value_label=_format(row.value, unit),
        goal=row.goal,
        goal_label=_("goal %(value)s") % {"value": _format(row.goal, unit)},
        reference=row.reference,
        reference_label=_("individual care %(value)s") % {"value": _format(row.reference, unit)},
    )
    return mark_safe(measure_bar_svg(chart))  # noqa: S308 - every text is escaped in charts.py


@coordinator_required
def dashboard(request):
    organisation = request.membership.organisation
    form = _filter_form(request)
    context = {"section": "evaluation", "form": form, "goal_form": GoalForm()}
    if form.is_valid():
        f = form.measure_filter()
        rows = dashboard_rows(f)
        log_access(
            request, None, AccessLog.Action.VIEW, detail="evaluation dashboard", organisation=organisation
        )
        context.update(
            rows=[(row, _chart(row)) for row in rows],
            management=group_management(f),
            experience=experience_summary(f.groups().values("pk")),
            csv_query=request.GET.urlencode(),
            goals=MeasureGoal.objects.filter(organisation=organisation).order_by("measure", "-valid_from"),
            labels={measure.code: measure.label for measure in MEASURES},
        )
    return TemplateResponse(request, "evaluation/dashboard.html", context)


@coordinator_required
def dashboard_csv(request):
    organisation = request.membership.organisation
    form = _filter_form(request)
    if not form.is_valid():
        messages.error(
            request, _("Check the filters: %(errors)s") % {"errors": " ".join(form.errors.get("__all__", []))}
        )
        return redirect("evaluation:dashboard")
    f = form.measure_filter()
    rows = dashboard_rows(f)
    log_access(
        request, None, AccessLog.Action.EXPORT, detail="evaluation dashboard CSV", organisation=organisation
    )
    filename = f"kring-outcomes-{f.start:%Y%m%d}-{f.end:%Y%m%d}.csv"
    return csv_response(filename, csv_header(), csv_rows(rows))


@coordinator_required
@require_POST
def goal_save(request):
    form = GoalForm(request.POST)
    if not form.is_valid():
        problems = " ".join(str(error) for errors in form.errors.values() for error in errors)
        messages.error(
            request,
            _("The goal was not saved: check the measure, the value and the date.") + " " + problems,
        )
        return redirect("evaluation:dashboard")
    MeasureGoal.objects.update_or_create(
        organisation=request.membership.organisation,
        measure=form.cleaned_data["measure"],
        valid_from=form.cleaned_data["valid_from"],
        defaults={"target": form.cleaned_data["target"], "set_by": request.user},
    )
    messages.success(request, _("Goal saved."))
    return redirect("evaluation:dashboard")

"""Fidelity, costs, the implementation checklist and the staff survey results (coordinators);
the staff survey itself (facilitators)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.audit.log import log_access
from kring.audit.models import AccessLog
from kring.evaluation.access import coordinator_required, facilitator_required
from kring.evaluation.charts import BarChart, measure_bar_svg
from kring.evaluation.checklist import BY_HAND, implementation_checklist
from kring.evaluation.costs import cost_summary, ensure_default_rates
from kring.evaluation.fidelity import SLIPPED_BELOW, fidelity_summary
from kring.evaluation.forms import ChecklistTickForm, CostRatesForm, StaffSurveyForm
from kring.evaluation.models import ChecklistTick, CostRates
from kring.evaluation.surveys import AlreadyAnswered, answer_staff_survey, staff_results
from kring.evaluation.views.dashboard import _filter_form


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _quarter_chart(line) -> str:
    value = line.overall
    chart = BarChart(
        title=line.label,
        value=value,
        scale=100,
        value_label=f"{line.label}: "
        + (f"{value} %".replace(".", ",") if value is not None else _("no data")),
        goal=SLIPPED_BELOW,
        goal_label=_("threshold %(value)s") % {"value": "80 %"},
    )
    return mark_safe(measure_bar_svg(chart))  # noqa: S308 - every text is escaped in charts.py


@coordinator_required
def fidelity(request):
    form = _filter_form(request)
    context = {"section": "evaluation", "form": form}
    if form.is_valid():
        f = form.measure_filter()
        log_access(
            request, None, AccessLog.Action.VIEW, detail="evaluation fidelity", organisation=f.organisation
        )
        summary = fidelity_summary(request.membership.organisation, f.start, f.end)
        context["summary"] = summary
        context["quarter_charts"] = [(line, _quarter_chart(line)) for line in summary.by_quarter]
    return TemplateResponse(request, "evaluation/fidelity.html", context)


@coordinator_required
def costs(request):
    organisation = request.membership.organisation
    ensure_default_rates(organisation)
    form = _filter_form(request)
    context = {
        "section": "evaluation",
        "form": form,
        "rates_form": CostRatesForm(instance=CostRates.objects.filter(organisation=organisation).first()),
        "all_rates": CostRates.objects.filter(organisation=organisation),
    }
    if form.is_valid():
        log_access(request, None, AccessLog.Action.VIEW, detail="evaluation costs", organisation=organisation)
        context["summary"] = cost_summary(form.measure_filter())
    return TemplateResponse(request, "evaluation/costs.html", context)


@coordinator_required
@require_POST
def rates_save(request):
    organisation = request.membership.organisation
    form = CostRatesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The rates were not saved: check every figure."))
        return redirect("evaluation:costs")
    values = {name: form.cleaned_data[name] for name in form.cleaned_data if name != "valid_from"}
    CostRates.objects.update_or_create(
        organisation=organisation, valid_from=form.cleaned_data["valid_from"], defaults=values
    )
    messages.success(request, _("Rates saved."))
    return redirect("evaluation:costs")


@coordinator_required
def checklist(request):
    year = _year(request)
    context = {
        "section": "evaluation",
        "year": year,
        "items": implementation_checklist(request.membership.organisation, year),
    }
    return TemplateResponse(request, "evaluation/checklist.html", context)


@coordinator_required
@require_POST
def checklist_tick(request):
    form = ChecklistTickForm(request.POST)
    if not form.is_valid() or form.cleaned_data["item"] not in BY_HAND:
        messages.error(request, _("Unknown checklist item."))
        return redirect("evaluation:checklist")
    ChecklistTick.objects.update_or_create(
        organisation=request.membership.organisation,
        item=form.cleaned_data["item"],
        defaults={
            "done": form.cleaned_data["done"],
            "note": form.cleaned_data["note"],
            "updated_by": request.user,
        },
    )
    messages.success(request, _("Checklist saved."))
    return redirect("evaluation:checklist")


@coordinator_required
def staff_results_page(request):
    year = _year(request)
    language = (get_language() or "nl")[:2]
    context = {
        "section": "evaluation",
        "year": year,
        "results": staff_results(request.membership.organisation, year, language),
    }
    return TemplateResponse(request, "evaluation/staff_results.html", context)


@facilitator_required
def staff_survey(request):
    year = timezone.localdate().year
    language = (get_language() or "nl")[:2]
    form = StaffSurveyForm(language, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            answer_staff_survey(
                request.membership.person,
                year,
                {code: data[code] for code in form.codes},
                data["feels_supported"],
                data["enough_time"],
            )
        except AlreadyAnswered:
            messages.info(request, _("You already answered this year's survey. Thank you!"))
        else:
            messages.success(request, _("Thank you. Your answer is stored without your name."))
        return redirect("evaluation:staff_survey")
    return TemplateResponse(
        request, "evaluation/staff_survey.html", {"section": "evaluation", "form": form, "year": year}
    )

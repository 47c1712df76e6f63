"""Starting and running annual report jobs. The view starts one; the background task
(tasks.py) runs `execute_annual_report` with its id and writes the progress to the row, which
the report page polls."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kring.audit.log import record_access
from kring.audit.models import AccessLog
from kring.organisations.models import Organisation
from kring.reports.models import AnnualReport

logger = logging.getLogger(__name__)


def start_annual_report(
    organisation: Organisation, user, *, year: int, language: str, enqueue: bool = True
) -> AnnualReport:
    report = AnnualReport.objects.create(
        organisation=organisation, year=year, language=language, created_by=user
    )
    if enqueue:
        from kring.reports.tasks import make_annual_report

        make_annual_report.enqueue(report.pk)
    return report


STALE_AFTER = dt.timedelta(minutes=15)  # far beyond the slowest report: its worker has stopped


def expire_if_stale(report: AnnualReport) -> AnnualReport:
    """A report still being made long after it started lost its worker: say so instead of
    letting the page wait for ever."""
    if report.status == AnnualReport.Status.RUNNING and timezone.now() - report.created_at > STALE_AFTER:
        AnnualReport.objects.filter(pk=report.pk, status=AnnualReport.Status.RUNNING).update(
            status=AnnualReport.Status.FAILED,
            error=str(_("The background worker stopped before the report was ready; make it again.")),
            finished_at=timezone.now(),
            progress_fraction=1.0,
        )
        report.refresh_from_db()
    return report


def _progress(report_id: int, fraction: float, phase: str) -> None:
    AnnualReport.objects.filter(pk=report_id).update(progress_fraction=fraction, progress_phase=phase[:60])


def execute_annual_report(report_id: int) -> str:
    """Make report `report_id` once: a report that is no longer queued is left alone."""
    from kring.reports.annual import collect_annual_report
    from kring.reports.pdf import render_annual_report_pdf

    claimed = AnnualReport.objects.filter(pk=report_id, status=AnnualReport.Status.QUEUED)
    if not claimed.update(status=AnnualReport.Status.RUNNING, progress_phase="start"):
        return AnnualReport.objects.filter(pk=report_id).values_list("status", flat=True).first() or "missing"
    report = AnnualReport.objects.select_related("organisation", "created_by").get(pk=report_id)
    try:
        with override(report.language):
            content = collect_annual_report(
                report.organisation,
                report.year,
                progress=lambda fraction, phase: _progress(report_id, fraction, phase),
            )
            _progress(report_id, 0.9, "pdf")
            report.pdf = render_annual_report_pdf(content)
        report.status = AnnualReport.Status.DONE
        # The report counts the organisation's clients: logged like a printed record view.
        record_access(
            user=report.created_by,
            action=AccessLog.Action.PRINT,
            organisation=report.organisation,
            path=f"annual-report/{report.pk}",
            detail=f"annual report {report.year} ({report.language}): counts of "
            f"{content.clients_counted} clients, no names",
        )
    except Exception as error:  # the page says what went wrong instead of waiting forever
        logger.exception("annual report %s failed", report_id)
        report.status = AnnualReport.Status.FAILED
        report.error = f"{type(error).__name__}: {error}"[:2000]
    report.progress_fraction = 1.0
    report.progress_phase = "done"
    report.finished_at = timezone.now()
    report.save()
    return report.status

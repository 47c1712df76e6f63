"""Make an organisation's annual report as PDF from the command line (no background worker)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kring.organisations.models import Organisation
from kring.reports.jobs import execute_annual_report, start_annual_report
from kring.reports.models import AnnualReport


class Command(BaseCommand):
    help = "Make the annual report of one organisation and year as PDF (logged in the access log)."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="the organisation's short name (slug)")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--language", choices=AnnualReport.Language.values, default="nl")
        parser.add_argument("-o", "--output", required=True, help="where to write the PDF")

    def handle(self, *args, organisation: str, year: int, language: str, output: str, **options):
        found = Organisation.objects.filter(slug=organisation).first()
        if found is None:
            raise CommandError(f"No organisation with short name {organisation!r}.")
        if not 2000 <= year <= 2100:
            raise CommandError("Give a year between 2000 and 2100.")
        report = start_annual_report(found, None, year=year, language=language, enqueue=False)
        if execute_annual_report(report.pk) != AnnualReport.Status.DONE:
            report.refresh_from_db()
            raise CommandError(f"The report could not be made: {report.error}")
        report.refresh_from_db()
        Path(output).write_bytes(bytes(report.pdf))
        self.stdout.write(f"{output}: annual report {year} of {found.name} ({language})")

"""The annual report: made in the background, read back from the PDF, compared with the
hand-built organisation's known answers, in Dutch and in English."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override
from pypdf import PdfReader

from kring.audit.models import AccessLog
from kring.care.models import Session
from kring.evaluation.costs import ensure_default_rates
from kring.evaluation.measures import BY_CODE
from kring.records.models import Birth
from kring.records.services.fidelity import record_self_check
from kring.reports.annual import collect_annual_report
from kring.reports.jobs import execute_annual_report, start_annual_report
from kring.reports.models import AnnualReport
from tests.factories import EnrolmentFactory, GroupFactory, SessionFactory
from tests.reports.builders import YEAR, build_rekenhulp

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)  # line breaks inside a cell are only layout


def label(code: str, language: str) -> str:
    """A measure's label as the report prints it (the measures module owns the wording)."""
    with override(language):
        return re.escape(str(BY_CODE[code].label))


def make(world, language: str) -> AnnualReport:
    report = start_annual_report(
        world.organisation, world.coordinator, year=YEAR, language=language, enqueue=False
    )
    assert execute_annual_report(report.pk) == AnnualReport.Status.DONE
    report.refresh_from_db()
    return report


def test_the_dutch_pdf_holds_the_known_figures():
    world = build_rekenhulp()

    report = make(world, "nl")
    text = pdf_text(bytes(report.pdf))

    assert bytes(report.pdf).startswith(b"%PDF")
    assert "Jaarverslag 2025" in text
    assert "Verloskundigenpraktijk Rekenhulp" in text
    expected = [
        r"Deelnemers 5\b",
        r"Groepen 2 eerste sessie in 2025",
        r"CenteringZwangerschap-groepen 2\b",
        r"CenteringOuderschap-groepen 0\b",
        r"Gehouden sessies 5\b",
        r"Geannuleerde sessies 2\b",
        r"Geannuleerde groepen 1\b",
        r"Wachttijd van intake tot sessie 1 \(mediaan\) 28 dagen 5 cliënten",
        rf"{label('breastfeeding_start', 'nl')} 75 % 4 bekend, 1 ontbrekend; individuele zorg 83 %",
        rf"{label('pain_relief', 'nl')} 50 % 2 bekend, 3 ontbrekend",
        r"Kernelementen gehaald \(alle zelfchecks\) 92,3 % 1 zelfcheck 1\.",
        r"Verslapt \(gehaald in minder dan 80 % van de sessies\): 7\. ",
        r"Kosten van de groepen € 1\.529,50",
        r"Inkomsten uit de NZa-toeslag € 0,00",
        r"Kosten per deelnemer € 305,90",
        r"CZ A € 1\.181,00 4 sessies gehouden, 3 deelnemers",
        r"CZ B € 348,50 1 sessies gehouden, 2 deelnemers",
        r"Referentie 2021: netto besparing per vrouw ten opzichte van individuele zorg € 76,00 € 57,00 extra",
        r"Referentie 2023: netto besparing per vrouw ten opzichte van individuele zorg € 67,00 € 45,00 extra",
        r"5\. Implementatiechecklist",
    ]
    for pattern in expected:
        assert re.search(pattern, text), pattern
    for client in world.clients:  # counts only: no client's name
        assert client.given_name not in text


def test_the_english_pdf_says_the_same_in_english():
    world = build_rekenhulp()

    text = pdf_text(bytes(make(world, "en").pdf))

    assert "Annual report 2025" in text
    assert re.search(r"Sessions held 5\b", text)
    assert "28 days" in text
    assert re.search(rf"{label('breastfeeding_start', 'en')} 75 % 4 known, 1 missing", text)


def test_making_the_report_is_logged_as_printing_counts_of_clients():
    world = build_rekenhulp()

    report = make(world, "nl")

    entry = AccessLog.objects.get(action=AccessLog.Action.PRINT, organisation=world.organisation)
    assert entry.user_id == world.coordinator.pk
    assert f"annual-report/{report.pk}" in entry.path
    assert "5 clients" in entry.detail


def test_a_report_runs_once_even_when_the_task_runs_twice():
    world = build_rekenhulp()
    report = make(world, "nl")

    assert execute_annual_report(report.pk) == AnnualReport.Status.DONE
    assert AccessLog.objects.filter(action=AccessLog.Action.PRINT).count() == 1


def test_a_failure_is_kept_with_its_reason_instead_of_running_forever():
    world = build_rekenhulp()
    # year 0 does not exist in the calendar: the job fails for real, and says why
    report = start_annual_report(world.organisation, world.coordinator, year=0, language="nl", enqueue=False)

    assert execute_annual_report(report.pk) == AnnualReport.Status.FAILED
    report.refresh_from_db()
    assert "ValueError" in report.error
    assert report.pdf is None
    assert report.progress_fraction == 1.0


def test_the_command_writes_the_pdf_and_refuses_an_unknown_organisation(tmp_path):
    from django.core.management import CommandError, call_command

    build_rekenhulp()
    target = tmp_path / "verslag.pdf"

    call_command("annual_report", organisation="rekenhulp", year=YEAR, language="en", output=str(target))

    assert "Annual report 2025" in pdf_text(target.read_bytes())
    with pytest.raises(CommandError, match="No organisation"):
        call_command("annual_report", organisation="nergens", year=YEAR, output=str(target))


def test_making_the_report_takes_the_same_queries_however_much_data():
    """The figures are counted by the database: more groups, clients, births and self-checks
    in the same practice take exactly as many queries."""
    world = build_rekenhulp()
    ensure_default_rates(world.organisation)
    with CaptureQueriesContext(connection) as few:
        collect_annual_report(world.organisation, YEAR)

    first = world.groups["A"]
    extra = GroupFactory(
        organisation=world.organisation, location=first.location, lead=first.lead, co=first.co
    )
    room = first.sessions.first().room
    for number, day in ((1, dt.date(2025, 3, 5)), (2, dt.date(2025, 4, 2))):
        session = SessionFactory(group=extra, room=room, number=number, date=day, status=Session.Status.HELD)
    record_self_check(session, {f"E{n:02d}": 2 for n in range(1, 14)}, by=world.facilitator)
    for _ in range(4):
        client = EnrolmentFactory(group=extra, joined_on=dt.date(2025, 2, 1)).client
        Birth.objects.create(
            client=client, born_on=dt.date(2025, 9, 1), birth_weight_g=3000, registered_by=world.coordinator
        )
    with CaptureQueriesContext(connection) as many:
        collect_annual_report(world.organisation, YEAR)

    assert len(many.captured_queries) == len(few.captured_queries)

"""The report pages: the coordinator makes and downloads the annual report (logged); nobody
else reaches them (404), and the national viewer reaches only the national view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.audit.models import AccessLog
from kring.reports.jobs import start_annual_report
from kring.reports.models import AnnualReport, NationalOptIn, NationalViewer
from tests.factories import UserFactory
from tests.reports.builders import YEAR, build_rekenhulp

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def world(db):
    return build_rekenhulp()


@pytest.fixture
def report(world):
    return start_annual_report(world.organisation, world.coordinator, year=YEAR, language="nl", enqueue=False)


def report_urls(pk: int) -> list[str]:
    return [
        reverse("reports:annual", args=[pk]),
        reverse("reports:annual_status", args=[pk]),
        reverse("reports:annual_download", args=[pk]),
    ]


def test_the_coordinator_makes_the_report_in_the_background_and_downloads_it(client, world, immediate_tasks):
    client.force_login(world.coordinator)
    assert client.get(reverse("reports:home")).status_code == 200

    response = client.post(reverse("reports:annual_start"), {"year": YEAR, "language": "nl"})

    report = AnnualReport.objects.get(organisation=world.organisation)
    assert response.url == reverse("reports:annual", args=[report.pk])
    assert client.get(reverse("reports:annual_status", args=[report.pk])).json()["status"] == "done"
    page = client.get(response.url)
    assert reverse("reports:annual_download", args=[report.pk]) in page.content.decode()
    download = client.get(reverse("reports:annual_download", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    exported = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert exported.user_id == world.coordinator.pk
    assert exported.organisation_id == world.organisation.pk
    assert "annual report 2025" in exported.detail


def test_a_queued_report_shows_progress_and_offers_no_download_yet(client, world, report):
    client.force_login(world.coordinator)

    page = client.get(reverse("reports:annual", args=[report.pk])).content.decode()
    status = client.get(reverse("reports:annual_status", args=[report.pk])).json()
    download = client.get(reverse("reports:annual_download", args=[report.pk]))

    assert 'id="report-bar"' in page and "report-download" not in page
    assert status == {"status": "queued", "status_label": "In de wachtrij", "active": True, "percent": 0}
    assert download.status_code == 302
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_bad_input_gets_a_message_and_makes_nothing(client, world):
    client.force_login(world.coordinator)

    response = client.post(reverse("reports:annual_start"), {"year": "1066", "language": "la"}, follow=True)

    assert "Kies een jaar en een taal." in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_an_outsider_gets_404_exactly_as_for_an_id_that_does_not_exist(client, world, report):
    other = build_rekenhulp("Verloskundigenpraktijk Elders", "elders")
    client.force_login(other.coordinator)

    for url in report_urls(report.pk) + report_urls(987_654):
        assert client.get(url).status_code == 404
    assert not AccessLog.objects.filter(organisation=world.organisation).exists()


@pytest.mark.parametrize("who", ["facilitator", "participant", "national"])
def test_everyone_but_the_coordinator_gets_404(client, world, report, who):
    if who == "facilitator":
        user = world.facilitator
    else:
        user = UserFactory(username=who)  # a login that belongs to no organisation
        if who == "national":
            NationalViewer.objects.create(user=user)
    client.force_login(user)

    urls = [*report_urls(report.pk), reverse("reports:home")]
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    assert client.post(reverse("reports:annual_start"), {"year": YEAR, "language": "nl"}).status_code == 404
    assert client.post(reverse("reports:national_sharing"), {"share": "yes"}).status_code == 404
    assert not NationalOptIn.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(client, report):
    for url in [*report_urls(report.pk), reverse("reports:national")]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response.url


def test_the_coordinator_opts_in_and_out_of_the_national_figures(client, world):
    client.force_login(world.coordinator)

    client.post(reverse("reports:national_sharing"), {"share": "yes"})
    assert NationalOptIn.objects.get().opted_in_by == world.coordinator
    client.post(reverse("reports:national_sharing"), {"share": "no"})
    assert not NationalOptIn.objects.exists()


def test_the_menu_leads_the_coordinator_to_reports_and_the_national_viewer_to_its_view(client, world):
    client.force_login(world.coordinator)
    assert reverse("reports:home") in client.get(reverse("web:dashboard")).content.decode()

    viewer = UserFactory(username="scn")
    NationalViewer.objects.create(user=viewer)
    client.force_login(viewer)
    landing = client.get(reverse("web:dashboard")).content.decode()
    assert reverse("reports:national") in landing
    assert reverse("reports:home") not in landing


def test_a_report_whose_worker_stopped_says_so_instead_of_waiting_for_ever(client, world, report):
    long_ago = timezone.now() - dt.timedelta(hours=1)
    AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReport.Status.RUNNING, created_at=long_ago)
    client.force_login(world.coordinator)

    status = client.get(reverse("reports:annual_status", args=[report.pk])).json()
    page = client.get(reverse("reports:annual", args=[report.pk])).content.decode()

    assert status["status"] == "failed" and status["active"] is False
    assert "make it again" in page or "maak het opnieuw" in page

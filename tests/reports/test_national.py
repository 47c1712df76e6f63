"""The national view against hand-built organisations with known answers: only opted-in
organisations count, small numbers are hidden (with their partners), no client is ever named,
the CSV says the same as the page, and the number of queries does not grow with the data."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kring.audit.models import AccessLog
from kring.evaluation.measures import BY_CODE
from kring.organisations.models import Organisation
from kring.reports.models import NationalOptIn, NationalViewer
from kring.reports.national_view import national_figures, shown_share
from tests.factories import OrganisationFactory, UserFactory
from tests.reports.builders import YEAR, build_rekenhulp

pytestmark = pytest.mark.django_db


@pytest.fixture
def country(db):
    """Two opted-in practices of 5 participants each in 2025 (their CZ leads trained in 2024),
    one opted-in JGZ organisation without CO groups, and one practice that did not opt in."""
    first = build_rekenhulp("Praktijk Een", "een")
    second = build_rekenhulp("Praktijk Twee", "twee")
    jgz = OrganisationFactory(name="JGZ Drie", slug="drie", kind=Organisation.Kind.JGZ)
    private = build_rekenhulp("Praktijk Privé", "prive")
    for organisation in (first.organisation, second.organisation, jgz):
        NationalOptIn.objects.create(organisation=organisation)
    viewer = UserFactory(username="scn")
    NationalViewer.objects.create(user=viewer)
    return {"first": first, "second": second, "private": private, "viewer": viewer}


def test_the_national_figures_are_the_known_answers(country):
    figures = national_figures(YEAR)

    assert figures.organisations == 3
    assert (figures.practices.part, figures.practices.whole, figures.practices.percent) == (2, 2, 100)
    assert (figures.jgz.part, figures.jgz.whole) == (0, 1)
    # 5 + 5: each practice's 5 is hidden, their sum of 10 is shown
    assert figures.participants_total == 10
    table = figures.tables[0]
    assert table.column_labels == ["2023", "2024", "2025"]
    assert table.row_labels == ["JGZ Drie", "Praktijk Een", "Praktijk Twee", "Totaal"]
    assert table.table.published() == [[0, 0, 0, 0], [0, 0, None, None], [0, 0, None, None], [0, 0, 10, 10]]


def test_a_practice_that_did_not_opt_in_counts_nowhere(country):
    NationalOptIn.objects.filter(organisation=country["second"].organisation).delete()

    figures = national_figures(YEAR)

    assert (figures.practices.part, figures.practices.whole) == (1, 1)
    assert figures.participants_total is None  # 5 alone is too few to show
    assert [label for label, _cells in figures.tables[0].rows()] == ["JGZ Drie", "Praktijk Een", "Totaal"]


def test_the_training_must_be_done_by_the_end_of_the_year(country):
    figures = national_figures(2023)

    assert (figures.practices.part, figures.practices.whole) == (0, 2)


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [(5, 9, (None, None)), (3, 20, (20, None)), (17, 20, (20, None)), (10, 20, (20, 50)), (0, 12, (12, 0))],
)
def test_an_outcome_share_is_hidden_when_it_rests_on_fewer_than_10_people(part, whole, shown):
    assert shown_share(part, whole) == shown


def test_the_national_viewer_sees_the_suppressed_table_and_no_client(client, country):
    client.force_login(country["viewer"])

    page = client.get(reverse("reports:national"), {"year": YEAR}).content.decode()
    response = client.get(reverse("reports:national_csv"), {"year": YEAR})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))

    assert "Landelijk beeld 2025" in page
    assert "Praktijk Privé" not in page
    assert page.count(">x</abbr>") == 4
    assert ["Deelnemers per organisatie en jaar", "Praktijk Een", "2025", "x"] in rows
    assert ["Deelnemers per organisatie en jaar", "Totaal", "2025", "10"] in rows
    assert [
        "Kansrijke Start",
        "Verloskundigenpraktijken met ten minste één getrainde zorgverlener",
        "aantal",
        "2",
    ] in rows
    names = {c.given_name for key in ("first", "second", "private") for c in country[key].clients}
    for text in (page, response.content.decode("utf-8-sig")):
        assert not any(name in text for name in names)


def test_the_national_viewer_reaches_no_client_and_no_organisation_page(client, country):
    client.force_login(country["viewer"])
    some_client = country["first"].clients[0]

    for url in (
        reverse("web:client_detail", args=[some_client.pk]),
        reverse("web:client_list"),
        reverse("records:record", args=[some_client.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (403, 404)
        assert some_client.given_name not in response.content.decode()
    assert not AccessLog.objects.filter(client=some_client).exists()


@pytest.mark.parametrize("who", ["coordinator", "facilitator", "participant"])
def test_only_the_national_viewer_reaches_the_national_view(client, country, who):
    user = {
        "coordinator": country["first"].coordinator,
        "facilitator": country["first"].facilitator,
        "participant": UserFactory(username="deelnemer"),
    }[who]
    client.force_login(user)

    assert client.get(reverse("reports:national")).status_code == 404
    assert client.get(reverse("reports:national_csv")).status_code == 404


def test_the_national_view_takes_the_same_queries_with_more_organisations(client, country):
    client.force_login(country["viewer"])
    url = reverse("reports:national")
    client.get(url)  # warm the session

    with CaptureQueriesContext(connection) as few:
        client.get(url, {"year": YEAR})
    NationalOptIn.objects.create(organisation=country["private"].organisation)
    with CaptureQueriesContext(connection) as more:
        client.get(url, {"year": YEAR})

    assert len(more.captured_queries) == len(few.captured_queries)


def test_outcomes_rest_on_enough_people_or_are_hidden(country):
    """Breastfeeding: 3 of 4 known per practice. Two practices: 8 known, too few to show
    anything; with a third: 12 known are shown, but 9 with and 3 without stay hidden."""
    two = {row.label: row for row in national_figures(YEAR).outcomes}
    third = build_rekenhulp("Praktijk Vier", "vier")
    NationalOptIn.objects.create(organisation=third.organisation)
    three = {row.label: row for row in national_figures(YEAR).outcomes}

    label = str(BY_CODE["breastfeeding_start"].label)
    assert (two[label].denominator, two[label].value) == (None, None)
    assert (three[label].denominator, three[label].value) == (12, None)


def test_viewing_and_exporting_the_national_figures_is_logged_without_a_client(client, country):
    client.force_login(country["viewer"])

    client.get(reverse("reports:national"), {"year": YEAR})
    client.get(reverse("reports:national_csv"), {"year": YEAR})

    entries = list(AccessLog.objects.filter(user=country["viewer"]).order_by("pk"))
    assert [entry.action for entry in entries] == ["view", "export"]
    shared = sorted(NationalOptIn.objects.values_list("organisation_id", flat=True))
    for entry in entries:
        assert entry.client_id is None and entry.organisation_id is None
        assert entry.role == "national_viewer"
        assert f"of organisations {','.join(map(str, shared))}:" in entry.detail

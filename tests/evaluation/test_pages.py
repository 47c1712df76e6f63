"""The evaluation pages show the hand-counted figures, log every view that counts clients,
and answer 404 to everyone but the organisation's coordinator."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from kring.audit.models import AccessLog
from kring.evaluation.models import MeasureGoal, StaffSurveyAnswer, StaffSurveyParticipation
from kring.records.services.participant_links import create_participant_link
from tests.evaluation.builders import build_telling
from tests.evaluation.test_measures import EXPECTED

pytestmark = pytest.mark.django_db

YEAR = {"start": "2025-01-01", "end": "2025-12-31"}
PAGES = ["dashboard", "dashboard_csv", "fidelity", "costs", "checklist", "staff_results"]


@pytest.fixture
def telling():
    return build_telling()


def read_csv(response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8").lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_dashboard_shows_the_hand_counts_and_is_logged(client, telling):
    client.force_login(telling.coordinator)
    page = client.get(reverse("evaluation:dashboard"), YEAR)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="figure-participants">8<' in html
    assert 'id="figure-groups">2<' in html
    assert "<svg" in html and "<script" not in html.split("<svg", 1)[1].split("</svg>")[0]
    entry = AccessLog.objects.get(action=AccessLog.Action.VIEW, detail="evaluation dashboard")
    assert entry.organisation_id == telling.organisation.pk and entry.user_id == telling.coordinator.pk


def test_csv_has_every_figure_of_the_hand_count(client, telling):
    client.force_login(telling.coordinator)
    MeasureGoal.objects.create(
        organisation=telling.organisation,
        measure="breastfeeding_start",
        target=Decimal("85"),
        valid_from=dt.date(2024, 1, 1),
    )
    response = client.get(reverse("evaluation:dashboard_csv"), YEAR)
    assert response["Content-Type"].startswith("text/csv")
    rows = {row["Code"]: row for row in read_csv(response)}
    for code, tally in EXPECTED.items():
        row = rows[code]
        assert (int(row["Ja"]), int(row["Bekend"]), int(row["Ontbreekt"])) == (
            tally.numerator,
            tally.denominator,
            tally.missing,
        ), code
    assert rows["breastfeeding_start"]["Percentage"] == "75,0"
    assert rows["breastfeeding_start"]["Doel"] == "85,0"
    assert rows["breastfeeding_start"]["Individuele zorg (referentie)"] == "83"
    assert rows["satisfaction"]["Gemiddelde"] == "8,5"
    assert (
        AccessLog.objects.filter(action=AccessLog.Action.EXPORT, detail="evaluation dashboard CSV").count()
        == 1
    )


def test_location_filter_on_the_page(client, telling):
    client.force_login(telling.coordinator)
    page = client.get(reverse("evaluation:dashboard"), {**YEAR, "location": telling.centrum.pk})
    assert 'id="figure-participants">6<' in page.content.decode()


def test_bad_filter_input_gets_a_message(client, telling):
    client.force_login(telling.coordinator)
    page = client.get(reverse("evaluation:dashboard"), {"start": "2025-12-31", "end": "2025-01-01"})
    assert page.status_code == 200
    assert "begindatum" in page.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_outsider_facilitator_and_anonymous_do_not_get_in(client, telling, name):
    url = reverse(f"evaluation:{name}")
    assert client.get(url).status_code == 302  # to the login page
    other = build_telling(slug="elders")
    client.force_login(other.facilitator)  # a facilitator of another organisation
    assert client.get(url).status_code == 404
    client.force_login(telling.facilitator)  # a facilitator of this one: not a coordinator
    assert client.get(url).status_code == 404


def test_a_participant_link_does_not_open_staff_pages(client, telling):
    _link, token = create_participant_link(telling.clients["a1"], by=telling.coordinator)
    assert client.get(f"/me/{token}/evaluation/").status_code == 404
    assert client.get(reverse("evaluation:dashboard")).status_code == 302


def test_goal_is_saved_dated(client, telling):
    client.force_login(telling.coordinator)
    response = client.post(
        reverse("evaluation:goal_save"), {"measure": "attendance", "target": "80", "valid_from": "2025-01-01"}
    )
    assert response.status_code == 302
    goal = MeasureGoal.objects.get(organisation=telling.organisation)
    assert (goal.measure, goal.target, goal.set_by_id) == (
        "attendance",
        Decimal("80.0"),
        telling.coordinator.pk,
    )


def test_other_pages_render(client, telling):
    client.force_login(telling.coordinator)
    for name in ("fidelity", "costs", "checklist", "staff_results"):
        assert client.get(reverse(f"evaluation:{name}"), YEAR).status_code == 200, name


def test_facilitator_answers_the_staff_survey_once(client, telling):
    client.force_login(telling.facilitator)
    url = reverse("evaluation:staff_survey")
    assert client.get(url).status_code == 200
    answers = {f"E{n:02d}": "2" for n in range(1, 14)} | {"feels_supported": "4", "enough_time": "2"}
    client.post(url, answers)
    client.post(url, answers)
    assert StaffSurveyAnswer.objects.count() == 1
    assert StaffSurveyParticipation.objects.get().person_id == telling.lead.pk
    answer = StaffSurveyAnswer.objects.get()
    assert answer.scores["E01"] == 2 and answer.feels_supported == 4


def test_goal_above_the_scale_is_refused_with_a_message(client, telling):
    client.force_login(telling.coordinator)
    response = client.post(
        reverse("evaluation:goal_save"),
        {"measure": "satisfaction", "target": "11", "valid_from": "2025-01-01"},
        follow=True,
    )
    assert "hoogstens 10" in response.content.decode()
    assert not MeasureGoal.objects.exists()


def test_dashboard_query_count_does_not_grow_with_the_data(client, telling):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(telling.coordinator)
    url = reverse("evaluation:dashboard")
    client.get(url, YEAR)
    with CaptureQueriesContext(connection) as small:
        client.get(url, YEAR)
        client.get(reverse("evaluation:dashboard_csv"), YEAR)
    more = build_telling(slug="meer")
    for client_record in more.clients.values():  # move the other organisation's records into this one
        client_record.organisation = telling.organisation
        client_record.save()
    for group in more.groups.values():
        group.organisation = telling.organisation
        group.save()
    with CaptureQueriesContext(connection) as large:
        client.get(url, YEAR)
        client.get(reverse("evaluation:dashboard_csv"), YEAR)
    assert len(large) == len(small)

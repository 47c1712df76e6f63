"""The participant's survey through her personal link, and the anonymous staff survey."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from kring.audit.models import AccessLog
from kring.evaluation.models import SatisfactionResponse
from kring.evaluation.surveys import answer_staff_survey, staff_results
from kring.records.services.participant_links import create_participant_link
from tests.evaluation.builders import build_telling
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ANSWER = {
    "grade": "6",
    "felt_prepared": "3",
    "learned_from_others": "2",
    "enough_time_with_midwife": "1",
    "would_recommend": "3",
}


@pytest.fixture
def telling():
    return build_telling()


def test_participant_answers_through_her_link_and_it_is_logged(client, telling):
    a1 = telling.clients["a1"]
    _link, token = create_participant_link(a1, by=telling.coordinator)
    assert 'href="survey/' in client.get(f"/me/{token}/").content.decode()
    url = reverse("evaluation:participant_survey", args=[token])
    page = client.get(url)
    assert "Hoe was de groepszorg?" in page.content.decode()
    assert "How was group care?" in client.get(url, {"lang": "en"}).content.decode()
    response = client.post(url + "?lang=nl", ANSWER)
    assert response.status_code == 302
    answer = SatisfactionResponse.objects.get(client=a1)  # replaced her earlier 9, still one answer
    assert (answer.grade, answer.group_id, answer.enough_time_with_midwife) == (6, telling.groups["A"].pk, 1)
    logged = AccessLog.objects.filter(client_id=a1.pk, role="participant")
    assert logged.filter(action=AccessLog.Action.CHANGE).count() == 1
    assert token not in "".join(logged.values_list("path", flat=True))


def test_bad_answer_is_refused_with_the_form_kept(client, telling):
    _link, token = create_participant_link(telling.clients["b2"], by=telling.coordinator)
    url = reverse("evaluation:participant_survey", args=[token])
    page = client.post(url, ANSWER | {"grade": "11"})
    assert page.status_code == 200
    assert not SatisfactionResponse.objects.filter(client=telling.clients["b2"]).exists()


def test_unknown_link_is_404(client, telling):
    assert client.get(reverse("evaluation:participant_survey", args=["nope"])).status_code == 404


def test_staff_results_only_from_three_answers(telling):
    scores = {f"E{n:02d}": 2 for n in range(1, 14)}
    people = [telling.lead, telling.co, PersonFactory(organisation=telling.organisation)]
    for person, supported in zip(people[:2], (4, 5), strict=True):
        answer_staff_survey(person, 2025, scores | {"E04": 0}, supported, 2)
    hidden = staff_results(telling.organisation, 2025)
    assert (hidden.answers, hidden.shown, hidden.elements, hidden.feels_supported) == (2, False, [], None)
    answer_staff_survey(people[2], 2025, scores, 3, 3)
    shown = staff_results(telling.organisation, 2025)
    assert shown.shown and shown.feels_supported == 4
    percents = {number: percent for number, _text, percent in shown.elements}
    assert percents[4] == Decimal("33.3") and percents[1] == 100


def test_experience_items_feed_the_dashboard(client, telling):
    import datetime as dt

    from kring.evaluation.measures import MeasureFilter
    from kring.evaluation.surveys import experience_summary

    f = MeasureFilter(organisation=telling.organisation, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    items = {item.label: (item.agree, item.answers) for item in experience_summary(f.groups().values("pk"))}
    # a1, a2 and b1 answered: prepared 3/3/3, time with the midwife 2/2/2
    assert items["Ik voel me voorbereid"] == (3, 3)
    assert items["Ik had genoeg persoonlijke tijd met de verloskundige"] == (0, 3)

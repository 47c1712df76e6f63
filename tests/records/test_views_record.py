"""The participant record (timeline, charts, birth, outcomes) and her own view by link."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.audit.models import AccessLog
from kring.records.measurements import Kind
from kring.records.models import Birth, Outcome, ParticipantLink
from kring.records.services.measuring import record_measurements
from kring.records.services.participant_links import create_participant_link, revoke_participant_link
from kring.records.services.session_day import record_attendance


@pytest.fixture
def measured(world):
    target = world.clients[0]
    record_attendance(world.session, target, "present", partner_present=True, by=world.midwife)
    record_measurements(
        world.session,
        target,
        {Kind.SYSTOLIC: 150, Kind.DIASTOLIC: 95, Kind.WEIGHT: "72,4"},
        measured_by="participant",
        by=world.assistant,
    )
    return target


def test_record_shows_timeline_and_server_rendered_charts(client, world, measured):
    client.force_login(world.midwife)
    response = client.get(reverse("records:record", args=[measured.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<svg") == 2
    assert 'class="reference"' in body and "140 mmHg" in body and "90 mmHg" in body
    assert 'class="flagged"' in body
    assert "72,4" in body
    assert "met partner" in body
    assert AccessLog.objects.filter(client=measured, action="view", user=world.midwife).exists()
    assert "http://" not in re.sub(
        r'xmlns="http://www.w3.org/2000/svg"', "", "".join(re.findall(r"<svg.*?</svg>", body, re.S))
    )


def test_record_of_another_organisation_is_404(client, world, measured):
    client.force_login(world.outsider)
    assert client.get(reverse("records:record", args=[measured.pk])).status_code == 404
    assert client.post(reverse("records:birth", args=[measured.pk]), {}).status_code == 404


def test_birth_registration_and_bad_weight(client, world):
    target = world.clients[0]
    target.due_date = timezone.localdate()
    target.save()
    client.force_login(world.midwife)
    url = reverse("records:birth", args=[target.pk])
    born = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    client.post(url, {"born_on": born, "birth_weight_g": "500000"})
    assert not Birth.objects.exists()
    client.post(url, {"born_on": born, "birth_weight_g": "3420", "breastfeeding_started": "yes"})
    assert Birth.objects.get().birth_weight_g == 3420
    assert AccessLog.objects.filter(client=target, action="change", detail="birth registration").exists()


def test_outcomes_grade_out_of_range_saves_nothing(client, world):
    target = world.clients[0]
    client.force_login(world.coordinator)
    url = reverse("records:outcome", args=[target.pk])
    response = client.post(url, {"satisfaction_grade": "11", "smoking_at_intake": "yes"}, follow=True)
    assert not Outcome.objects.exists()
    assert response.status_code == 200
    client.post(url, {"satisfaction_grade": "8", "smoking_at_intake": "yes", "pain_relief_in_labour": "none"})
    outcome = Outcome.objects.get()
    assert (outcome.satisfaction_grade, outcome.smoking_at_intake) == (8, "yes")


def test_assistant_cannot_change_outcomes(client, world):
    client.force_login(world.assistant)
    client.post(reverse("records:outcome", args=[world.clients[0].pk]), {"satisfaction_grade": "8"})
    assert not Outcome.objects.exists()


def test_make_a_personal_link_shows_it_once(client, world):
    target = world.clients[0]
    client.force_login(world.midwife)
    client.post(reverse("records:make_link", args=[target.pk]), {"language": "en", "valid_days": "30"})
    page = client.get(reverse("records:record", args=[target.pk])).content.decode()
    link = re.search(r'data-testid="new-link">([^<]+)<', page).group(1)
    assert "/me/" in link
    again = client.get(reverse("records:record", args=[target.pk])).content.decode()
    assert link not in again
    assert ParticipantLink.objects.get().language == "en"


def test_participant_sees_her_own_dates_measurements_and_charts_only(client, world, measured):
    _link, token = create_participant_link(measured, by=world.midwife, language="nl")
    record_measurements(
        world.session, world.clients[1], {Kind.WEIGHT: "91,3"}, measured_by="participant", by=world.assistant
    )
    response = client.get(reverse("records:mine", args=[token]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hoi Ayşe" in body and "Mijn data" in body
    assert body.count("<svg") == 2 and "72,4" in body
    assert "91,3" not in body and "Ngo" not in body and "Okafor" not in body
    assert world.session.date.strftime("%Y") in body
    entry = AccessLog.objects.filter(client=measured, role="participant").get()
    assert entry.user is None and token not in entry.path and entry.action == "view"


def test_participant_view_in_english(client, world, measured):
    _link, token = create_participant_link(measured, by=world.midwife, language="en")
    body = client.get(reverse("records:mine", args=[token])).content.decode()
    assert "My dates" in body and "Hello Ayşe" in body
    body = client.get(reverse("records:mine", args=[token]) + "?lang=nl").content.decode()
    assert "Mijn data" in body


def test_private_notes_never_reach_the_participant(client, world, measured):
    from kring.records.services.session_day import add_private_note

    add_private_note(world.session, measured, "Vertrouwelijk: zorgen thuis", by=world.midwife)
    _link, token = create_participant_link(measured, by=world.midwife)
    assert "Vertrouwelijk" not in client.get(reverse("records:mine", args=[token])).content.decode()


@pytest.mark.parametrize("token", ["wrong", "a" * 43])
def test_unknown_link_is_404(client, world, token):
    assert client.get(reverse("records:mine", args=[token])).status_code == 404


def test_revoked_link_is_404(client, world):
    link, token = create_participant_link(world.clients[0], by=world.midwife)
    revoke_participant_link(link)
    assert client.get(reverse("records:mine", args=[token])).status_code == 404


def test_a_co_record_asks_no_pregnancy_outcomes():
    """Issue 12 point 14: pain relief in labour and smoking at 36 weeks belong to a CZ record."""
    from kring.records.forms import OutcomeForm

    co = OutcomeForm(programme_code="CO")
    cz = OutcomeForm(programme_code="CZ")
    assert "pain_relief_in_labour" in cz.fields and "smoking_at_36_weeks" in cz.fields
    assert "pain_relief_in_labour" not in co.fields and "smoking_at_36_weeks" not in co.fields
    assert "smoking_after_birth" in co.fields and "satisfaction_grade" in co.fields

"""Self-measurement mode: names only, her own language, flags and refusals explained."""

import pytest
from django.urls import reverse

from kring.audit.models import AccessLog
from kring.records.models import Measurement


@pytest.fixture
def tablet(client, world):
    client.force_login(world.assistant)
    return client


def entry_url(world, client):
    return reverse("records:self_entry", args=[world.session.pk, client.pk])


def test_picker_shows_names_and_no_data(tablet, world):
    Measurement.objects.create(
        client=world.clients[1],
        session=world.session,
        kind="weight",
        value=88,
        unit="kg",
        loinc="29463-7",
        measured_by="participant",
        measured_at=world.session.starts_at,
    )
    body = tablet.get(reverse("records:self_picker", args=[world.session.pk])).content.decode()
    assert "Ayşe" in body and "Ngo" in body and "Mila" in body
    assert "88" not in body and "Okafor" not in body and "Olivia" not in body


def test_normal_values_are_saved_as_measured_by_the_participant(tablet, world):
    response = tablet.post(
        entry_url(world, world.clients[0]), {"systolic": "118", "diastolic": "76", "weight": "70,5"}
    )
    assert response.status_code == 200
    rows = Measurement.objects.filter(client=world.clients[0])
    assert rows.count() == 3
    assert {r.measured_by for r in rows} == {"participant"}
    assert rows.get(kind="weight").unit == "kg"
    assert AccessLog.objects.filter(client=world.clients[0], action="create").exists()


def test_250_over_150_is_saved_and_flagged_for_the_midwife(tablet, world):
    response = tablet.post(entry_url(world, world.clients[0]), {"systolic": "250", "diastolic": "150"})
    assert response.status_code == 200
    assert "verloskundige" in response.content.decode()
    assert all(m.flagged for m in Measurement.objects.all())
    day = tablet.get(reverse("records:session_day", args=[world.session.pk])).content.decode()
    # Severe (>= 160/110): not a small amber badge but an alert (issue 12 point 6).
    assert "badge--danger" in day and 'data-testid="severe-bp"' in day


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"systolic": "30", "diastolic": "300"}, "onderste waarde"),
        ({"weight": "0"}, "te laag"),
        ({"weight": "500"}, "te hoog"),
        ({"weight": "zeventig"}, "geen getal"),
        ({}, "Vul een waarde in"),
    ],
)
def test_impossible_values_are_refused_with_a_clear_message(tablet, world, data, fragment):
    response = tablet.post(entry_url(world, world.clients[0]), data)
    assert response.status_code == 400
    assert fragment in response.content.decode()
    assert not Measurement.objects.exists()


def test_refusal_in_english_when_she_reads_english(tablet, world):
    response = tablet.post(entry_url(world, world.clients[0]) + "?lang=en", {"weight": "500", "lang": "en"})
    assert response.status_code == 400
    assert "too high to be possible" in response.content.decode()


def test_her_language_comes_from_her_record(tablet, world):
    target = world.clients[1]
    target.languages = ["en", "nl"]
    target.save()
    body = tablet.get(entry_url(world, target)).content.decode()
    assert 'lang="en"' in body and "Enter your blood pressure" in body


def test_entry_shows_none_of_her_earlier_values(tablet, world):
    Measurement.objects.create(
        client=world.clients[0],
        session=world.session,
        kind="weight",
        value=77,
        unit="kg",
        loinc="29463-7",
        measured_by="participant",
        measured_at=world.session.starts_at,
    )
    page = tablet.get(entry_url(world, world.clients[0])).content.decode()
    # Look for the value as shown or prefilled, not anywhere (a CSRF token may contain "77").
    assert 'value="77' not in page
    assert ">77<" not in page and ">77 " not in page and "77 kg" not in page


def test_entry_for_someone_outside_the_group_is_404(tablet, world):
    assert tablet.get(entry_url(world, world.other_client)).status_code == 404


def test_staff_pages_are_locked_while_the_tablet_goes_round(tablet, world):
    tablet.get(reverse("records:self_picker", args=[world.session.pk]))
    unlock = reverse("records:kiosk_unlock", args=[world.session.pk])
    for url in (
        reverse("records:session_day", args=[world.session.pk]),
        reverse("records:participant", args=[world.session.pk, world.clients[1].pk]),
        reverse("records:record", args=[world.clients[1].pk]),
    ):
        response = tablet.get(url)
        assert response.status_code == 302 and response["Location"] == unlock
    # Her own entry still works while locked.
    assert tablet.get(entry_url(world, world.clients[0])).status_code == 200


def test_wrong_password_keeps_the_lock_and_the_right_one_lifts_it(tablet, world):
    from tests.records.builders import PASSWORD

    tablet.get(reverse("records:self_picker", args=[world.session.pk]))
    unlock = reverse("records:kiosk_unlock", args=[world.session.pk])
    assert tablet.post(unlock, {"password": "raden"}).status_code == 400
    assert tablet.get(reverse("records:session_day", args=[world.session.pk])).status_code == 302
    assert tablet.post(unlock, {"password": PASSWORD}).status_code == 302
    assert tablet.get(reverse("records:session_day", args=[world.session.pk])).status_code == 200


def test_five_wrong_passwords_log_the_tablet_out(tablet, world):
    tablet.get(reverse("records:self_picker", args=[world.session.pk]))
    unlock = reverse("records:kiosk_unlock", args=[world.session.pk])
    for _attempt in range(4):
        assert tablet.post(unlock, {"password": "raden"}).status_code == 400
    response = tablet.post(unlock, {"password": "raden"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert tablet.get(reverse("records:session_day", args=[world.session.pk])).status_code == 302
    assert "/login/" in tablet.get(reverse("records:session_day", args=[world.session.pk]))["Location"]


def test_tapping_save_twice_stores_the_values_once(tablet, world):
    import re

    form = tablet.get(entry_url(world, world.clients[0])).content.decode()
    entry_id = re.search(r'name="entry_id" value="([0-9a-f]{32})"', form).group(1)
    data = {"systolic": "120", "diastolic": "80", "weight": "70", "entry_id": entry_id}
    assert tablet.post(entry_url(world, world.clients[0]), data).status_code == 200
    assert tablet.post(entry_url(world, world.clients[0]), data).status_code == 302
    assert Measurement.objects.count() == 3


def test_refused_entry_can_be_corrected_with_the_same_form(tablet, world):
    form = tablet.get(entry_url(world, world.clients[0])).content.decode()
    entry_id = form.split('name="entry_id" value="')[1][:32]
    assert (
        tablet.post(entry_url(world, world.clients[0]), {"weight": "0", "entry_id": entry_id}).status_code
        == 400
    )
    assert (
        tablet.post(entry_url(world, world.clients[0]), {"weight": "70", "entry_id": entry_id}).status_code
        == 200
    )
    assert Measurement.objects.count() == 1


def test_kiosk_shows_mmhg_not_the_unit_code(client, world):
    """Issue 12 point 3: the UCUM code mm[Hg] stays in storage; people read mmHg."""
    from django.urls import reverse

    client.force_login(world.midwife)
    picker = reverse("records:self_picker", args=[world.session.pk])
    client.get(picker)
    body = client.get(
        reverse("records:self_entry", args=[world.session.pk, world.clients[0].pk])
    ).content.decode()
    assert "mmHg" in body and "mm[Hg]" not in body

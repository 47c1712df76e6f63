"""Writing through the API: clients (checked by `Client.clean()`, as in the forms), attendance
and measurements (through the records' domain functions). Each bad input of QUALITY.md that
applies gets a 400 naming the field, and nothing is half-saved."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.utils import timezone

from kring.care.models import Client
from kring.records.models import Attendance, Measurement
from tests.api.conftest import api_client

TODAY = timezone.localdate()


def _cz(**extra) -> dict:
    return {
        "programme": "CZ",
        "given_name": "Fatma",
        "family_name": "Yılmaz",
        "due_date": (TODAY + dt.timedelta(weeks=20)).isoformat(),
        **extra,
    }


def test_a_coordinator_registers_a_cz_client_with_her_preferences(world, api):
    location = world.practice.location
    body = _cz(
        bsn="111222333",
        languages=["tr", "nl"],
        dayparts=["evening"],
        weekdays=["mon", "thu"],
        locations=[location.pk],
        consent_scope="care",
    )

    response = api.post("/api/v1/clients/", body, format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    client = Client.objects.get(pk=data["id"])
    assert (client.organisation, client.programme.code, client.bsn) == (world.practice.org, "CZ", "111222333")
    assert client.preferred_locations() == [location] and data["locations"] == [location.pk]
    assert data["waiting"] is True and data["languages"] == ["tr", "nl"]


def test_a_co_client_with_her_baby(world, api):
    body = {
        "programme": "CO",
        "given_name": "Ngozi",
        "family_name": "Ọkafor",
        "baby_given_name": "Ada",
        "baby_birth_date": (TODAY - dt.timedelta(days=20)).isoformat(),
        "baby_bsn": "111222333",
        "bsn": "123456782",
    }

    response = api.post("/api/v1/clients/", body, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["baby_birth_date"] == body["baby_birth_date"]


def test_a_partial_update_changes_only_what_is_sent(world, api):
    client = world.clients[0]

    response = api.patch(f"/api/v1/clients/{client.pk}/", {"phone": "0612345678"}, format="json")

    assert response.status_code == 200
    client.refresh_from_db()
    assert (client.phone, client.given_name, client.due_date) == (
        "0612345678",
        "Ayşe",
        world.clients[0].due_date,
    )


def test_names_in_any_script_are_kept_and_stored_nfc(world, api):
    names = ["Ayşe Çelik", "ግርማይ", "فاطمة", unicodedata.normalize("NFD", "Ngozi Ọkafor")]

    made = [api.post("/api/v1/clients/", _cz(given_name=n, family_name="Test"), format="json") for n in names]

    assert [r.status_code for r in made] == [201] * 4
    assert [r.json()["given_name"] for r in made] == [unicodedata.normalize("NFC", n) for n in names]


def test_formula_prefixes_are_stored_as_text(world, api):
    response = api.post(
        "/api/v1/clients/", _cz(family_name="=HYPERLINK(1)", given_name="@Sara"), format="json"
    )

    # Accepted as a name with letters; exports neutralise the prefix (kring.web's CSV export).
    assert response.status_code == 201
    assert response.json()["family_name"] == "=HYPERLINK(1)"


BAD = [
    ("bsn", {"bsn": "123456789"}, "elfproef"),  # fails the 11-check
    ("bsn", {"bsn": "12345678"}, "9"),  # 8 digits
    ("given_name", {"given_name": "<script>alert(1)</script>"}, "<"),
    ("given_name", {"given_name": "12345"}, ""),
    ("due_date", {"due_date": (TODAY - dt.timedelta(weeks=3)).isoformat()}, ""),
    ("due_date", {"due_date": (TODAY + dt.timedelta(weeks=45)).isoformat()}, ""),
    ("due_date", {"due_date": "2027-02-29"}, "29"),
    ("due_date", {"due_date": "morgen"}, ""),
    ("date_of_birth", {"date_of_birth": (TODAY + dt.timedelta(days=1)).isoformat()}, ""),
    ("due_date", {"due_date": None}, ""),
    ("programme", {"programme": "XX"}, ""),
    ("languages", {"languages": ["Nederlands"]}, ""),
    ("weekdays", {"weekdays": ["maandag"]}, ""),
    ("dayparts", {"dayparts": ["night"]}, ""),
    ("email", {"email": "geen-adres"}, ""),
    ("locations", {"locations": [987654]}, ""),
    ("baby_given_name", {"baby_given_name": "Ada"}, ""),  # baby details on a CZ client
]


@pytest.mark.parametrize(
    ("field", "change", "hint"), BAD, ids=[f"{f}-{i}" for i, (f, _c, _h) in enumerate(BAD)]
)
def test_bad_input_names_the_field_and_saves_nothing(world, api, field, change, hint):
    before = Client.objects.count()

    response = api.post("/api/v1/clients/", _cz(**change), format="json")

    assert response.status_code == 400
    messages = response.json()[field]
    assert messages and all(isinstance(m, str) and m for m in messages)
    assert hint in " ".join(messages)
    assert Client.objects.count() == before


def test_a_duplicate_bsn_and_a_baby_with_the_mothers_bsn(world, api):
    api.post("/api/v1/clients/", _cz(bsn="111222333"), format="json")

    duplicate = api.post("/api/v1/clients/", _cz(bsn="111222333", given_name="Twee"), format="json")
    same_as_mother = api.post(
        "/api/v1/clients/",
        {
            "programme": "CO",
            "given_name": "Jet",
            "family_name": "Jansen",
            "bsn": "123456782",
            "baby_bsn": "123456782",
            "baby_birth_date": (TODAY - dt.timedelta(days=3)).isoformat(),
        },
        format="json",
    )

    assert duplicate.status_code == 400 and len(duplicate.json()["bsn"]) == 1, duplicate.json()
    assert same_as_mother.status_code == 400 and "baby_bsn" in same_as_mother.json()
    assert Client.objects.filter(bsn="111222333").count() == 1
    assert not Client.objects.filter(given_name="Jet").exists()


def test_a_bad_update_leaves_the_client_as_it_was(world, api):
    client = world.clients[0]

    response = api.put(
        f"/api/v1/clients/{client.pk}/",
        _cz(given_name="Nieuw", due_date="2027-02-29"),
        format="json",
    )

    assert response.status_code == 400 and "due_date" in response.json()
    client.refresh_from_db()
    assert client.given_name == "Ayşe"


def test_a_co_facilitator_may_not_register_clients(world):
    browser = api_client()
    browser.force_login(world.assistant)

    assert browser.post("/api/v1/clients/", _cz(), format="json").status_code == 403


def test_a_lead_registers_and_changes_clients_of_her_own_programme_only(world):
    midwife = api_client()
    midwife.force_login(world.midwife)  # CZ lead
    co_client = {
        "programme": "CO",
        "given_name": "Jet",
        "family_name": "Jansen",
        "baby_birth_date": (TODAY - dt.timedelta(days=3)).isoformat(),
    }

    cz = midwife.post("/api/v1/clients/", _cz(), format="json")
    co = midwife.post("/api/v1/clients/", co_client, format="json")
    to_co = midwife.patch(
        f"/api/v1/clients/{cz.json()['id']}/",
        {"programme": "CO", "due_date": None, "baby_birth_date": co_client["baby_birth_date"]},
        format="json",
    )

    assert (cz.status_code, co.status_code, to_co.status_code) == (201, 403, 403)
    assert not Client.objects.filter(given_name="Jet").exists()
    assert Client.objects.get(pk=cz.json()["id"]).programme.code == "CZ"


def test_attendance_is_recorded_for_a_member(world, api):
    client = world.clients[0]

    response = api.post(
        "/api/v1/attendance/",
        {"session": world.session.pk, "client": client.pk, "status": "late", "partner_present": True},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert Attendance.objects.get(session=world.session, client=client).status == "late"


def test_attendance_refusals(world, api):
    waiting = Client.objects.create(
        organisation=world.practice.org,
        programme=world.practice.programmes["CZ"],
        given_name="Wacht",
        family_name="Lijst",
        due_date=world.clients[0].due_date,
    )
    partner_alone = api.post(
        "/api/v1/attendance/",
        {
            "session": world.session.pk,
            "client": world.clients[0].pk,
            "status": "absent",
            "partner_present": True,
        },
        format="json",
    )
    not_a_member = api.post(
        "/api/v1/attendance/",
        {"session": world.session.pk, "client": waiting.pk, "status": "present"},
        format="json",
    )
    bad_status = api.post(
        "/api/v1/attendance/",
        {"session": world.session.pk, "client": world.clients[0].pk, "status": "weg"},
        format="json",
    )

    assert partner_alone.status_code == 400 and partner_alone.json()["non_field_errors"]
    assert not_a_member.status_code == 400
    assert bad_status.status_code == 400 and "status" in bad_status.json()
    assert not Attendance.objects.exists()


def _measure(api, world, values, **extra):
    return api.post(
        "/api/v1/measurements/",
        {
            "session": world.session.pk,
            "client": world.clients[0].pk,
            "measured_by": "professional",
            "values": values,
            **extra,
        },
        format="json",
    )


def test_a_high_blood_pressure_is_saved_and_flagged(world, api):
    response = _measure(api, world, {"systolic": "250", "diastolic": "150"})

    assert response.status_code == 201, response.json()
    rows = response.json()
    assert {r["kind"] for r in rows} == {"systolic", "diastolic"} and all(r["flagged"] for r in rows)
    assert Measurement.objects.filter(client=world.clients[0], flagged=True).count() == 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"systolic": "30", "diastolic": "300"}, "diastolic"),
        ({"weight": "0"}, "weight"),
        ({"weight": "500"}, "weight"),
        ({"weight": "zeventig"}, "weight"),
        ({"systolic": "120"}, "diastolic"),  # half a blood pressure
        ({"lengte": "50"}, "values"),
    ],
)
def test_impossible_measurements_are_refused_whole(world, api, values, field):
    response = _measure(api, world, {**values, "fundal_height": "20"} if field != "values" else values)

    assert response.status_code == 400
    assert response.json()[field]
    assert not Measurement.objects.exists()

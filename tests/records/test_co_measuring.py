"""CO: parents measure the baby; the nurse records the examination and vaccinations."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kring.care.models import Enrolment
from kring.records.errors import MeasurementRefused, RecordError
from kring.records.measurements import Kind
from kring.records.models import Measurement
from kring.records.services import measuring
from tests.records.builders import make_client, make_group, make_session


@pytest.fixture
def co(world):
    today = timezone.localdate()
    group = make_group(world.jgz, "CO", world.jgz_nurse, world.jgz_assistant, "CO Stad")
    session = make_session(group, 1, today, world.jgz.room)
    parent = make_client(world.jgz, "Sara", "Bakker", code="CO", baby_born=today - dt.timedelta(weeks=6))
    Enrolment.objects.create(client=parent, group=group, joined_on=today)
    return session, parent


def test_baby_weight_length_head_in_their_units(world, co):
    session, parent = co
    measuring.record_measurements(
        session,
        parent,
        {Kind.BABY_WEIGHT: "4,85", Kind.BABY_LENGTH: "56", Kind.HEAD_CIRCUMFERENCE: "385"},
        units={Kind.BABY_WEIGHT: "kg", Kind.HEAD_CIRCUMFERENCE: "mm"},
        measured_by="assistant",
        by=world.jgz_assistant.user,
    )
    saved = {m.kind: m for m in Measurement.objects.filter(client=parent)}
    assert (saved["baby_weight"].value, saved["baby_weight"].unit) == (Decimal(4850), "g")
    assert (saved["head_circumference"].value, saved["head_circumference"].unit) == (Decimal("38.5"), "cm")
    assert saved["baby_length"].loinc == "8302-2"
    assert saved["baby_weight"].measured_by == "assistant"


def test_baby_weight_zero_is_refused(world, co):
    session, parent = co
    with pytest.raises(MeasurementRefused):
        measuring.record_measurements(
            session, parent, {Kind.BABY_WEIGHT: "0"}, measured_by="participant", by=world.jgz_nurse.user
        )


def test_blood_pressure_does_not_belong_in_co(world, co):
    session, parent = co
    with pytest.raises(RecordError):
        measuring.record_measurements(
            session,
            parent,
            {Kind.SYSTOLIC: 120, Kind.DIASTOLIC: 80},
            measured_by="participant",
            by=world.jgz_nurse.user,
        )


@pytest.mark.parametrize("vaccination", ["given_in_group", "planned_separately", ""])
def test_child_examination_with_vaccination_choice(world, co, vaccination):
    session, parent = co
    check = measuring.record_professional_check(
        session,
        parent,
        by=world.jgz_nurse.user,
        remarks="Heupen normaal",
        vaccination=vaccination,
        vaccination_note="DKTP-Hib-HepB 1" if vaccination else "",
    )
    assert check.vaccination == vaccination
    assert check.remarks == "Heupen normaal"


def test_child_examination_refuses_fundal_height(world, co):
    session, parent = co
    with pytest.raises(RecordError):
        measuring.record_professional_check(session, parent, by=world.jgz_nurse.user, fundal_height="30")


def test_co_record_draws_growth_over_age(client, world, co):
    from django.urls import reverse

    session, parent = co
    measuring.record_measurements(
        session,
        parent,
        {Kind.BABY_WEIGHT: "4850", Kind.BABY_LENGTH: "56", Kind.HEAD_CIRCUMFERENCE: "38,5"},
        measured_by="participant",
        by=world.jgz_nurse.user,
    )
    client.force_login(world.jgz_nurse.user)
    body = client.get(reverse("records:record", args=[parent.pk])).content.decode()
    assert body.count("<svg") == 3
    assert "Leeftijd van de baby (maanden)" in body
    assert body.count("<circle") == 3
    assert "Geboorte" not in body  # birth registration belongs to the pregnancy record


def test_parents_measure_the_baby_on_the_tablet_in_kg_with_help(client, world, co):
    from django.urls import reverse

    session, parent = co
    client.force_login(world.jgz_assistant.user)
    url = reverse("records:self_entry", args=[session.pk, parent.pk])
    form = client.get(url).content.decode()
    assert "Vul de metingen van je baby in." in form and 'name="baby_weight_unit"' in form
    response = client.post(
        url,
        {
            "baby_weight": "5,1",
            "baby_weight_unit": "kg",
            "baby_length": "57",
            "baby_length_unit": "cm",
            "head_circumference": "39",
            "head_circumference_unit": "cm",
            "measured_by": "assistant",
        },
    )
    assert response.status_code == 200
    weight = Measurement.objects.get(client=parent, kind="baby_weight")
    assert (weight.value, weight.unit, weight.measured_by) == (Decimal(5100), "g", "assistant")


def test_baby_weight_of_500_kg_is_refused_on_the_tablet(client, world, co):
    from django.urls import reverse

    session, parent = co
    client.force_login(world.jgz_assistant.user)
    url = reverse("records:self_entry", args=[session.pk, parent.pk])
    response = client.post(url, {"baby_weight": "500", "baby_weight_unit": "kg"})
    assert response.status_code == 400 and "te hoog" in response.content.decode()
    assert not Measurement.objects.exists()


def test_nurse_records_examination_and_vaccinations_in_the_group(client, world, co):
    from django.urls import reverse

    from kring.records.models import ProfessionalCheck

    session, parent = co
    client.force_login(world.jgz_nurse.user)
    page = client.get(reverse("records:participant", args=[session.pk, parent.pk])).content.decode()
    assert "Onderzoek van het kind" in page and "Fundushoogte" not in page
    client.post(
        reverse("records:check", args=[session.pk, parent.pk]),
        {"remarks": "Groeit goed", "vaccination": "given_in_group", "vaccination_note": "DKTP-Hib-HepB 1"},
    )
    check = ProfessionalCheck.objects.get(client=parent)
    assert (check.vaccination, check.vaccination_note) == ("given_in_group", "DKTP-Hib-HepB 1")

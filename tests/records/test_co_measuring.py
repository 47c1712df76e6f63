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

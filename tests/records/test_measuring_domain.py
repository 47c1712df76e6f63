"""Self-measurement and the professional's check: saved with unit, LOINC and who measured."""

from decimal import Decimal

import pytest

from kring.records.errors import MeasurementRefused, RecordError
from kring.records.measurements import Kind
from kring.records.models import Measurement, ProfessionalCheck
from kring.records.services import measuring
from kring.records.services.session_day import close_session

BP = {Kind.SYSTOLIC: "118", Kind.DIASTOLIC: "76", Kind.WEIGHT: "71,4"}


def test_self_measurement_saves_values_with_unit_loinc_and_who(world):
    rows = measuring.record_measurements(
        world.session, world.clients[0], BP, measured_by="participant", by=world.assistant
    )
    saved = {m.kind: m for m in Measurement.objects.filter(client=world.clients[0])}
    assert len(rows) == 3
    assert saved["systolic"].value == Decimal(118) and saved["systolic"].unit == "mm[Hg]"
    assert saved["systolic"].loinc == "8480-6"
    assert saved["weight"].value == Decimal("71.4") and saved["weight"].unit == "kg"
    assert saved["weight"].loinc == "29463-7"
    assert {m.measured_by for m in saved.values()} == {"participant"}
    assert not any(m.flagged for m in saved.values())


def test_blood_pressure_250_over_150_is_saved_and_flagged(world):
    measuring.record_measurements(
        world.session,
        world.clients[0],
        {Kind.SYSTOLIC: 250, Kind.DIASTOLIC: 150},
        measured_by="participant",
        by=world.assistant,
    )
    rows = Measurement.objects.filter(client=world.clients[0])
    assert rows.count() == 2 and all(m.flagged for m in rows)
    assert rows.get(kind="systolic").flag_reasons == ["high"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({Kind.SYSTOLIC: 30, Kind.DIASTOLIC: 300, Kind.WEIGHT: 70}, "diastolic"),
        ({Kind.SYSTOLIC: 110, Kind.DIASTOLIC: 120}, "diastolic"),
        ({Kind.SYSTOLIC: 120, Kind.DIASTOLIC: 80, Kind.WEIGHT: "0"}, "weight"),
        ({Kind.WEIGHT: "500"}, "weight"),
        ({Kind.SYSTOLIC: 120}, "diastolic"),
        ({Kind.WEIGHT: "zeventig"}, "weight"),
    ],
)
def test_impossible_values_refuse_the_whole_entry(world, values, field):
    with pytest.raises(MeasurementRefused) as error:
        measuring.record_measurements(
            world.session, world.clients[0], values, measured_by="participant", by=world.assistant
        )
    assert field in error.value.field_reasons
    assert field in error.value.message_dict
    assert not Measurement.objects.exists()


def test_empty_entry_is_refused(world):
    with pytest.raises(MeasurementRefused):
        measuring.record_measurements(
            world.session, world.clients[0], {Kind.WEIGHT: ""}, measured_by="participant", by=world.assistant
        )


def test_baby_measurements_are_refused_in_a_cz_group(world):
    with pytest.raises(RecordError) as error:
        measuring.record_measurements(
            world.session,
            world.clients[0],
            {Kind.BABY_WEIGHT: 4000},
            measured_by="participant",
            by=world.assistant,
        )
    assert error.value.code == "wrong_kind"


def test_participant_cannot_enter_fundal_height(world):
    with pytest.raises(RecordError):
        measuring.record_measurements(
            world.session,
            world.clients[0],
            {Kind.FUNDAL_HEIGHT: 20},
            measured_by="participant",
            by=world.midwife,
        )


def test_unknown_measured_by_is_refused(world):
    with pytest.raises(RecordError):
        measuring.record_measurements(
            world.session, world.clients[0], {Kind.WEIGHT: 70}, measured_by="neighbour", by=world.midwife
        )


def test_measurement_after_close_is_refused(world):
    close_session(world.session, by=world.midwife)
    with pytest.raises(RecordError):
        measuring.record_measurements(
            world.session, world.clients[0], {Kind.WEIGHT: 70}, measured_by="assistant", by=world.midwife
        )


def test_professional_check_cz_saves_findings_as_measurements(world):
    check = measuring.record_professional_check(
        world.session,
        world.clients[0],
        by=world.midwife,
        fundal_height="21",
        fetal_heart_rate="140",
        position="cephalic",
        remarks="Goed gegroeid",
    )
    assert check.position == "cephalic"
    fh = Measurement.objects.get(kind="fundal_height")
    assert fh.measured_by == "professional" and fh.loinc == "11881-0" and fh.unit == "cm"
    assert Measurement.objects.get(kind="fetal_heart_rate").loinc == "55283-6"


def test_professional_check_with_impossible_heart_rate_saves_nothing(world):
    with pytest.raises(MeasurementRefused):
        measuring.record_professional_check(
            world.session, world.clients[0], by=world.midwife, fetal_heart_rate="400", remarks="x"
        )
    assert not ProfessionalCheck.objects.exists()
    assert not Measurement.objects.exists()


def test_professional_check_refuses_vaccination_in_cz(world):
    with pytest.raises(RecordError):
        measuring.record_professional_check(
            world.session, world.clients[0], by=world.midwife, vaccination="given_in_group"
        )


def test_gestational_weeks_from_due_date(world):
    client = world.clients[0]
    assert measuring.gestational_weeks(client, client.due_date) == 40
    assert measuring.gestational_weeks(client, world.session.date) == 20


def test_self_measurement_follows_the_sessions_planned_checks(world):
    from kring.care.models import ProgrammeSession

    plan = ProgrammeSession.objects.get(programme=world.group.programme, number=1)
    assert measuring.self_measured_kinds(world.session) == (Kind.SYSTOLIC, Kind.DIASTOLIC, Kind.WEIGHT)
    plan.checks = ["systolic", "diastolic", "fundal_height"]
    plan.save()
    assert measuring.self_measured_kinds(world.session) == (Kind.SYSTOLIC, Kind.DIASTOLIC)


def test_real_programme_topics_without_codes_are_listed_in_the_language(world):
    from kring.care.models import ProgrammeSession
    from kring.records.services import session_day as sd

    plan = ProgrammeSession.objects.get(programme=world.group.programme, number=1)
    plan.topics = [{"nl": "Voeding en beweging", "en": "Food and exercise"}, {"nl": "Slapen", "en": "Sleep"}]
    plan.save()
    topics = sd.programme_topics(world.session)
    assert [code for code, _topic in topics] == ["0", "1"]
    assert [sd.topic_label(topic, "en") for _code, topic in topics] == ["Food and exercise", "Sleep"]
    assert sd.record_topics(world.session, ["1"], by=world.midwife).topics_covered == ["1"]

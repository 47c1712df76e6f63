"""Interpreters as co-facilitators (trained, speaking the group's language) in what the planner
is told, and the CZ partner sessions from the programme data (issue 13, points 2 and 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from kring.care.instance import build_instance
from kring.care.interpreters import co_languages, interpreter_problem
from kring.care.models import Programme
from kring.care.partners import partner_session_numbers
from kring.care.scheduling import session_warnings
from kring.organisations.models import Role, Training
from tests.factories import OrganisationFactory, PersonFactory, SessionFactory


def test_an_untrained_co_only_person_keeps_one_language_and_cannot_interpret():
    assert co_languages(["nl", "ti"], [], ["CZ", "CO"], set()) == (["nl"], ["CZ", "CO"])
    assert co_languages(["ti", "en"], [], ["CZ"], set()) == (["ti"], ["CZ"])


def test_a_lead_or_partly_trained_person_is_not_offered_as_co_where_untrained():
    assert co_languages(["nl", "tr"], ["CZ"], ["CZ"], set()) == (["nl", "tr"], [])
    assert co_languages(["nl", "tr"], [], ["CZ", "CO"], {"CZ"}) == (["nl", "tr"], ["CZ"])


def test_trained_or_single_language_people_are_unchanged():
    assert co_languages(["nl", "ti"], [], ["CZ", "CO"], {"CZ", "CO"}) == (["nl", "ti"], ["CZ", "CO"])
    assert co_languages(["nl"], [], ["CZ", "CO"], set()) == (["nl"], ["CZ", "CO"])


@pytest.mark.django_db
def test_the_planner_instance_has_no_untrained_interpreter():
    organisation = OrganisationFactory(slug="taal")
    location = organisation.locations.create(name="Centrum")
    today = timezone.localdate()
    people = {}
    for name, trained in (("Meron", False), ("Selam", True)):
        person = PersonFactory(
            organisation=organisation, given_name=name, languages=["nl", "ti"], roles=[Role.Kind.INTERPRETER]
        )
        person.locations.add(location)
        if trained:
            Training.objects.create(person=person, programme="CZ", trained_on=today - dt.timedelta(days=30))
        people[f"F{person.pk}"] = name
    data = build_instance(organisation, plan_start=today, horizon_end=today + dt.timedelta(days=365)).data
    languages = {people[f["id"]]: f["languages"] for f in data["facilitators"]}
    can_co = {people[f["id"]]: f["can_co"] for f in data["facilitators"]}
    assert languages == {"Meron": ["nl"], "Selam": ["nl", "ti"]}
    assert can_co == {"Meron": ["CZ", "CO"], "Selam": ["CZ"]}


@pytest.mark.django_db
def test_interpreter_problem_names_the_untrained_or_non_speaking_co():
    organisation = OrganisationFactory(slug="tolk")
    today = timezone.localdate()
    lead = PersonFactory(organisation=organisation, given_name="Lotte", family_name="Leid", languages=["nl"])
    meron = PersonFactory(
        organisation=organisation, given_name="Meron", family_name="Tesfay", languages=["nl", "ti"]
    )
    with translation.override("nl"):
        untrained = interpreter_problem(lead, meron, "ti", "CZ", today)
        assert untrained is not None and "Meron Tesfay" in untrained and "Centering-training" in untrained
        assert "Tigrinya" in untrained
        not_spoken = interpreter_problem(lead, meron, "ar", "CZ", today)
        assert not_spoken is not None and "spreekt geen Arabisch" in not_spoken
        assert interpreter_problem(lead, meron, "nl", "CZ", today) is None  # the lead speaks it
    Training.objects.create(person=meron, programme="CZ", trained_on=today)
    assert interpreter_problem(lead, meron, "ti", "CZ", today) is None
    assert interpreter_problem(lead, meron, "ti", "CZ", today - dt.timedelta(days=1)) is not None


@pytest.mark.django_db
def test_cz_partner_sessions_come_from_the_programme_data():
    organisation = OrganisationFactory(slug="partners")
    cz = Programme.objects.get(organisation=organisation, code="CZ")
    co = Programme.objects.get(organisation=organisation, code="CO")
    assert partner_session_numbers(cz) == {5, 7, 10}
    assert partner_session_numbers(co) == set()


@pytest.mark.django_db
def test_session_warnings_name_an_untrained_interpreter():
    session = SessionFactory(group__language="ti")
    session.co.languages = ["nl", "ti"]
    session.co.save(update_fields=["languages"])
    with translation.override("nl"):
        warnings = session_warnings(session)
    assert any("Centering-training" in w and str(session.co) in w for w in warnings)
    Training.objects.create(person=session.co, programme="CZ", trained_on=session.date)
    with translation.override("nl"):
        assert not any("Centering-training" in w for w in session_warnings(session))

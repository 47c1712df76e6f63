from __future__ import annotations

import io
import unicodedata

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from stdnum.nl import bsn

from kring.care.access import clients_for_user
from kring.care.models import Client, Enrolment, Group, Session
from kring.demo.synthetic import synthetic_bsns
from kring.organisations.demo import DEMO_LOGINS
from kring.organisations.models import Organisation, Person

pytestmark = pytest.mark.django_db


def test_load_demo(db):
    """One load (it takes seconds), then every promise about the demo data."""
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    demo = out.getvalue()
    check_size(demo)
    check_groups_have_history(demo)
    check_logins_work_and_print(demo)
    check_personas_see_their_own_organisation_only(demo)
    check_data_is_synthetic_and_valid(demo)
    check_loading_twice_creates_nothing_twice(demo)


def counts():
    return [model.objects.count() for model in (Organisation, Person, Client, Group, Session, Enrolment)]


def check_loading_twice_creates_nothing_twice(demo):
    before = counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == before
    assert "Kept" in out.getvalue()


def check_size(demo):
    practice = Organisation.objects.get(slug="linde")
    jgz = Organisation.objects.get(slug="jgz-lindeveen")
    assert practice.locations.count() == 2
    assert sum(location.rooms.count() for location in practice.locations.all()) == 3
    assert practice.people.filter(roles__role="cz_lead").count() == 5
    assert practice.people.filter(roles__role="co_facilitator").count() == 3
    interpreters = practice.people.filter(roles__role="interpreter")
    assert any("tr" in person.languages for person in interpreters)
    assert practice.clients.filter(programme__code="CZ").count() == 150
    assert jgz.clients.filter(programme__code="CO").count() == 60
    assert jgz.people.filter(roles__role="co_lead").count() >= 2


def check_groups_have_history(demo):
    running = Group.objects.filter(status=Group.Status.RUNNING)
    assert running.count() >= 2
    for group in running:
        assert group.sessions.filter(status=Session.Status.HELD).exists()
        assert group.active_enrolments().count() >= 5


def check_logins_work_and_print(demo):
    for _role, username, password in DEMO_LOGINS:
        request = RequestFactory().post("/login/", REMOTE_ADDR="127.0.0.1")
        assert authenticate(request, username=username, password=password) is not None, username
        assert username in demo


def check_personas_see_their_own_organisation_only(demo):
    from kring.accounts.models import User

    practice_clients = set(Client.objects.filter(organisation__slug="linde").values_list("pk", flat=True))
    jgz_user = User.objects.get(username="coordinator@jgz.example")
    assert not set(clients_for_user(jgz_user).values_list("pk", flat=True)) & practice_clients


def check_data_is_synthetic_and_valid(demo):
    allowed = set(synthetic_bsns(400))
    for client in Client.objects.all():
        for number in filter(None, (client.bsn, client.baby_bsn)):
            assert bsn.is_valid(number) and number in allowed
        assert unicodedata.is_normalized("NFC", client.given_name + client.family_name)
    names = {f"{c.given_name} {c.family_name}" for c in Client.objects.all()}
    assert {"Ayşe Çelik", "Ngozi Ọkafor", "ሳባ ግርማይ"} <= names
    assert any("\u0600" <= char <= "\u06ff" for name in names for char in name)  # Arabic script


def test_demo_is_alive_on_the_day_it_is_loaded(db):
    """Issue 12 point 18: work waiting today, history for the charts, births, unique names."""
    import datetime as dt

    from django.utils import timezone

    from kring.records.models import Attendance, Birth, FollowUp, Measurement, Outcome

    call_command("load_demo", stdout=io.StringIO())
    today = timezone.localdate()
    practice = Organisation.objects.get(slug="linde")
    jgz = Organisation.objects.get(slug="jgz-lindeveen")
    for organisation in (practice, jgz):
        sessions = Session.objects.filter(group__organisation=organisation)
        assert sessions.filter(date=today).exists(), organisation
    week = Session.objects.filter(
        group__organisation=practice, date__gt=today, date__lte=today + dt.timedelta(days=6)
    )
    assert week.exists()
    for organisation in (practice, jgz):
        held = Session.objects.filter(group__organisation=organisation, status=Session.Status.HELD)
        assert Attendance.objects.filter(session__in=held).exists()
        assert Measurement.objects.filter(session__in=held).count() >= 20
    assert Measurement.objects.filter(client__organisation=jgz, kind="baby_weight").exists()
    assert Measurement.objects.filter(kind="systolic", value__gte=160).exists()  # one severe value to see
    assert FollowUp.objects.filter(client__organisation=practice).exists()
    assert Birth.objects.filter(client__organisation=practice).count() >= 5
    assert Outcome.objects.filter(client__organisation=practice).count() >= 5
    assert Group.objects.filter(organisation=practice, status=Group.Status.FINISHED).exists()
    for organisation in (practice, jgz):
        names = list(organisation.clients.values_list("given_name", "family_name"))
        assert len(names) == len(set(names)), "a name repeats in the demo"

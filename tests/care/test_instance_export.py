"""The database produces the planner's exchange format (SPEC 1.1–1.5), and the planning core
accepts it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kring.care.instance import build_instance, database_pk
from kring.care.models import Client
from kring.organisations.models import Organisation
from kring.planning.model import read_instance
from tests.factories import LocationFactory

pytestmark = pytest.mark.django_db


def export(organisation):
    today = timezone.localdate()
    return build_instance(organisation, plan_start=today, horizon_end=today + dt.timedelta(days=365))


def test_practice_fixture_exports_a_valid_instance(practice):
    for person in (practice.lead, practice.co):
        person.locations.add(practice.location)
    practice.client.location_preferences.create(location=practice.location, rank=0)
    practice.waiting_client.location_preferences.create(location=practice.location, rank=0)
    result = export(practice.organisation)
    instance = read_instance(result.data)
    assert {p.id for p in instance.programmes} == {"CZ", "CO"}
    # the enrolled client's group is left out, so only the waiting client is there to plan
    assert [c.id for c in instance.clients] == [f"C{practice.waiting_client.pk}"]
    assert instance.published == ()  # its one session does not make a whole published series
    assert result.skipped == [f"G{practice.group.pk}: its sessions are not numbered 1..n"]
    assert [f.id for f in instance.facilitators] == [f"F{practice.lead.pk}", f"F{practice.co.pk}"]
    assert instance.facilitators[0].can_lead == frozenset({"CZ"})


def test_client_without_acceptable_location_is_skipped_with_a_reason(practice):
    result = export(practice.organisation)
    assert f"C{practice.waiting_client.pk}: needs an anchor date, a language and an acceptable location" in (
        result.skipped
    )


def test_location_preferences_keep_their_order(practice):
    second = LocationFactory(organisation=practice.organisation, name="Zuid")
    practice.waiting_client.location_preferences.create(location=second, rank=0)
    practice.waiting_client.location_preferences.create(location=practice.location, rank=1)
    client = next(
        c
        for c in export(practice.organisation).data["clients"]
        if c["id"].endswith(str(practice.waiting_client.pk))
    )
    assert [database_pk(lid) for lid in client["locations"]] == [second.pk, practice.location.pk]


def test_demo_organisations_export_valid_instances_with_their_running_groups(db):
    call_command("load_demo", stdout=io.StringIO())
    for organisation in Organisation.objects.all():
        result = export(organisation)
        instance = read_instance(result.data)
        assert instance.published, organisation.slug
        waiting = Client.objects.filter(organisation=organisation, enrolments__isnull=True).count()
        members = sum(len(group.members) for group in instance.published)
        assert len(instance.clients) == waiting + members
        assert result.skipped == []


def test_export_query_count_does_not_grow_with_clients(practice, django_assert_max_num_queries):
    from tests.factories import ClientFactory

    for _ in range(20):
        ClientFactory(organisation=practice.organisation).location_preferences.create(
            location=practice.location
        )
    with django_assert_max_num_queries(20):
        export(practice.organisation)

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from kring.care.models import Programme
from kring.care.programmes import ensure_programmes
from kring.programmes import read_programme
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_cz_programme_matches_the_domain_notes():
    cz = OrganisationFactory().programmes.get(code="CZ")
    assert (cz.group_min, cz.group_target, cz.group_max) == (8, 10, 12)
    sessions = list(cz.sessions.all())
    assert [s.number for s in sessions] == list(range(1, 11))
    assert sessions[0].offset_days == -168  # week 16 of 40
    assert [s.number for s in sessions if s.seats_per_member == 2] == [5, 7, 10]
    assert sessions[-1].reference == "last"
    assert "fundal_height" in sessions[0].checks


def test_co_programme_has_eight_sessions_up_to_14_months():
    co = OrganisationFactory().programmes.get(code="CO")
    assert co.anchor == "birth_date"
    assert co.sessions.count() == 8
    assert co.sessions.get(number=8).offset_days == 427


def test_loading_twice_changes_nothing_and_keeps_edits():
    org = OrganisationFactory()
    cz = org.programmes.get(code="CZ")
    cz.group_max = 14
    cz.save()
    ensure_programmes(org)
    assert Programme.objects.filter(organisation=org).count() == 2
    assert org.programmes.get(code="CZ").group_max == 14
    assert org.programmes.get(code="CZ").sessions.count() == 10


def test_overwrite_resets_to_the_data_file():
    org = OrganisationFactory()
    cz = org.programmes.get(code="CZ")
    cz.group_max = 14
    cz.save()
    cz.sessions.filter(number=10).delete()
    call_command("load_programmes", organisation=org.slug, overwrite=True, stdout=io.StringIO())
    cz.refresh_from_db()
    assert cz.group_max == 12
    assert cz.sessions.count() == 10


def test_data_files_are_numbered_and_complete():
    for code in ("CZ", "CO"):
        data = read_programme(code)
        for session in data["sessions"]:
            assert session["window_days"][0] <= 0 <= session["window_days"][1]
            assert session["topics"] and all({"nl", "en"} <= set(topic) for topic in session["topics"])
    with pytest.raises(ValueError):
        read_programme("XX")

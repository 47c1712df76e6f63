"""Every resource's list shows the organisation's own objects in its page format, and the same
list read with another organisation's token never contains them."""

from __future__ import annotations

import pytest

from tests.api.conftest import api_client
from tests.api.objects import practice_objects

PATHS = {
    "organisation": "organisations",
    "location": "locations",
    "room": "rooms",
    "person": "people",
    "client": "clients",
    "group": "groups",
    "session": "sessions",
    "enrolment": "enrolments",
    "attendance": "attendance",
    "measurement": "measurements",
    "outcome": "outcomes",
    "planningrun": "planner-runs",
    "planversion": "plan-versions",
}


@pytest.mark.parametrize("kind", sorted(PATHS))
def test_a_list_holds_its_own_objects_only(world, api, keys, kind):
    ids = practice_objects(world)
    key = "number" if kind == "planversion" else "id"

    own = api.get(f"/api/v1/{PATHS[kind]}/", {"page_size": 100}).json()
    other = api_client(keys.outsider).get(f"/api/v1/{PATHS[kind]}/", {"page_size": 100}).json()

    assert set(own) == {"count", "next", "previous", "results"}
    assert ids[kind] in [row[key] for row in own["results"]]
    assert own["count"] == len(own["results"])
    assert ids[kind] not in [row[key] for row in other["results"]] or kind == "planversion"
    if kind == "planversion":  # numbers restart per organisation: the outsider has none
        assert other["count"] == 0


def test_people_carry_roles_availability_and_absences(world, api):
    lead = world.group.lead
    lead.availability = {"mon": ["evening"]}
    lead.save()
    lead.absences.create(first_day=world.session.date, last_day=world.session.date)

    person = api.get(f"/api/v1/people/{lead.pk}/").json()

    assert person["roles"] == ["cz_lead"]
    assert person["availability"] == {"mon": ["evening"]}
    day = world.session.date.isoformat()
    assert person["absences"] == [{"first_day": day, "last_day": day}]

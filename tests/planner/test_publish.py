"""Publishing: groups, sessions and enrolments as a numbered version, change list, outbox."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from kring.calendars.feeds import active_token_for, feed_calendar
from kring.care.models import Enrolment, Group, Session
from kring.planner import adjust
from kring.planner.models import OutboxMessage, PlanVersion
from kring.planner.outbox import send_pending
from kring.planner.publish import PublishConflict, message_counts, plan_names, publish_run
from kring.planner.runs import start_run
from kring.planning.model import plan_to_json
from tests.web.conftest import BACKEND

pytestmark = pytest.mark.django_db


def planned(plannable, **kwargs):
    run = start_run(plannable.organisation, plannable.coordinator, method="greedy", **kwargs)
    run.refresh_from_db()
    return run


def test_publish_creates_groups_sessions_enrolments_and_version_1(plannable):
    run = planned(plannable)
    version = publish_run(run, plannable.coordinator)
    assert version.number == 1
    group = Group.objects.get(organisation=plannable.organisation)
    assert group.status == Group.Status.PUBLISHED
    plan_group = run.plan["groups"][0]
    assert group.sessions.count() == len(plan_group["sessions"])
    assert Enrolment.objects.filter(group=group, status="active").count() == 10
    first = group.sessions.get(number=1)
    assert first.date.isoformat() == plan_group["sessions"][0]["date"]
    assert first.starts_at == dt.datetime.fromisoformat(plan_group["sessions"][0]["start"])
    assert [c["kind"] for c in version.changes] == ["new_group"]


def test_outbox_has_an_invitation_per_member_in_her_language_with_ics(plannable):
    version = publish_run(planned(plannable), plannable.coordinator)
    messages = list(OutboxMessage.objects.filter(version=version))
    assert len(messages) == 10
    by_client = {m.client_id: m for m in messages}
    english = by_client[plannable.clients[0].pk]
    dutch = by_client[plannable.clients[1].pk]
    assert english.language == "en" and english.subject.startswith("Invitation")
    assert dutch.language == "nl" and dutch.subject.startswith("Uitnodiging")
    calendar = icalendar.Calendar.from_ical(bytes(dutch.ics))
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == Session.objects.filter(group__organisation=plannable.organisation).count()
    assert str(calendar["METHOD"]) == "REQUEST"


def test_sending_the_outbox_uses_the_email_backend_once(plannable):
    version = publish_run(planned(plannable), plannable.coordinator)
    assert send_pending(plannable.organisation, version=version) == 10
    assert len(mail.outbox) == 10
    assert mail.outbox[0].attachments[0][2].startswith("text/calendar")
    assert send_pending(plannable.organisation, version=version) == 0
    assert OutboxMessage.objects.filter(status="sent").count() == 10


def test_a_plan_is_published_once(plannable):
    run = planned(plannable)
    publish_run(run, plannable.coordinator)
    with pytest.raises(PublishConflict):
        publish_run(run, plannable.coordinator)


def test_a_plan_made_before_another_publish_is_refused_and_nothing_is_written(plannable):
    first, second = planned(plannable), planned(plannable)
    publish_run(first, plannable.coordinator)
    with pytest.raises(PublishConflict) as refused:
        publish_run(second, plannable.coordinator)
    assert "Another coordinator" in refused.value.message or "coördinator" in refused.value.message
    assert Group.objects.filter(organisation=plannable.organisation).count() == 1
    assert PlanVersion.objects.filter(organisation=plannable.organisation).count() == 1


def test_plan_with_conflicts_cannot_be_published(plannable):
    run = planned(plannable)
    instance, plan = adjust.load(run)
    g = plan.groups[0]
    broken = adjust.apply_edit(instance, plan, adjust.SetFacilitators(g.id, 1, g.co, g.lead))
    run.plan = plan_to_json(broken)
    run.save()
    with pytest.raises(PublishConflict) as refused:
        publish_run(run, plannable.coordinator)
    assert refused.value.problems
    assert not Group.objects.filter(organisation=plannable.organisation).exists()


def test_second_version_moves_a_session_and_sends_change_notices(plannable):
    publish_run(planned(plannable), plannable.coordinator)
    again = planned(plannable)  # from the database: the group is now published
    instance, plan = adjust.load(again)
    assert len(instance.published) == 1
    g = plan.groups[0]
    s = g.sessions[3]
    moved = adjust.apply_edit(
        instance, plan, adjust.MoveSession(g.id, 4, s.date, f"R{plannable.second_room.pk}")
    )
    assert adjust.new_conflicts(instance, plan, moved) == []
    again.plan = plan_to_json(moved)
    again.save()
    assert message_counts(instance, moved) == {"invite": 0, "change": 10, "cancel": 0}
    version = publish_run(again, plannable.coordinator)
    assert version.number == 2
    assert [c["kind"] for c in version.changes] == ["session"]
    session = Session.objects.get(group__organisation=plannable.organisation, number=4)
    assert session.room == plannable.second_room
    notices = OutboxMessage.objects.filter(version=version)
    # ten participants, and the group's two facilitators (issue 11)
    assert notices.filter(client__isnull=False).count() == 10 and {m.kind for m in notices} == {"change"}
    assert notices.filter(client__isnull=True).count() == 2
    events = list(icalendar.Calendar.from_ical(bytes(notices[0].ics)).walk("VEVENT"))
    assert len(events) == 1 and int(events[0]["SEQUENCE"]) == 1  # its first change
    # The lead's feed carries the same entry with the same SEQUENCE, so a calendar program
    # takes the new room whichever of the two it reads last.
    feed = icalendar.Calendar.from_ical(feed_calendar(active_token_for(plannable.lead)))
    in_feed = {str(e["UID"]): e for e in feed.walk("VEVENT")}
    same = in_feed[str(events[0]["UID"])]
    assert int(same["SEQUENCE"]) == 1
    assert same.decoded("DTSTART") == events[0].decoded("DTSTART")
    assert "Tuinkamer" in str(same["LOCATION"])


def test_publish_asks_to_confirm_with_changes_and_the_number_of_messages(client, plannable):
    client.force_login(plannable.coordinator, backend=BACKEND)
    run = planned(plannable)
    page = client.get(reverse("planner:publish", args=[run.pk])).content.decode()
    assert 'id="publish-confirm"' in page
    assert "Nieuwe groep" in page
    assert "Publiceren zet 10 berichten in de postvak-uit" in page and "10 uitnodigingen" in page
    assert not PlanVersion.objects.exists()  # looking publishes nothing
    client.post(reverse("planner:publish", args=[run.pk]))
    version = PlanVersion.objects.get()
    assert version.messages.count() == 10  # as announced


def test_a_new_group_has_the_same_name_in_the_plan_and_after_publishing(client, plannable):
    client.force_login(plannable.coordinator, backend=BACKEND)
    run = planned(plannable)
    instance, plan = adjust.load(run)
    planned_name = plan_names(plannable.organisation, instance, plan)[plan.groups[0].id]
    publish_run(run, plannable.coordinator)
    group = Group.objects.get(organisation=plannable.organisation)
    assert group.name == planned_name
    slot = planned_name.split(" · ")[0]  # "CZ dinsdagavond": one lower-case word for the slot
    assert slot == slot[:3] + slot[3:].lower() and len(slot.split()) == 2, planned_name
    assert planned_name in client.get(reverse("planner:run", args=[run.pk])).content.decode()


def test_the_version_names_the_person_who_published(client, plannable):
    client.force_login(plannable.coordinator, backend=BACKEND)
    publish_run(planned(plannable), plannable.coordinator)
    page = client.get(reverse("planner:version", args=[1])).content.decode()
    assert "Gepubliceerd door Coördinator de Vries op" in page
    assert f"Gepubliceerd door {plannable.coordinator.username}" not in page


def test_publish_page_redirects_to_the_version_with_changes_and_outbox(client, plannable):
    client.force_login(plannable.coordinator, backend=BACKEND)
    run = planned(plannable)
    response = client.post(reverse("planner:publish", args=[run.pk]))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert 'id="outbox"' in page and "Moeder1 Jansen" in page
    client.post(reverse("planner:version", args=[1]))
    assert len(mail.outbox) == 10
    ics = client.get(reverse("planner:outbox_ics", args=[OutboxMessage.objects.first().pk]))
    assert ics["Content-Type"].startswith("text/calendar")


def test_publish_conflict_is_shown_as_a_message(client, plannable):
    client.force_login(plannable.coordinator, backend=BACKEND)
    first, second = planned(plannable), planned(plannable)
    client.post(reverse("planner:publish", args=[first.pk]))
    response = client.post(reverse("planner:publish", args=[second.pk]), follow=True)
    assert any("ublish" in str(m) or "publiceerde" in str(m) for m in response.context["messages"])

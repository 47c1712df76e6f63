"""The session-day pages as each persona: facilitators work, outsiders get 404, and every view
or change of a client's record is in the access log."""

import pytest
from django.urls import reverse

from kring.audit.models import AccessLog
from kring.records.models import Attendance, FidelitySelfCheck, FollowUp, Measurement, PrivateNote, Referral
from kring.records.services.session_day import close_session


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def day_url(session):
    return reverse("records:session_day", args=[session.pk])


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(day_url(world.session))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_session_day_shows_members_by_the_name_they_go_by(as_user, world):
    response = as_user(world.midwife).get(day_url(world.session))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ngo" in body and "Ayşe" in body
    assert "Olivia" not in body
    entry = AccessLog.objects.filter(action="search").latest("id")
    assert str(world.clients[0].pk) in entry.detail and entry.user == world.midwife


@pytest.mark.parametrize("persona", ["outsider", "jgz_coordinator"])
def test_other_organisations_get_404(as_user, world, persona):
    client = as_user(getattr(world, persona))
    assert client.get(day_url(world.session)).status_code == 404
    assert client.get(reverse("records:self_picker", args=[world.session.pk])).status_code == 404
    url = reverse("records:attendance", args=[world.session.pk, world.clients[0].pk])
    assert client.post(url, {"status": "present"}).status_code == 404
    assert not Attendance.objects.exists()


def test_privacy_officer_sees_no_session_day(client, world):
    from kring.accounts.models import User

    client.force_login(User.objects.get(username="petra"))
    assert client.get(day_url(world.session)).status_code in (403, 404)


def test_today_lists_my_session(as_user, world):
    response = as_user(world.assistant).get(reverse("records:today"))
    assert response.status_code == 200
    assert world.group.name in response.content.decode()


def test_mark_attendance_with_partner_is_logged(as_user, world):
    target = world.clients[1]
    url = reverse("records:attendance", args=[world.session.pk, target.pk])
    response = as_user(world.assistant).post(url, {"status": "late", "partner_present": "on"})
    assert response.status_code == 302
    attendance = Attendance.objects.get(client=target)
    assert attendance.status == "late" and attendance.partner_present
    log = AccessLog.objects.filter(client=target, action="change").get()
    assert log.user == world.assistant and log.ip_address == "127.0.0.1"


def test_bad_attendance_status_saves_nothing(as_user, world):
    url = reverse("records:attendance", args=[world.session.pk, world.clients[0].pk])
    as_user(world.midwife).post(url, {"status": "maybe"})
    assert not Attendance.objects.exists()


def test_attendance_needs_post_and_csrf(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.midwife)
    url = reverse("records:attendance", args=[world.session.pk, world.clients[0].pk])
    assert client.get(url).status_code == 405
    assert client.post(url, {"status": "present"}).status_code == 403
    assert not Attendance.objects.exists()


def test_topics_covered(as_user, world):
    as_user(world.midwife).post(reverse("records:topics", args=[world.session.pk]), {"topics": ["welcome"]})
    assert world.session.record.topics_covered == ["welcome"]


def test_participant_panel_is_logged_and_shows_notes(as_user, world):
    target = world.clients[0]
    client = as_user(world.midwife)
    client.post(reverse("records:note", args=[world.session.pk, target.pk]), {"text": "<b>Slaapt slecht</b>"})
    response = client.get(reverse("records:participant", args=[world.session.pk, target.pk]))
    assert response.status_code == 200
    assert "&lt;b&gt;Slaapt slecht&lt;/b&gt;" in response.content.decode()
    assert PrivateNote.objects.get().author == world.midwife
    assert AccessLog.objects.filter(client=target, action="view").exists()


def test_panel_for_a_client_outside_the_group_is_refused(as_user, world):
    response = as_user(world.midwife).get(
        reverse("records:participant", args=[world.session.pk, world.other_client.pk])
    )
    assert response.status_code == 404


def test_professional_check_by_midwife(as_user, world):
    target = world.clients[0]
    url = reverse("records:check", args=[world.session.pk, target.pk])
    data = {"fundal_height": "20", "fetal_heart_rate": "142", "position": "cephalic", "remarks": "ok"}
    assert as_user(world.midwife).post(url, data).status_code == 302
    assert Measurement.objects.filter(client=target, measured_by="professional").count() == 2


def test_professional_check_by_assistant_is_forbidden(as_user, world):
    url = reverse("records:check", args=[world.session.pk, world.clients[0].pk])
    assert as_user(world.assistant).post(url, {"remarks": "x"}).status_code == 403


def test_impossible_fetal_heart_rate_is_reported(as_user, world):
    url = reverse("records:check", args=[world.session.pk, world.clients[0].pk])
    response = as_user(world.midwife).post(url, {"fetal_heart_rate": "999"}, follow=True)
    assert "te hoog" in response.content.decode() or "too high" in response.content.decode()
    assert not Measurement.objects.exists()


def test_referral_keeps_her_in_the_group(as_user, world):
    target = world.clients[2]
    url = reverse("records:refer", args=[world.session.pk, target.pk])
    as_user(world.midwife).post(url, {"destination": "obstetrician", "reason": "Stuitligging"})
    assert Referral.objects.get().client == target
    assert target.enrolments.get().status == "active"


def test_close_session_creates_follow_ups_for_the_coordinator(as_user, world):
    client = as_user(world.midwife)
    client.post(
        reverse("records:attendance", args=[world.session.pk, world.clients[0].pk]), {"status": "present"}
    )
    response = client.post(reverse("records:close", args=[world.session.pk]))
    assert response.status_code == 302 and response["Location"].endswith("/self-check/")
    assert FollowUp.objects.count() == 2
    page = as_user(world.coordinator).get(reverse("records:follow_ups")).content.decode()
    assert world.clients[1].display_name in page
    assert as_user(world.midwife).get(reverse("records:follow_ups")).status_code == 403
    assert (
        world.clients[1].display_name
        not in as_user(world.outsider).get(reverse("records:follow_ups")).content.decode()
    )


@pytest.mark.parametrize("moment", ["2030-03-31T02:30", "2030-10-27T02:30"])
def test_follow_up_at_a_time_daylight_saving_skips_or_repeats_is_refused(as_user, world, moment):
    follow_up = close_session(world.session, by=world.midwife)[0]
    url = reverse("records:follow_up_update", args=[follow_up.pk])
    response = as_user(world.coordinator).post(url, {"status": "planned", "planned_for": moment}, follow=True)
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.planned_for) == ("open", None)
    assert "Vul een geldige status en datum in." in response.content.decode()


def test_coordinator_plans_a_follow_up(as_user, world):
    follow_up = close_session(world.session, by=world.midwife)[0]
    url = reverse("records:follow_up_update", args=[follow_up.pk])
    client = as_user(world.coordinator)
    client.post(url, {"status": "planned", "planned_for": "2030-04-02T10:00"})
    follow_up.refresh_from_db()
    assert follow_up.status == "planned" and follow_up.planned_for.hour == 8  # 10:00 CEST is 08:00 UTC
    assert as_user(world.outsider).post(url, {"status": "done"}).status_code == 404


def test_closed_session_shows_no_forms(as_user, world):
    close_session(world.session, by=world.midwife)
    body = as_user(world.midwife).get(day_url(world.session)).content.decode()
    assert 'data-testid="close-session"' not in body
    assert 'data-testid="closed-badge"' in body


def test_self_check_after_the_session(as_user, world):
    client = as_user(world.midwife)
    url = reverse("records:self_check", args=[world.session.pk])
    assert client.get(url).status_code == 200
    scores = {f"E{n:02d}": "2" for n in range(1, 14)}
    assert client.post(url, {**scores, "E05": "1"}).status_code == 302
    assert FidelitySelfCheck.objects.get().total == 25
    del scores["E13"]
    assert client.post(url, scores).status_code == 400
    assert FidelitySelfCheck.objects.get().total == 25


@pytest.mark.parametrize("day", ["2027-03-28", "2027-10-31"])  # the days daylight saving switches
def test_session_on_a_daylight_saving_day_shows_local_times(as_user, world, day):
    import datetime as dt

    from tests.records.builders import make_session

    session = make_session(world.group, 11, dt.date.fromisoformat(day), world.practice.room)
    body = as_user(world.midwife).get(day_url(session)).content.decode()
    assert "19:00–21:00" in body


def test_coordinator_finds_follow_ups_and_pathway_from_the_session_pages(as_user, world):
    client = as_user(world.coordinator)
    today = client.get(reverse("records:today")).content.decode()
    assert reverse("records:follow_ups") in today
    day = client.get(day_url(world.session)).content.decode()
    assert reverse("records:group_pathway", args=[world.group.pk]) in day
    assert (
        reverse("records:follow_ups")
        not in as_user(world.assistant).get(reverse("records:today")).content.decode()
    )


def test_attendance_by_htmx_returns_only_the_row(as_user, world):
    """Issue 12 point 10: a tap updates its row in place (no redirect, no full page)."""
    client = as_user(world.midwife)
    member = world.clients[0]
    url = reverse("records:attendance", args=[world.session.pk, member.pk])
    response = client.post(url, {"status": "present"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(f'<li class="member" id="member-{member.pk}"')
    assert 'aria-pressed="true">' in body and "<html" not in body
    assert 'id="marked-count" hx-swap-oob="true"' in body
    assert Attendance.objects.get(session=world.session, client=member).status == "present"
    page = client.get(day_url(world.session)).content.decode()
    assert f'hx-target="#member-{member.pk}"' in page

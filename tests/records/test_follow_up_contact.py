"""Issue 12 point 16: a follow-up says why the session was missed and how to reach the
participant, and showing those contact details is in the access log."""

from django.urls import reverse
from django.utils import translation

from kring.audit.models import AccessLog
from kring.records.models import Attendance
from kring.records.services.session_day import close_session, record_attendance


def test_follow_ups_show_reason_and_contact(client, world):
    ayse, ngozi, mila = world.clients
    record_attendance(world.session, ayse, Attendance.Status.EXCUSED, by=world.midwife)
    record_attendance(world.session, ngozi, Attendance.Status.PRESENT, by=world.midwife)
    close_session(world.session, by=world.midwife)  # Mila was not marked: absent
    ayse.phone, ayse.email = "06 12345678", "ayse@example.invalid"
    ayse.save()

    client.force_login(world.coordinator)
    with translation.override("nl"):
        body = client.get(reverse("records:follow_ups")).content.decode()
    assert "Afgemeld" in body and "Afwezig" in body
    assert 'href="tel:0612345678"' in body and "ayse@example.invalid" in body
    entry = AccessLog.objects.filter(action="search").latest("id")
    assert "contact details" in entry.detail and str(ayse.pk) in entry.detail and str(mila.pk) in entry.detail

"""The admin pages of the domain open for an administrator, and the access log is read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = [
    ("accounts", "user"),
    ("organisations", "organisation"),
    ("organisations", "location"),
    ("organisations", "room"),
    ("organisations", "person"),
    ("organisations", "training"),
    ("care", "programme"),
    ("care", "client"),
    ("care", "group"),
    ("care", "session"),
    ("audit", "accesslog"),
]


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_admin_changelist_opens(admin_client, practice, app, model):
    response = admin_client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize(("app", "model"), [m for m in MODELS if m != ("audit", "accesslog")])
def test_admin_add_page_opens(admin_client, practice, app, model):
    assert admin_client.get(reverse(f"admin:{app}_{model}_add")).status_code == 200


def test_client_change_page_opens(admin_client, practice):
    url = reverse("admin:care_client_change", args=[practice.client.pk])
    assert admin_client.get(url).status_code == 200


def test_access_log_cannot_be_added_in_the_admin(admin_client, practice):
    assert admin_client.get(reverse("admin:audit_accesslog_add")).status_code == 403


def test_new_organisation_in_the_admin_gets_dayparts_and_programmes(admin_client):
    from kring.organisations.models import Organisation

    data = {
        "name": "Praktijk Nieuw",
        "slug": "nieuw",
        "kind": "midwifery_practice",
        "agb_code": "",
        "ura_number": "",
        "room_buffer_minutes": "15",
        "dayparts-TOTAL_FORMS": "0",
        "dayparts-INITIAL_FORMS": "0",
        "closed_dates-TOTAL_FORMS": "0",
        "closed_dates-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:organisations_organisation_add"), data)
    assert response.status_code == 302, response.content[:2000]
    organisation = Organisation.objects.get(slug="nieuw")
    assert organisation.dayparts.count() == 3
    assert organisation.programmes.count() == 2


def test_reading_and_searching_clients_in_the_admin_is_logged(admin_client, practice):
    from kring.audit.models import AccessLog

    admin_client.get(reverse("admin:care_client_change", args=[practice.client.pk]))
    admin_client.get(reverse("admin:care_client_changelist"), {"q": "Jansen"})
    entries = list(AccessLog.objects.order_by("id"))
    assert [(e.action, e.client_id) for e in entries] == [("view", practice.client.pk), ("search", None)]
    assert entries[0].user_label == "admin"

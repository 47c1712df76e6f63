"""The NEN 7513 access log: who, on whose behalf, which client, what, when, from where;
append-only, tamper-evident, readable by the privacy officer only."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from kring.audit.access import access_log_for_user, can_read_access_log
from kring.audit.log import GENESIS_HASH, log_access, record_access, verify_chain
from kring.audit.models import AccessLog, AppendOnlyError

pytestmark = pytest.mark.django_db


def request_as(user, path="/clients/1/", ip="192.0.2.10"):
    request = RequestFactory().get(path, REMOTE_ADDR=ip)
    request.user = user
    request.session = SessionStore()
    return request


def test_log_access_records_who_whom_what_when_where(practice, coordinator):
    entry = log_access(request_as(coordinator), practice.client, "view")
    assert entry.user == coordinator
    assert entry.user_label == "coordinator"
    assert entry.organisation == practice.organisation
    assert entry.role == "coordinator"
    assert entry.client_id == practice.client.pk
    assert entry.action == AccessLog.Action.VIEW
    assert entry.ip_address == "192.0.2.10"
    assert entry.path == "/clients/1/"
    assert entry.at is not None


def test_a_search_without_client_is_logged_for_the_active_organisation(practice, coordinator):
    entry = log_access(request_as(coordinator, "/clients/?q=jan"), None, "search", detail="q=jan")
    assert entry.organisation == practice.organisation
    assert entry.client_id is None


def test_forwarded_address_is_used_only_when_trusted(practice, coordinator, settings):
    request = request_as(coordinator)
    request.META["HTTP_X_FORWARDED_FOR"] = "198.51.100.7, 10.0.0.1"
    assert log_access(request, practice.client, "view").ip_address == "192.0.2.10"
    settings.KRING_TRUST_X_FORWARDED_FOR = True
    assert log_access(request, practice.client, "view").ip_address == "198.51.100.7"


def test_unknown_action_is_refused(practice, coordinator):
    with pytest.raises(ValueError):
        record_access(user=coordinator, action="peek", client=practice.client)


def test_entries_form_a_hash_chain(practice, coordinator):
    first = record_access(user=coordinator, action="view", client=practice.client)
    second = record_access(user=coordinator, action="change", client=practice.client, detail="phone")
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.entry_hash
    result = verify_chain()
    assert result.ok and result.checked == 2


def test_an_empty_log_verifies(db):
    assert verify_chain().ok


def test_the_model_refuses_changes_and_deletes(practice, coordinator):
    entry = record_access(user=coordinator, action="view", client=practice.client)
    entry.detail = "edited"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).update(detail="edited")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_refuses_update_and_delete_even_in_raw_sql(practice, coordinator):
    entry = record_access(user=coordinator, action="view", client=practice.client)
    for sql in (
        "UPDATE audit_accesslog SET detail = 'x' WHERE id = %s",
        "DELETE FROM audit_accesslog WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])


def _tamper(sql, params):
    """Change the table behind the app's back, as someone with database access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_accesslog DISABLE TRIGGER audit_accesslog_append_only")
        cursor.execute(sql, params)


def test_verify_chain_finds_a_changed_entry(practice, coordinator):
    record_access(user=coordinator, action="view", client=practice.client)
    middle = record_access(user=coordinator, action="view", client=practice.client)
    record_access(user=coordinator, action="view", client=practice.client)
    _tamper("UPDATE audit_accesslog SET action = 'print' WHERE id = %s", [middle.pk])
    result = verify_chain()
    assert not result.ok
    assert result.broken_entry_id == middle.pk
    assert result.checked == 1


def test_verify_chain_finds_a_removed_entry(practice, coordinator):
    record_access(user=coordinator, action="view", client=practice.client)
    middle = record_access(user=coordinator, action="view", client=practice.client)
    last = record_access(user=coordinator, action="view", client=practice.client)
    _tamper("DELETE FROM audit_accesslog WHERE id = %s", [middle.pk])
    result = verify_chain()
    assert not result.ok
    assert result.broken_entry_id == last.pk


def test_privacy_officer_reads_her_organisations_log_only(practice, coordinator, privacy_officer, outsider):
    mine = record_access(user=coordinator, action="view", client=practice.client)
    other_org = outsider.people.get().organisation
    theirs = record_access(user=outsider, action="view", organisation=other_org)
    assert list(access_log_for_user(privacy_officer)) == [mine]
    assert list(access_log_for_user(outsider)) == [theirs]
    assert can_read_access_log(privacy_officer, practice.organisation)
    assert not can_read_access_log(outsider, practice.organisation)


@pytest.mark.parametrize("persona", ["coordinator", "facilitator", "midwife"])
def test_everyone_else_is_refused_the_log(request, practice, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        access_log_for_user(user)


def test_privacy_officer_of_another_organisation_is_refused_for_this_one(practice, outsider):
    with pytest.raises(PermissionDenied):
        access_log_for_user(outsider, organisation=practice.organisation)


def test_admin_shows_the_log_read_only(practice, coordinator):
    model_admin = site._registry[AccessLog]
    request = RequestFactory().get("/admin/")
    request.user = coordinator
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)

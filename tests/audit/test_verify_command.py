"""The operator's check of the access log's hash chain."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from kring.audit.log import record_access
from kring.audit.models import AccessLog

pytestmark = pytest.mark.django_db


def test_intact_log_is_reported_with_its_length(capsys, practice):
    for _ in range(3):
        record_access(user=None, action="view", client=practice.client)
    call_command("verify_access_log")
    out = capsys.readouterr().out
    assert "3 entries checked" in out
    assert f"newest entry hash (keep it with your backup): {AccessLog.objects.latest('id').entry_hash}" in out


def _forge(entry_id: int) -> None:
    """Change an entry behind the app's back, as someone with direct database access could."""
    table = AccessLog._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET detail = 'forged' WHERE id = %s", [entry_id])  # noqa: S608


def test_forged_entry_is_refused_or_found(practice):
    record_access(user=None, action="view", client=practice.client)
    entry = record_access(user=None, action="view", client=practice.client)
    if connection.vendor == "postgresql":
        # The trigger refuses the UPDATE itself.
        with pytest.raises(DatabaseError), transaction.atomic():
            _forge(entry.pk)
        call_command("verify_access_log")
    else:
        _forge(entry.pk)
        with pytest.raises(CommandError, match=f"entry {entry.pk}"):
            call_command("verify_access_log")

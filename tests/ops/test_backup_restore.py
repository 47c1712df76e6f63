"""Issue 11, point 7: `kring backup` of a populated database, `kring restore` into an empty one
elsewhere, the same row counts, an intact access-log chain and the recorded newest hash; on
SQLite (online backup API) and on PostgreSQL (pg_dump custom format)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from kring.audit.log import record_access
from kring.audit.models import AccessLog
from kring.ops.backup import manifest_path

PROJECT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def kring(*args: str, database_url: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="kring.settings")
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "kring.cli", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def manage(*args: str, database_url: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="kring.settings")
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def row_counts() -> dict[str, int]:
    return {model._meta.db_table: model._default_manager.count() for model in apps.get_models()}


def populate(practice, coordinator) -> None:
    for action in ("view", "search", "change", "export"):
        record_access(
            user=coordinator, action=action, organisation=practice.organisation, client=practice.client
        )


@pytest.fixture
def restore_target(tmp_path):
    """(DATABASE_URL of an empty database of the same engine, a function counting its rows)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"

        def count(table: str) -> int:
            with sqlite3.connect(path) as db:
                return db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608

        yield f"sqlite:///{path}", count
        return
    params = connection.get_connection_params()
    name = f"{connection.settings_dict['NAME']}_restore"
    server = {k: params[k] for k in ("host", "port", "user", "password") if params.get(k)}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        pg.execute(f'CREATE DATABASE "{name}"')

    def count(table: str) -> int:
        with psycopg.connect(dbname=name, **server) as db:
            return db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608

    yield (
        f"postgres://{params['user']}:{params['password']}@{params.get('host', '127.0.0.1')}:"
        f"{params.get('port', 5432)}/{name}",
        count,
    )
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_elsewhere_keeps_every_row_and_the_access_log(
    practice, coordinator, tmp_path, restore_target
):
    populate(practice, coordinator)
    newest = AccessLog.objects.order_by("-id").first()
    expected = row_counts()
    file = tmp_path / "kring.backup"

    call_command("backup", str(file))

    manifest = json.loads(manifest_path(file).read_text())
    assert manifest["engine"] == connection.vendor
    assert manifest["newest_entry_hash"] == newest.entry_hash
    assert manifest["access_log_entries"] == AccessLog.objects.count() >= 4

    target_url, count = restore_target
    restored = kring("restore", str(file), database_url=target_url)
    assert restored.returncode == 0, restored.stderr
    assert f"newest hash of the backup found: {newest.entry_hash}" in restored.stdout

    assert {table: count(table) for table in expected} == expected
    assert expected["care_client"] >= 2
    verified = manage("verify_access_log", database_url=target_url)
    assert verified.returncode == 0, verified.stderr
    assert newest.entry_hash in verified.stdout


def test_restore_refuses_a_database_that_is_not_empty(practice, coordinator, tmp_path, restore_target):
    populate(practice, coordinator)
    file = tmp_path / "kring.backup"
    call_command("backup", str(file))
    target_url, count = restore_target
    assert kring("restore", str(file), database_url=target_url).returncode == 0
    clients = count("care_client")

    again = kring("restore", str(file), database_url=target_url)

    assert again.returncode == 2
    assert "is not empty" in again.stderr
    assert count("care_client") == clients


def test_a_backup_never_overwrites_a_file(practice, tmp_path):
    file = tmp_path / "kring.backup"
    file.write_bytes(b"earlier backup")

    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(file))
    assert file.read_bytes() == b"earlier backup"


def test_restore_refuses_a_damaged_file(practice, coordinator, tmp_path, restore_target):
    populate(practice, coordinator)
    file = tmp_path / "kring.backup"
    call_command("backup", str(file))
    with file.open("r+b") as stream:
        stream.seek(200)
        stream.write(b"\x00damage\x00")

    result = kring("restore", str(file), database_url=restore_target[0])

    assert result.returncode == 2
    assert "damaged" in result.stderr


@pytest.mark.skipif(connection.vendor != "sqlite", reason="edits the backup file with sqlite3")
def test_the_recorded_hash_shows_newest_entries_removed_from_a_backup(practice, coordinator, tmp_path):
    """The chain alone cannot show that its last entries are gone; the hash kept beside it can."""
    populate(practice, coordinator)
    file = tmp_path / "kring.backup"
    call_command("backup", str(file))
    with sqlite3.connect(file) as db:
        db.execute("DELETE FROM audit_accesslog WHERE id = (SELECT max(id) FROM audit_accesslog)")
    db.close()
    manifest = json.loads(manifest_path(file).read_text())
    manifest["file_sha256"] = ""  # someone who edits the file can recompute this too
    manifest_path(file).write_text(json.dumps(manifest))

    result = kring("restore", str(file), database_url=f"sqlite:///{tmp_path / 'restored.sqlite3'}")

    assert result.returncode == 2
    assert "newest entry recorded with the backup is not in the restored log" in result.stderr

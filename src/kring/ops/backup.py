"""`kring backup` and `kring restore` (also `manage.py backup` / `manage.py restore`).

A backup is one file: an SQLite copy made with SQLite's online backup API (the server keeps
running), or a `pg_dump --format=custom` archive. Beside it, `<file>.json` records the access
log's newest entry (id and hash) read before the copy, the number of entries and the file's
SHA-256. The chain in the access log shows any changed or removed entry except the newest ones;
this hash, kept apart from the database, shows those too: after a restore it must be in the log.

A restore goes only into an empty database (no tables), so it never mixes two installations;
afterwards it verifies the hash chain and looks for the recorded newest hash.

Encryption is left to the storage the file goes to (an encrypted volume, or `age`/`gpg` on the
file): the `cryptography` package is not among Kring's dependencies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from kring.audit.log import verify_chain
from kring.audit.models import AccessLog


class BackupError(Exception):
    """Backup or restore cannot go ahead; the message says why and what to do."""


@dataclass
class Manifest:
    engine: str
    created_at: str
    access_log_entries: int
    newest_entry_id: int | None
    newest_entry_hash: str | None
    file_sha256: str = ""

    @classmethod
    def read(cls, backup: Path) -> Manifest:
        path = manifest_path(backup)
        if not path.exists():
            raise BackupError(f"{path} is missing: it holds the access log's newest hash for this backup.")
        return cls(**json.loads(path.read_text()))


@dataclass
class RestoreReport:
    entries_checked: int
    newest_hash_found: bool
    manifest: Manifest


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".json")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_environment() -> dict[str, str]:
    """libpq's variables for the configured database, so no password appears in a command line."""
    params = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if params.get(key):
            env[variable] = str(params[key])
    return env


def _run(command: list[str]) -> None:
    result = subprocess.run(  # noqa: S603 - a fixed program with our own arguments
        command, env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def backup(target: Path) -> Manifest:
    """Write a backup of the configured database to `target` and its manifest beside it."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file name.")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist.")
    # Entries are never changed or removed, so the newest one read now is in the copy made next.
    newest = AccessLog.objects.order_by("-id").values_list("id", "entry_hash").first()
    entries = AccessLog.objects.count()
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    elif connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target)])
    else:
        raise BackupError(f"no backup method for {connection.vendor}.")
    manifest = Manifest(
        engine=connection.vendor,
        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        access_log_entries=entries,
        newest_entry_id=newest[0] if newest else None,
        newest_entry_hash=newest[1] if newest else None,
        file_sha256=file_sha256(target),
    )
    manifest_path(target).write_text(json.dumps(manifest.__dict__, indent=2) + "\n")
    return manifest


def _require_empty_database() -> None:
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"the database {connection.settings_dict['NAME']} is not empty ({len(tables)} tables); "
            "restore into a new, empty database."
        )


def restore(source: Path) -> RestoreReport:
    """Load backup `source` into the configured, empty database, then verify the access log."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    manifest = Manifest.read(source)
    if manifest.file_sha256 and file_sha256(source) != manifest.file_sha256:
        raise BackupError(f"{source} does not match the SHA-256 in its manifest: the file is damaged.")
    if manifest.engine != connection.vendor:
        raise BackupError(
            f"{source} is a {manifest.engine} backup; the database here is {connection.vendor}."
        )
    _require_empty_database()
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as original:
            original.backup(connection.connection)
        original.close()
    else:
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--dbname",
                connection.settings_dict["NAME"],
                str(source),
            ]
        )
    return check_restored(manifest)


def check_restored(manifest: Manifest) -> RestoreReport:
    result = verify_chain()
    if not result.ok:
        raise BackupError(
            f"the restored access log is broken at entry {result.broken_entry_id}: {result.reason}"
        )
    found = (
        manifest.newest_entry_hash is None
        or AccessLog.objects.filter(
            pk=manifest.newest_entry_id, entry_hash=manifest.newest_entry_hash
        ).exists()
    )
    if not found:
        raise BackupError(
            "the access log's newest entry recorded with the backup is not in the restored log."
        )
    return RestoreReport(entries_checked=result.checked, newest_hash_found=found, manifest=manifest)

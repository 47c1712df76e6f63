from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kring.ops.backup import BackupError, backup, manifest_path


class Command(BaseCommand):
    help = (
        "Back up the database to FILE (SQLite online backup or pg_dump custom format), "
        "with the access log's newest hash in FILE.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            manifest = backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"backup written: {file} ({manifest.engine}, {manifest.access_log_entries} access-log entries)"
        )
        self.stdout.write(f"newest access-log hash: {manifest.newest_entry_hash} (in {manifest_path(file)})")

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kring.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore backup FILE into the configured database, which must be empty; then verify the access log."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            report = restore(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"restored {file}")
        self.stdout.write(f"access log intact: {report.entries_checked} entries checked")
        if report.manifest.newest_entry_hash:
            self.stdout.write(f"newest hash of the backup found: {report.manifest.newest_entry_hash}")

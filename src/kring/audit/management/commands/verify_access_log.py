"""`manage.py verify_access_log`: recompute the access log's hash chain (after a restore,
or as a periodic check). Exits non-zero when an entry was changed or removed."""

from django.core.management.base import BaseCommand, CommandError

from kring.audit.log import verify_chain


class Command(BaseCommand):
    help = "Check that no access-log entry was changed, inserted or removed."

    def handle(self, *args, **options) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"access log broken at entry {result.broken_entry_id} after {result.checked} good "
                f"entries: {result.reason}"
            )
        self.stdout.write(f"access log intact: {result.checked} entries checked")

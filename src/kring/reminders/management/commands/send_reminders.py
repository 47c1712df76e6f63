from django.core.management.base import BaseCommand

from kring.reminders.sending import run_reminders


class Command(BaseCommand):
    help = (
        "Queue the reminders that are due and send queued ones once (the workers do this every few minutes)."
    )

    def handle(self, *args, **options) -> None:
        result = run_reminders()
        self.stdout.write(f"queued {result['queued']}, sent {result['sent']}, stale {result['stale']}")

"""`manage.py db_worker` as django-tasks-db has it, plus one thing: on start it makes sure the
periodic reminder job is queued, so every worker (the demo's, `make serve`'s, a systemd unit)
runs reminders without a separate scheduler. This app comes before django_tasks_db in
INSTALLED_APPS, so this command is the one Django finds."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from kring.reminders.tasks import ensure_scheduled


class Command(DatabaseWorkerCommand):
    def handle(self, *args, **options):
        ensure_scheduled()
        return super().handle(*args, **options)

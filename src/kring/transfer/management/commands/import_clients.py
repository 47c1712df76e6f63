"""`manage.py import_clients FILE --organisation SLUG [--dry-run]`: the import page's
preview and all-or-nothing import from the command line (also `kring import clients`)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kring.interop.tabular import TableReadError, guess_mapping, read_table
from kring.organisations.models import Organisation
from kring.transfer import importing
from kring.transfer.models import ColumnMapping, ImportKind

MAX_ERRORS_SHOWN = 50


class Command(BaseCommand):
    help = "Import clients (or people) from a CSV or Excel file; all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, help="the organisation's short name (slug)")
        parser.add_argument("--kind", choices=ImportKind.values, default=ImportKind.CLIENTS)
        parser.add_argument("--dry-run", action="store_true", help="check every row, save nothing")
        parser.add_argument("--user", default="", help="username recorded in the access log")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"no organisation with short name {options['organisation']!r}")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no user {options['user']!r}")
        try:
            table = read_table(options["file"].read_bytes())
        except OSError as error:
            raise CommandError(f"cannot read {options['file']}: {error}") from error
        except TableReadError as error:
            raise CommandError(str(importing.table_error_message(error.code))) from error
        kind = options["kind"]
        remembered = ColumnMapping.objects.filter(organisation=organisation, kind=kind).first()
        mapping = guess_mapping(table.header, kind)
        if remembered:
            mapping.update({c: f for c, f in remembered.mapping.items() if c in table.header})
        missing = importing.missing_columns(kind, mapping)
        if missing:
            raise CommandError(
                f"no column found for: {', '.join(missing)} (columns: {', '.join(table.header)})"
            )
        outcomes = importing.evaluate(organisation, kind, table, mapping)
        counts = importing.count(outcomes)
        self.stdout.write(
            f"{len(outcomes)} rows: {counts['new']} new, {counts['update']} update, "
            f"{counts['unchanged']} unchanged, {counts['error']} error"
        )
        errors = [outcome for outcome in outcomes if outcome.status == importing.Status.ERROR]
        for outcome in errors[:MAX_ERRORS_SHOWN]:
            reasons = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in outcome.errors.items())
            self.stderr.write(f"  row {outcome.row} ({outcome.label}): {reasons}")
        if len(errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(f"  … and {len(errors) - MAX_ERRORS_SHOWN} more rows with errors")
        if errors:
            raise CommandError("nothing imported: correct the rows with errors")
        if options["dry_run"]:
            self.stdout.write("dry run: nothing saved")
            return
        importing.save_all(
            organisation,
            kind,
            outcomes,
            user=user,
            filename=options["file"].name,
            path="manage.py import_clients",
        )
        self.stdout.write(self.style.SUCCESS(f"imported {counts['new']} new and {counts['update']} updated"))

"""`manage.py export_fhir --organisation SLUG -o DIR`: the organisation as FHIR R4 NDJSON,
one file per resource type (also `kring export fhir`). Logs an export per client."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kring.audit.log import record_access
from kring.audit.models import AccessLog
from kring.care.models import Client
from kring.interop.fhir.bundle import ndjson_lines
from kring.organisations.models import Organisation
from kring.transfer.fhir_data import organisation_resources


class Command(BaseCommand):
    help = "Export an organisation as FHIR R4 NDJSON files (one per resource type)."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="the organisation's short name (slug)")
        parser.add_argument("-o", "--output", type=Path, required=True, help="directory to write to")
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
        output: Path = options["output"]
        try:
            output.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"cannot create {output}: {error}") from error
        clients = list(
            Client.objects.filter(organisation=organisation).select_related("programme").order_by("pk")
        )
        # Logged before anything is written: no export leaves without its log entries.
        for client in clients:
            record_access(
                user=user,
                action=AccessLog.Action.EXPORT,
                organisation=organisation,
                client=client,
                path="manage.py export_fhir",
                detail=f"FHIR bulk export (NDJSON) to {output}",
            )
        files = ndjson_lines(organisation_resources(organisation, clients))
        for resource_type, lines in sorted(files.items()):
            (output / f"{resource_type}.ndjson").write_text("\n".join(lines) + "\n", encoding="utf-8")
            self.stdout.write(f"{resource_type}.ndjson: {len(lines)}")

from django.core.management.base import BaseCommand, CommandError

from kring.care.programmes import ensure_programmes
from kring.organisations.models import Organisation
from kring.organisations.setup import ensure_default_dayparts


class Command(BaseCommand):
    help = (
        "Create the CZ and CO programmes (and default dayparts) from src/kring/programmes/*.json for every "
        "organisation, or one. Existing programmes are kept unless --overwrite."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", help="short name (slug) of one organisation")
        parser.add_argument("--overwrite", action="store_true", help="reset existing programmes to the files")

    def handle(self, *args, organisation=None, overwrite=False, **options):
        organisations = Organisation.objects.all()
        if organisation:
            organisations = organisations.filter(slug=organisation)
            if not organisations.exists():
                raise CommandError(f"No organisation with short name {organisation!r}.")
        for org in organisations:
            ensure_default_dayparts(org)
            programmes = ensure_programmes(org, overwrite=overwrite)
            self.stdout.write(f"{org.slug}: {', '.join(p.code for p in programmes)}")

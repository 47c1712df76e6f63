"""The demo's national viewer (Stichting Centering Nederland) and the demo organisations'
opt-in to the national figures; `load_demo` calls this, and running it again changes nothing."""

from __future__ import annotations

from kring.organisations.models import Organisation
from kring.reports.models import NationalOptIn, NationalViewer

NATIONAL_DEMO_LOGIN = "landelijk@centering.example"


def set_up_national_demo(viewer, organisation_slugs: list[str]) -> None:
    NationalViewer.objects.get_or_create(user=viewer)
    for organisation in Organisation.objects.filter(slug__in=organisation_slugs):
        NationalOptIn.objects.get_or_create(organisation=organisation)

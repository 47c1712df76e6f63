"""Setting up an organisation: its default dayparts (the care app adds the programmes)."""

from __future__ import annotations

from kring.organisations.models import Daypart, Organisation
from kring.organisations.models.organisation import DEFAULT_DAYPARTS


def ensure_default_dayparts(organisation: Organisation) -> list[Daypart]:
    """Create the morning, afternoon and evening dayparts an organisation lacks; keeps edits."""
    dayparts = []
    for code, name, start, end in DEFAULT_DAYPARTS:
        daypart, _created = Daypart.objects.get_or_create(
            organisation=organisation, code=code, defaults={"name": str(name), "start": start, "end": end}
        )
        dayparts.append(daypart)
    return dayparts

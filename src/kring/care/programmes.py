"""Programme definitions in the database, per organisation, copied from the data files in
`src/kring/programmes/`. An organisation gets CZ and CO when it is set up (admin, demo,
`manage.py load_programmes`); after that the admin is the place to change them.
"""

from __future__ import annotations

from django.db import transaction

from kring.care.models import Programme, ProgrammeSession
from kring.organisations.models import Organisation
from kring.organisations.setup import ensure_default_dayparts
from kring.programmes import PROGRAMME_CODES, read_programme


@transaction.atomic
def load_programme(organisation: Organisation, code: str, *, overwrite: bool = False) -> Programme:
    """Create programme `code` for `organisation` from its data file. An existing programme is
    left as it is (it may have been edited) unless `overwrite`: then it is reset to the file."""
    data = read_programme(code)
    fields = {
        "name": data["name"],
        "anchor": data["anchor"],
        "group_min": data["group_size"]["min"],
        "group_target": data["group_size"]["target"],
        "group_max": data["group_size"]["max"],
        "anchor_spread_days": data["anchor_spread_days"],
        "latest_join_session": data["latest_join_session"],
        "min_days_between_sessions": data["min_days_between_sessions"],
        "session_minutes": data.get("session_minutes", 120),
    }
    programme, created = Programme.objects.get_or_create(
        organisation=organisation, code=code, defaults=fields
    )
    if not created and not overwrite:
        return programme
    if overwrite:
        for name, value in fields.items():
            setattr(programme, name, value)
        programme.save()
        programme.sessions.all().delete()
    ProgrammeSession.objects.bulk_create(
        ProgrammeSession(
            programme=programme,
            number=session["number"],
            label=session["label"],
            reference=session["reference"],
            offset_days=session["offset_days"],
            window_before_days=session["window_days"][0],
            window_after_days=session["window_days"][1],
            seats_per_member=session["seats_per_member"],
            topics=session.get("topics", []),
            checks=session.get("checks", []),
            note=session.get("note", ""),
        )
        for session in data["sessions"]
    )
    return programme


def ensure_programmes(organisation: Organisation, *, overwrite: bool = False) -> list[Programme]:
    return [load_programme(organisation, code, overwrite=overwrite) for code in PROGRAMME_CODES]


@transaction.atomic
def set_up_organisation(organisation: Organisation) -> None:
    """Give a new organisation its default dayparts and both programmes (idempotent)."""
    ensure_default_dayparts(organisation)
    ensure_programmes(organisation)

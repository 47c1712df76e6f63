"""The name of a group the planner makes. The review page and publishing both call
`new_group_name`, so a group is called the same before and after it is published."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from kring.organisations.validators import WEEKDAY_CHOICES


def slot_words(weekday: str, daypart_name: str) -> str:
    """'dinsdagavond' in Dutch, 'Tuesday evening' in English; daypart names are stored
    capitalised ("Avond") and read in lower case inside a name."""
    day = str(dict(WEEKDAY_CHOICES).get(weekday, weekday))
    part = daypart_name.strip().lower()
    if " " in part:  # "vroege avond" does not join into one word
        return f"{day} {part}"
    return _("%(weekday)s %(daypart)s") % {"weekday": day, "daypart": part}


def new_group_name(programme: str, weekday: str, daypart_name: str, location: str, first: dt.date) -> str:
    """'CZ dinsdagavond · Centrum · 01-2027': programme, slot, place and the month it starts."""
    return f"{programme} {slot_words(weekday, daypart_name)} · {location} · {first:%m-%Y}"

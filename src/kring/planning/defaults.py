"""What every organisation starts from: dayparts, the CZ and CO programmes, Dutch closed dates.

The programmes are those of `shared/planning/examples/README.md` (from the session plans in
`shared/domain/centering.md`); an instance always carries its own copy, so these are starting
points for the generator and the demo, never rules the planner relies on.
"""

from __future__ import annotations

import datetime as dt

from kring.planning.model import Daypart, GroupSize, Programme, SessionSpec

DAYPARTS: tuple[Daypart, ...] = (
    Daypart("morning", dt.time(9, 30), dt.time(11, 30)),
    Daypart("afternoon", dt.time(13, 30), dt.time(15, 30)),
    Daypart("evening", dt.time(19, 0), dt.time(21, 0)),
)
ROOM_BUFFER_MINUTES = 15

# CZ sessions 1-9 at these median weeks of pregnancy; partners come to sessions 5, 7 and 10.
CZ_WEEKS: tuple[int, ...] = (16, 20, 24, 28, 30, 32, 34, 36, 38)
CZ_PARTNER_SESSIONS = frozenset({5, 7, 10})
# CO sessions at these ages (days) of the baby; parent and baby take two seats.
CO_AGES_DAYS: tuple[int, ...] = (42, 91, 133, 182, 224, 273, 350, 427)


def _cz() -> Programme:
    sessions = [
        SessionSpec(
            number=k,
            reference="mid",
            offset_days=(week - 40) * 7,
            window_days=(-14, 14) if k == 1 else (-7, 7),
            seats_per_member=2 if k in CZ_PARTNER_SESSIONS else 1,
        )
        for k, week in enumerate(CZ_WEEKS, start=1)
    ]
    # Session 10: four weeks after the latest due date in the group, babies and partners come.
    sessions.append(SessionSpec(10, "last", 28, (-14, 14), 2))
    return Programme(
        id="CZ", anchor="due_date", group_size=GroupSize(8, 10, 12), anchor_spread_days=28,
        latest_join_session=2, min_days_between_sessions=7, sessions=tuple(sessions),
    )


def _co() -> Programme:
    sessions = tuple(
        SessionSpec(k, "mid", age, (-14, 14) if k == 1 else (-7, 7), 2)
        for k, age in enumerate(CO_AGES_DAYS, start=1)
    )
    return Programme(
        id="CO", anchor="birth_date", group_size=GroupSize(5, 7, 8), anchor_spread_days=28,
        latest_join_session=2, min_days_between_sessions=14, sessions=sessions,
    )


CZ: Programme = _cz()
CO: Programme = _co()
PROGRAMMES: tuple[Programme, ...] = (CZ, CO)


def easter_sunday(year: int) -> dt.date:
    """Western Easter by the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def dutch_closed_dates(year: int) -> list[dt.date]:
    """Days without Centering sessions in one year, as in the example instances.

    New Year, Easter Sunday and Monday, King's Day (26 April when 27 April is a Sunday),
    Ascension Day, Whit Sunday and Monday, Liberation Day in lustrum years only, and
    25-31 December. Good Friday is a normal working day.
    """
    easter = easter_sunday(year)
    kings_day = dt.date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = dt.date(year, 4, 26)
    days = [
        dt.date(year, 1, 1),
        easter,
        easter + dt.timedelta(days=1),
        kings_day,
        easter + dt.timedelta(days=39),  # Ascension Day
        easter + dt.timedelta(days=49),  # Whit Sunday
        easter + dt.timedelta(days=50),  # Whit Monday
    ]
    if year % 5 == 0:
        days.append(dt.date(year, 5, 5))
    days.extend(dt.date(year, 12, day) for day in range(25, 32))
    return sorted(days)


def closed_dates_between(first_year: int, last_year: int) -> frozenset[dt.date]:
    return frozenset(d for year in range(first_year, last_year + 1) for d in dutch_closed_dates(year))

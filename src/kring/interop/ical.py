"""iCalendar (RFC 5545) feeds for sessions: pure, no Django.

Events carry aware datetimes in Europe/Amsterdam (or another IANA zone); the feed writes
them with TZID and a VTIMEZONE, so an evening session stays at 19:00 local time on both
sides of a daylight-saving switch in every calendar program.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar

PRODUCT_ID = "-//Kring//CenteringZorg planning//NL"

# The European Union's daylight-saving rule (since 1996): summer time from the last Sunday of
# March 02:00 to the last Sunday of October 03:00. Written as RRULEs because several readers
# (vobject, older Outlook) ignore the RDATE lists that generated VTIMEZONEs use.
_EU_ZONES = {"Europe/Amsterdam": ("CET", "CEST")}


def _eu_vtimezone(tzid: str) -> icalendar.Timezone:
    standard_name, summer_name = _EU_ZONES[tzid]
    zone = icalendar.Timezone()
    zone.add("tzid", tzid)
    summer = icalendar.TimezoneDaylight()
    summer.add("tzname", summer_name)
    summer.add("dtstart", dt.datetime(1996, 3, 31, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    summer.add("tzoffsetfrom", dt.timedelta(hours=1))
    summer.add("tzoffsetto", dt.timedelta(hours=2))
    winter = icalendar.TimezoneStandard()
    winter.add("tzname", standard_name)
    winter.add("dtstart", dt.datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    winter.add("tzoffsetfrom", dt.timedelta(hours=2))
    winter.add("tzoffsetto", dt.timedelta(hours=1))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One session as a calendar entry. `uid` must stay the same across versions of a plan
    so that calendar programs update the entry instead of adding a second one."""

    uid: str
    start: dt.datetime
    end: dt.datetime
    summary: str
    location: str = ""
    description: str = ""
    sequence: int = 0
    cancelled: bool = False

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError(f"event {self.uid}: start and end must be timezone-aware")
        if self.end <= self.start:
            raise ValueError(f"event {self.uid}: end must be after start")


def build_calendar(
    events: Iterable[CalendarEvent],
    *,
    name: str,
    timezone: str = "Europe/Amsterdam",
    stamp: dt.datetime | None = None,
    method: str | None = None,
    uid: str | None = None,
) -> bytes:
    """A VCALENDAR with one VEVENT per event, local times with TZID and a VTIMEZONE.

    `method` is "PUBLISH" for feeds and "REQUEST"/"CANCEL" for e-mail attachments. `uid` names
    the calendar itself (RFC 7986) and must stay the same on every download of one feed;
    without it the calendar has no UID (never a random one that changes each time).
    """
    zone = ZoneInfo(timezone)
    stamp = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    calendar = icalendar.Calendar.new(prodid=PRODUCT_ID, name=name, method=method, uid=uid)
    if uid is None:
        del calendar["UID"]  # the library makes up a new random one otherwise
    calendar.add("X-WR-TIMEZONE", timezone)
    for event in sorted(events, key=lambda e: (e.start, e.uid)):
        vevent = icalendar.Event.new(
            uid=event.uid,
            start=event.start.astimezone(zone),
            end=event.end.astimezone(zone),
            summary=event.summary,
            stamp=stamp,
            sequence=event.sequence,
            status="CANCELLED" if event.cancelled else "CONFIRMED",
        )
        if event.location:
            vevent.add("location", event.location)
        if event.description:
            vevent.add("description", event.description)
        calendar.add_component(vevent)
    if timezone in _EU_ZONES:
        calendar.subcomponents.insert(0, _eu_vtimezone(timezone))  # before the events that use it
    else:
        calendar.add_missing_timezones()
    return calendar.to_ical()

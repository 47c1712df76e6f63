"""ICS feeds, read back with a second, independent parser (vobject)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import vobject

from kring.interop.ical import CalendarEvent, build_calendar

AMS = ZoneInfo("Europe/Amsterdam")


def _evening(day: dt.date, uid: str) -> CalendarEvent:
    return CalendarEvent(
        uid=uid,
        start=dt.datetime.combine(day, dt.time(19, 0), tzinfo=AMS),
        end=dt.datetime.combine(day, dt.time(21, 0), tzinfo=AMS),
        summary="CenteringZwangerschap – bijeenkomst",
        location="Centrum, zaal 1",
    )


def _parse(data: bytes):
    return vobject.readOne(data.decode("utf-8"))


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (dt.date(2027, 3, 23), dt.date(2027, 3, 30)),  # summer time starts 28 March 2027
        (dt.date(2027, 10, 26), dt.date(2027, 11, 2)),  # winter time starts 31 October 2027
    ],
)
def test_evening_session_stays_at_19_local_across_dst(before, after):
    feed = build_calendar([_evening(before, "a@kring"), _evening(after, "b@kring")], name="Groep 1")
    events = sorted(_parse(feed).vevent_list, key=lambda e: e.dtstart.value)
    local = [e.dtstart.value.astimezone(AMS) for e in events]
    assert [t.hour for t in local] == [19, 19]
    offsets = {e.dtstart.value.utcoffset() for e in events}
    assert offsets == {dt.timedelta(hours=1), dt.timedelta(hours=2)}


def test_feed_carries_vtimezone_and_tzid():
    feed = build_calendar([_evening(dt.date(2027, 6, 1), "x@kring")], name="Groep 1")
    text = feed.decode()
    assert "BEGIN:VTIMEZONE" in text
    assert "TZID:Europe/Amsterdam" in text
    assert "DTSTART;TZID=Europe/Amsterdam:20270601T190000" in text


def test_event_fields_survive_a_second_parser():
    event = CalendarEvent(
        uid="s-1@kring",
        start=dt.datetime(2027, 1, 12, 9, 30, tzinfo=AMS),
        end=dt.datetime(2027, 1, 12, 11, 30, tzinfo=AMS),
        summary="Bijeenkomst 3: voeding, ግርማይ",
        location="Noord; zaal 2",
        description="Met Ayşe Çelik",
        sequence=2,
    )
    parsed = _parse(build_calendar([event], name="Noord")).vevent
    assert parsed.uid.value == "s-1@kring"
    assert parsed.summary.value == "Bijeenkomst 3: voeding, ግርማይ"
    assert parsed.location.value == "Noord; zaal 2"
    assert parsed.description.value == "Met Ayşe Çelik"
    assert int(parsed.sequence.value) == 2
    assert parsed.dtend.value - parsed.dtstart.value == dt.timedelta(hours=2)


def test_cancelled_event_is_marked():
    event = CalendarEvent(
        uid="c@kring",
        start=dt.datetime(2027, 2, 2, 13, 30, tzinfo=AMS),
        end=dt.datetime(2027, 2, 2, 15, 30, tzinfo=AMS),
        summary="x",
        cancelled=True,
    )
    assert _parse(build_calendar([event], name="n", method="CANCEL")).vevent.status.value == "CANCELLED"


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        CalendarEvent(uid="n", start=dt.datetime(2027, 1, 1, 9), end=dt.datetime(2027, 1, 1, 11), summary="x")


def test_second_parser_agrees_with_zoneinfo_on_every_week_of_five_years():
    first = dt.date(2026, 1, 6)
    days = [first + dt.timedelta(weeks=n) for n in range(5 * 52)]
    feed = build_calendar([_evening(day, f"{day}@kring") for day in days], name="Groep 1")
    parsed = {e.uid.value: e.dtstart.value for e in _parse(feed).vevent_list}
    for day in days:
        expected = dt.datetime.combine(day, dt.time(19, 0), tzinfo=AMS)
        assert parsed[f"{day}@kring"] == expected, day
        assert parsed[f"{day}@kring"].utcoffset() == expected.utcoffset(), day


def test_calendar_uid_is_the_one_given_and_never_random():
    events = [_evening(dt.date(2027, 6, 1), "x@kring")]
    given = build_calendar(events, name="n", uid="feed-person-7.abc@kring", stamp=dt.datetime(2027, 1, 1))
    assert _parse(given).uid.value == "feed-person-7.abc@kring"
    first = build_calendar(events, name="n", stamp=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    again = build_calendar(events, name="n", stamp=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    assert first == again  # nothing random: the same feed reads the same twice
    assert b"\r\nUID:x@kring" in first and first.count(b"\r\nUID:") == 1  # the event's only

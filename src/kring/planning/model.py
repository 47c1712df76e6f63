"""The planning exchange format (SPEC.md sections 1 and 2) as typed, immutable data.

`read_instance` turns a parsed JSON document into an `Instance` or raises `FormatError`
listing every problem with its path ("clients[C17].anchor_date: expected a date ...").
`plan_to_json` and `read_plan` do the same for plans. Nothing here knows about a solver.

The code lives in `kring.planning.exchange` (`types`, `reading`, `writing`); this module
imports all of it, so `from kring.planning.model import ...` stays the one import path.
"""

from __future__ import annotations

from kring.planning.exchange.reading import (
    load_instance,
    load_plan,
    read_instance,
    read_plan,
)
from kring.planning.exchange.types import (
    ANCHORS,
    DEFAULT_WEIGHTS,
    INSTANCE_FORMAT,
    PENALTY_TERMS,
    PLAN_FORMAT,
    PLAN_STATUSES,
    REFERENCES,
    WEEKDAYS,
    Availability,
    Client,
    ClientId,
    Daypart,
    DaypartId,
    Facilitator,
    FacilitatorId,
    GroupId,
    GroupSize,
    Instance,
    Location,
    LocationId,
    Period,
    Plan,
    PlanGroup,
    PlanSession,
    Programme,
    ProgrammeId,
    PublishedGroup,
    PublishedSession,
    Room,
    RoomId,
    SessionSpec,
    Unplaced,
    Weekday,
    in_any_period,
    make_session,
    reference_dates,
    session_window,
    weekday_of,
)
from kring.planning.exchange.writing import (
    instance_to_json,
    plan_to_json,
    write_json,
)
from kring.planning.reader import FormatError, Reader

__all__ = [
    "ANCHORS",
    "DEFAULT_WEIGHTS",
    "INSTANCE_FORMAT",
    "PENALTY_TERMS",
    "PLAN_FORMAT",
    "PLAN_STATUSES",
    "REFERENCES",
    "WEEKDAYS",
    "Availability",
    "Client",
    "ClientId",
    "Daypart",
    "DaypartId",
    "Facilitator",
    "FacilitatorId",
    "FormatError",
    "GroupId",
    "GroupSize",
    "Instance",
    "Location",
    "LocationId",
    "Period",
    "Plan",
    "PlanGroup",
    "PlanSession",
    "Programme",
    "ProgrammeId",
    "PublishedGroup",
    "PublishedSession",
    "Reader",
    "Room",
    "RoomId",
    "SessionSpec",
    "Unplaced",
    "Weekday",
    "in_any_period",
    "instance_to_json",
    "load_instance",
    "load_plan",
    "make_session",
    "plan_to_json",
    "read_instance",
    "read_plan",
    "reference_dates",
    "session_window",
    "weekday_of",
    "write_json",
]

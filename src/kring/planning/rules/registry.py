"""The hard rules in SPEC order and every violation code with its rule."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from kring.planning.rules.context import STRUCTURE, Violation, _Context
from kring.planning.rules.facilitators import _facilitator_available, _language, _qualified, _workload
from kring.planning.rules.groups import _calendar, _series, _size, _slot, _spread, _windows
from kring.planning.rules.members import _member_fit, _one_group
from kring.planning.rules.published import _published
from kring.planning.rules.rooms import _room_capacity, _room_open, _room_sharing
from kring.planning.rules.structure import _structure

# ---------------------------------------------------------------- SPEC 3: hard rules


RuleCheck = Callable[[_Context], Iterable[Violation]]


@dataclass(frozen=True)
class HardRule:
    """A hard rule of SPEC section 3: its number, a short name and its check."""

    number: int
    name: str
    check: RuleCheck

    @property
    def description(self) -> str:
        return (self.check.__doc__ or "").strip().splitlines()[0]


HARD_RULES: tuple[HardRule, ...] = (
    HardRule(1, "series", _series),
    HardRule(2, "slot", _slot),
    HardRule(3, "size", _size),
    HardRule(4, "anchor_spread", _spread),
    HardRule(5, "windows", _windows),
    HardRule(6, "calendar", _calendar),
    HardRule(7, "member_fit", _member_fit),
    HardRule(8, "one_group", _one_group),
    HardRule(9, "qualified", _qualified),
    HardRule(10, "facilitator_available", _facilitator_available),
    HardRule(11, "language", _language),
    HardRule(12, "workload", _workload),
    HardRule(13, "room_open", _room_open),
    HardRule(14, "room_capacity", _room_capacity),
    HardRule(15, "room_sharing", _room_sharing),
    HardRule(16, "published", _published),
)
STRUCTURE_DESCRIPTION = (_structure.__doc__ or "").strip()


# Every violation code, with its rule and a plain description (what the web app translates).
CODES: Mapping[str, tuple[int, str]] = {
    "instance_mismatch": (STRUCTURE, "the plan is for another instance"),
    "penalty_not_sum": (STRUCTURE, "the penalty is not the sum of its breakdown"),
    "lower_bound_above_penalty": (STRUCTURE, "the lower bound is above the penalty"),
    "optimal_not_proven": (STRUCTURE, "status optimal without a lower bound equal to the penalty"),
    "duplicate_group_id": (STRUCTURE, "two groups share an id"),
    "unknown_programme": (STRUCTURE, "a group's programme is not in the instance"),
    "unknown_location": (STRUCTURE, "a group's location is not in the instance"),
    "unknown_daypart": (STRUCTURE, "a group's daypart is not in the instance"),
    "unknown_weekday": (STRUCTURE, "a group's weekday is not mon..sun"),
    "unknown_facilitator": (STRUCTURE, "a lead or co is not a facilitator of the instance"),
    "unknown_client": (STRUCTURE, "a member or unplaced client is not a client of the instance"),
    "unknown_room": (STRUCTURE, "a session's room is not in the instance"),
    "time_without_offset": (STRUCTURE, "a session's start or end has no UTC offset"),
    "wrong_utc_offset": (STRUCTURE, "a session's start or end has another UTC offset than the one in force"),
    "client_missing": (STRUCTURE, "a client is neither in a group nor listed as unplaced"),
    "client_grouped_and_unplaced": (STRUCTURE, "a client is in a group and also listed as unplaced"),
    "client_unplaced_twice": (STRUCTURE, "a client is listed as unplaced more than once"),
    "unplaced_without_reason": (STRUCTURE, "an unplaced client has no reason"),
    "session_missing": (1, "a session of the programme is missing"),
    "session_duplicated": (1, "a session number appears more than once"),
    "session_number_invalid": (1, "a session number is not one of the programme's"),
    "sessions_not_increasing": (1, "a session is not after the one before it"),
    "sessions_too_close": (1, "two sessions are closer than min_days_between_sessions"),
    "wrong_weekday": (2, "a session is not on the group's weekday"),
    "wrong_times": (2, "a session is not at the group's daypart times"),
    "room_wrong_location": (2, "a session's room is at another location than the group"),
    "group_too_small": (3, "a new group has fewer members than the programme's minimum"),
    "group_too_large": (3, "a group has more members than the programme's maximum"),
    "anchor_spread_too_wide": (4, "the members' due or birth dates are too far apart"),
    "outside_window": (5, "a session is outside its window"),
    "before_plan_start": (6, "a session is before the plan's start"),
    "closed_date": (6, "a session is on a closed date"),
    "after_horizon": (6, "a new group's first session is after the horizon"),
    "wrong_programme": (7, "a member is in another programme"),
    "language_not_spoken": (7, "a member does not speak the group's language"),
    "location_not_acceptable": (7, "a member does not accept the group's location"),
    "daypart_not_acceptable": (7, "a member does not accept the group's daypart"),
    "weekday_not_acceptable": (7, "a member does not accept the group's weekday"),
    "available_too_late": (7, "a member is available only after the last session one may join"),
    "join_closed": (7, "a client joins a published group after the last session one may join took place"),
    "client_in_two_groups": (8, "a client is in more than one group"),
    "client_listed_twice": (8, "a client is listed twice in one group"),
    "same_lead_and_co": (9, "one person is both lead and co of a session"),
    "lead_not_qualified": (9, "a session's lead may not lead the programme"),
    "co_not_qualified": (9, "a session's co may not co-facilitate the programme"),
    "main_same_lead_and_co": (9, "one person is both main lead and main co of a new group"),
    "main_lead_not_qualified": (9, "a new group's main lead may not lead the programme"),
    "main_co_not_qualified": (9, "a new group's main co may not co-facilitate the programme"),
    "main_facilitator_wrong_location": (9, "a new group's main lead or co does not work at its location"),
    "main_facilitator_unavailable": (
        9,
        "a new group's main lead or co is not available at its weekday and daypart",
    ),
    "main_language_not_covered": (9, "a new group's main lead and co do not cover its language"),
    "facilitator_wrong_location": (10, "a session's lead or co does not work at the location"),
    "facilitator_unavailable": (10, "a session's lead or co is not available at that weekday and daypart"),
    "facilitator_absent": (10, "a session's lead or co is absent that date"),
    "language_not_covered": (11, "a session's lead and co do not cover the group's language"),
    "facilitator_double_booked": (12, "a facilitator is in two sessions at once"),
    "facilitator_week_limit": (12, "a facilitator has more sessions in a week than allowed"),
    "facilitator_concurrent_limit": (
        12,
        "a facilitator is main lead or co of more groups at once than allowed",
    ),
    "room_unavailable": (13, "a room is not available at that weekday and daypart"),
    "room_closed": (13, "a room is closed that date"),
    "room_too_small": (14, "a room has too few seats"),
    "room_double_booked": (15, "two sessions are in one room at once"),
    "room_buffer": (15, "two sessions in one room are closer than the room buffer"),
    "published_group_missing": (16, "a published group with members is left out"),
    "published_identity_changed": (
        16,
        "a published group's programme, place, language, slot, lead or co changed",
    ),
    "published_member_dropped": (16, "a remaining member of a published group was dropped"),
    "history_changed": (16, "a session that took place was changed"),
}

"""Broken planning rules in the coordinator's words. The pure core (kring.planning.rules) returns
each violation as a rule number, a stable code and the ids it concerns; its `message` is English
for developers. Here the code becomes a translated sentence with the names of those ids."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.planning.rules import Violation

# %(facilitator)s, %(room)s and %(client)s are names; every sentence may use them.
SENTENCES = {
    "after_horizon": gettext_lazy("the session falls after the period being planned"),
    "anchor_spread_too_wide": gettext_lazy("the due dates of the members are too far apart for one group"),
    "available_too_late": gettext_lazy("%(client)s can only start later than this group"),
    "before_plan_start": gettext_lazy("the session falls before the period being planned"),
    "client_grouped_and_unplaced": gettext_lazy("%(client)s is in a group and also without a group"),
    "client_in_two_groups": gettext_lazy("%(client)s is in two groups"),
    "client_listed_twice": gettext_lazy("%(client)s is listed twice in the group"),
    "client_missing": gettext_lazy("%(client)s is missing from the plan"),
    "client_unplaced_twice": gettext_lazy("%(client)s is listed twice without a group"),
    "closed_date": gettext_lazy("the date is a day on which the practice is closed"),
    "co_not_qualified": gettext_lazy("%(facilitator)s may not be co-facilitator in this programme"),
    "daypart_not_acceptable": gettext_lazy("%(client)s cannot come at this time of day"),
    "duplicate_group_id": gettext_lazy("two groups have the same code"),
    "facilitator_absent": gettext_lazy("%(facilitator)s is absent on this date"),
    "facilitator_concurrent_limit": gettext_lazy(
        "%(facilitator)s facilitates more groups at once than agreed"
    ),
    "facilitator_double_booked": gettext_lazy("%(facilitator)s is booked twice at this time"),
    "facilitator_unavailable": gettext_lazy("%(facilitator)s is not available at this time"),
    "facilitator_week_limit": gettext_lazy("%(facilitator)s has more sessions in this week than agreed"),
    "facilitator_wrong_location": gettext_lazy("%(facilitator)s does not work at this location"),
    "group_too_large": gettext_lazy("the group has more members than its programme allows"),
    "group_too_small": gettext_lazy("the group has fewer members than its programme needs"),
    "history_changed": gettext_lazy("a session that has already taken place was changed"),
    "instance_mismatch": gettext_lazy("the plan belongs to other planning data"),
    "join_closed": gettext_lazy("%(client)s would join after the last session at which one can join"),
    "language_not_covered": gettext_lazy("neither facilitator speaks the group's language"),
    "language_not_spoken": gettext_lazy("%(client)s does not speak the group's language"),
    "lead_not_qualified": gettext_lazy("%(facilitator)s may not be lead facilitator in this programme"),
    "location_not_acceptable": gettext_lazy("%(client)s cannot come to this location"),
    "lower_bound_above_penalty": gettext_lazy("the plan's figures do not add up"),
    "main_co_not_qualified": gettext_lazy("%(facilitator)s may not be the group's co-facilitator"),
    "main_facilitator_unavailable": gettext_lazy("%(facilitator)s is not available at the group's time"),
    "main_facilitator_wrong_location": gettext_lazy("%(facilitator)s does not work at the group's location"),
    "main_language_not_covered": gettext_lazy("neither of the group's facilitators speaks its language"),
    "main_lead_not_qualified": gettext_lazy("%(facilitator)s may not be the group's lead facilitator"),
    "main_same_lead_and_co": gettext_lazy("the group's lead and co-facilitator are the same person"),
    "optimal_not_proven": gettext_lazy("the plan's figures do not add up"),
    "outside_window": gettext_lazy(
        "the date falls outside the weeks in which this session should take place"
    ),
    "penalty_not_sum": gettext_lazy("the plan's figures do not add up"),
    "published_group_missing": gettext_lazy("a published group with members is missing from the plan"),
    "published_identity_changed": gettext_lazy(
        "the programme, location, language or time of a published group was changed"
    ),
    "published_member_dropped": gettext_lazy("%(client)s was taken out of a published group"),
    "room_buffer": gettext_lazy("too little time between this session and another one in %(room)s"),
    "room_closed": gettext_lazy("%(room)s is closed on this date"),
    "room_double_booked": gettext_lazy("%(room)s is booked twice at this time"),
    "room_too_small": gettext_lazy("%(room)s is too small for this group"),
    "room_unavailable": gettext_lazy("%(room)s is not available at this time"),
    "room_wrong_location": gettext_lazy("%(room)s is at another location than the group"),
    "same_lead_and_co": gettext_lazy("the lead and the co-facilitator are the same person"),
    "session_duplicated": gettext_lazy("the session appears twice"),
    "session_missing": gettext_lazy("a session of the programme is missing"),
    "session_number_invalid": gettext_lazy("the session number does not exist in the programme"),
    "sessions_not_increasing": gettext_lazy("the sessions are not in order"),
    "sessions_too_close": gettext_lazy("too little time since the previous session"),
    "time_without_offset": gettext_lazy("the time of the session is not right"),
    "unknown_client": gettext_lazy("a client in the plan no longer exists"),
    "unknown_daypart": gettext_lazy("a time of day in the plan no longer exists"),
    "unknown_facilitator": gettext_lazy("a facilitator in the plan no longer exists"),
    "unknown_location": gettext_lazy("a location in the plan no longer exists"),
    "unknown_programme": gettext_lazy("a programme in the plan no longer exists"),
    "unknown_room": gettext_lazy("a room in the plan no longer exists"),
    "unknown_weekday": gettext_lazy("a weekday in the plan is not valid"),
    "unplaced_without_reason": gettext_lazy("%(client)s has no group and no reason why"),
    "weekday_not_acceptable": gettext_lazy("%(client)s cannot come on this weekday"),
    "wrong_programme": gettext_lazy("%(client)s is in a group of another programme"),
    "wrong_times": gettext_lazy("the time of the session is not right"),
    "wrong_utc_offset": gettext_lazy("the time of the session is not right"),
    "wrong_weekday": gettext_lazy("the session is not on the group's weekday"),
}


# Checks the app adds to the core's rules (kring.planner.adjust) word their message themselves.
WORDED_BY_THE_APP = {"interpreter"}


def violation_text(violation: Violation, names: Mapping[str, str]) -> str:
    """'CZ dinsdagavond, bijeenkomst 2 op 05-01-2027: de datum valt buiten …'."""

    def name(key: str | None) -> str:
        return names.get(key, key) if key else ""

    sentence = SENTENCES.get(violation.code)
    if violation.code in WORDED_BY_THE_APP:
        text = violation.message
    elif sentence is None:
        text = _("planning rule %(rule)s is not met") % {"rule": violation.rule}
    else:
        text = str(sentence) % {
            "facilitator": name(violation.facilitator) or _("a facilitator"),
            "room": name(violation.room) or _("the room"),
            "client": name(violation.client) or _("a client"),
        }
    where = ""
    if violation.group and violation.session and violation.date:
        where = _("%(group)s, session %(number)s on %(date)s") % {
            "group": name(violation.group),
            "number": violation.session,
            "date": date_format(violation.date, "SHORT_DATE_FORMAT"),
        }
    elif violation.group:
        where = name(violation.group)
    return f"{where}: {text}" if where else text[:1].upper() + text[1:]


def violation_texts(violations, names: Mapping[str, str]) -> list[str]:
    return [violation_text(v, names) for v in violations]

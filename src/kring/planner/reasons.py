"""Why a client has no group, in the coordinator's language.

The planner explains unplaced clients with stable codes and parameters
(`kring.planning.explain.Reason`); the plan file carries the English text. Here the app
translates by code, with dates as people write them and ids replaced by names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.organisations.validators import WEEKDAY_CHOICES
from kring.planning.explain import explain_unplaced
from kring.planning.model import Instance, Plan

TEMPLATES: Mapping[str, Any] = {
    "no_lead_at_location": gettext_lazy("no facilitator who can lead %(programme)s works at %(location)s"),
    "no_co_at_location": gettext_lazy("no co-facilitator for %(programme)s works at %(location)s"),
    "no_lead_language": gettext_lazy(
        "no facilitator who can lead %(programme)s speaks %(languages)s at %(location)s"
    ),
    "no_pair_at_times": gettext_lazy(
        "no %(programme)s lead and co-facilitator at %(location)s are both available on %(on_days)s "
        "in the %(dayparts)s"
    ),
    "no_room_open": gettext_lazy("no room at %(location)s is open on %(on_days)s in the %(dayparts)s"),
    "no_slot": gettext_lazy(
        "at %(location)s no room is open when a %(programme)s lead and co-facilitator are both "
        "available on %(on_days)s in the %(dayparts)s"
    ),
    "rooms_too_small": gettext_lazy(
        "no room at %(location)s seats a group of %(minimum)s with partners (%(seats)s seats needed, "
        "the largest room has %(capacity)s)"
    ),
    "too_far_along": gettext_lazy(
        "her %(anchor_label)s %(anchor)s is too close: session 1 would have to be by %(latest)s, "
        "before planning starts on %(plan_start)s"
    ),
    "after_horizon": gettext_lazy(
        "session 1 of her group would be on %(earliest)s or later, after the planning horizon ends "
        "on %(horizon_end)s"
    ),
    "intake_too_late": gettext_lazy(
        "intake (available from %(available_from)s) comes after session %(session)s of every "
        "possible group (at the latest %(latest)s)"
    ),
    "no_dates": gettext_lazy("no date fits session %(session)s of her group at %(location)s: %(blockers)s"),
    "too_few_clients": gettext_lazy(
        "only %(count)s clients due %(first)s–%(last)s can meet at %(location)s on a weekday and "
        "daypart they accept; minimum is %(minimum)s"
    ),
    "too_few_waiting": gettext_lazy(
        "only %(count)s clients due %(first)s–%(last)s who can meet at %(location)s are still "
        "without a group; minimum is %(minimum)s"
    ),
    "groups_full": gettext_lazy("the groups she could join (%(groups)s) are full"),
    "could_join": gettext_lazy("she could still join a group with room for her (%(groups)s)"),
    "leads_fully_booked": gettext_lazy(
        "all %(programme)s leads at %(location)s lead as many groups at once as they may when her "
        "group would run"
    ),
    "cos_fully_booked": gettext_lazy(
        "all %(programme)s co-facilitators at %(location)s are in as many groups at once as they may "
        "when her group would run"
    ),
    "pairs_fully_booked": gettext_lazy(
        "every %(programme)s lead and co-facilitator who could run her group at %(location)s is in "
        "as many groups at once as they may, or is paired with someone who is"
    ),
    "facilitators_busy": gettext_lazy(
        "the %(programme)s leads and co-facilitators at %(location)s already have sessions (or reach "
        "their weekly maximum) at the times her group would meet"
    ),
    "rooms_booked": gettext_lazy("the rooms at %(location)s are taken at the times her group would meet"),
    "not_formed": gettext_lazy(
        "a group with her at %(location)s was possible, but this plan formed the groups around her "
        "differently"
    ),
}

BLOCKERS = {
    "the rooms are closed": gettext_lazy("the rooms are closed"),
    "the rooms are taken": gettext_lazy("the rooms are taken"),
    "the lead is absent and no other lead can stand in": gettext_lazy(
        "the lead is absent and no other lead can stand in"
    ),
    "the co-facilitator is absent and nobody can stand in": gettext_lazy(
        "the co-facilitator is absent and nobody can stand in"
    ),
    "the lead is busy": gettext_lazy("the lead is busy"),
    "the co-facilitator is busy": gettext_lazy("the co-facilitator is busy"),
    "no stand-in speaks the language": gettext_lazy("no stand-in speaks the language"),
    "the lead and co-facilitator are both absent and there are not two others to stand in": gettext_lazy(
        "the lead and co-facilitator are both absent and there are not two others to stand in"
    ),
    "closed dates or the start of planning leave no date in its window": gettext_lazy(
        "closed dates or the start of planning leave no date in its window"
    ),
    "the sessions around it leave too little time": gettext_lazy(
        "the sessions around it leave too little time"
    ),
    "closed dates": gettext_lazy("closed dates"),
    "closed dates, absences and room closures": gettext_lazy("closed dates, absences and room closures"),
}
ANCHOR_LABELS = {"due date": gettext_lazy("due date"), "baby's birth date": gettext_lazy("baby's birth date")}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PLACE = re.compile(r"^(?P<name>.*) \((?P<id>L\d+)\)$")


def _date(value: str) -> str:
    return f"{dt.date.fromisoformat(value):%d-%m-%Y}"


def _place(value: str, names: Mapping[str, str]) -> str:
    """'Centrum (L1), Oost (L2)' -> 'Centrum, Oost'."""
    parts = []
    for part in str(value).split(", "):
        match = PLACE.match(part)
        parts.append(names.get(match["id"], match["name"]) if match else names.get(part, part))
    return ", ".join(parts)


def translate(
    code: str, params: Mapping[str, Any], names: Mapping[str, str], dayparts: Mapping[str, str]
) -> str:
    template = TEMPLATES.get(code)
    values = dict(params)
    for key, value in params.items():
        if isinstance(value, str) and ISO_DATE.match(value):
            values[key] = _date(value)
    if "location" in values:
        values["location"] = _place(values["location"], names)
    if "weekdays" in values:
        days = dict(WEEKDAY_CHOICES)
        chosen = values["weekdays"]
        values["on_days"] = (
            _("any weekday")
            if chosen == "any"
            else _("her weekdays (%(days)s)")
            % {"days": ", ".join(str(days.get(d, d)) for d in chosen.split(", "))}
        )
    if "dayparts" in values:
        values["dayparts"] = _(" or ").join(
            dayparts.get(d, d).lower() for d in str(values["dayparts"]).split(" or ")
        )
    if "anchor_label" in values:
        values["anchor_label"] = ANCHOR_LABELS.get(values["anchor_label"], values["anchor_label"])
    if "blockers" in values:
        values["blockers"] = "; ".join(str(BLOCKERS.get(b, b)) for b in str(values["blockers"]).split("; "))
    if template is None:
        return ", ".join(f"{k}={v}" for k, v in values.items()) or code
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return f"{code}: {params}"


# One heading per kind of reason, to group the unplaced clients on the review page.
KINDS: Mapping[str, Any] = {
    "no_lead_at_location": gettext_lazy("No lead facilitator at her location"),
    "no_co_at_location": gettext_lazy("No co-facilitator at her location"),
    "no_lead_language": gettext_lazy("No lead facilitator speaks her language"),
    "no_pair_at_times": gettext_lazy("No facilitators free at the times she can come"),
    "no_room_open": gettext_lazy("No room open at the times she can come"),
    "no_slot": gettext_lazy("No room and facilitators free at the same time"),
    "rooms_too_small": gettext_lazy("The rooms are too small"),
    "too_far_along": gettext_lazy("Too late in pregnancy to start a group"),
    "after_horizon": gettext_lazy("Her group would start after the planned period"),
    "intake_too_late": gettext_lazy("Intake comes too late"),
    "no_dates": gettext_lazy("No date fits one of her sessions"),
    "too_few_clients": gettext_lazy("Too few clients due around the same time"),
    "too_few_waiting": gettext_lazy("Too few clients still waiting around the same time"),
    "groups_full": gettext_lazy("The groups she could join are full"),
    "could_join": gettext_lazy("She could still join a group"),
    "leads_fully_booked": gettext_lazy("The lead facilitators are fully booked"),
    "cos_fully_booked": gettext_lazy("The co-facilitators are fully booked"),
    "pairs_fully_booked": gettext_lazy("The facilitators are fully booked"),
    "facilitators_busy": gettext_lazy("The facilitators are busy at those times"),
    "rooms_booked": gettext_lazy("The rooms are taken at those times"),
    "not_formed": gettext_lazy("The groups were formed differently"),
}


def reason_kind(code: str) -> str:
    return str(KINDS[code]) if code in KINDS else _("Other reasons")


def unplaced_reasons(
    instance: Instance, plan: Plan, names: Mapping[str, str], dayparts: Mapping[str, str]
) -> dict[str, list[tuple[str, str]]]:
    """Per unplaced client id, the planner's reasons as (code, text in the active language)."""
    explained = explain_unplaced(instance, plan.groups, [u.client for u in plan.unplaced])
    return {
        cid: [(r.code, translate(r.code, r.params, names, dayparts)) for r in reasons]
        for cid, reasons in explained.items()
    }

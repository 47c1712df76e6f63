"""Rooms (rule 15): two sessions in one room on one date never overlap and keep the buffer.

Opening hours, closures and capacity (rules 13 and 14) are settled when a candidate's
schedule is built (sessions.best_schedule) and by the member cap in groups.py.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from kring.planning.cpsat.facilitators import at_most, clique_points
from kring.planning.cpsat.variables import Usage
from kring.planning.model import Instance


def add_room_sharing(model: cp_model.CpModel, instance: Instance, usage: Usage) -> list[str]:
    problems = []
    buffer = instance.room_buffer_minutes
    for (room, day), items in sorted(usage.room_day.items(), key=lambda kv: kv[0]):
        if len(items) < 2:
            continue
        for clique in clique_points(instance, (p for p, _ in items), buffer):
            if not at_most(model, [lit for p, lit in items if p in clique], 1):
                problems.append(f"room {room} holds two fixed sessions at once on {day}")
    return problems

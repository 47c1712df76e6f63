"""The master LP of the relaxation, solved with HiGHS and warm-started as columns are added.

Rows (all built lazily, as the first column that needs them arrives):

- one per free client: her groups plus her `unplaced` slack sum to 1 (the slack costs `unplaced`);
- one per published group open to joiners: joiners at most its free places;
- per (date, daypart, location, programme), lead demand and co demand: the sessions there at
  most the lead (co) supply drawn from the people able to take them that date;
- per person and (date, daypart): at most 1 session; per person and ISO week: at most
  `max_sessions_per_week`;
- per (location, date, daypart): sessions at most the open rooms big enough;
- per person with a limit and Monday: groups surely running with her as main lead or co at
  most `max_concurrent_groups`.

Columns: a group (members, dated sessions, its relaxed cost), a joiner, a person's supply.

A *light* master leaves out the per-date rows (lead and co demand, people, rooms): fewer rows,
so large instances converge, and still a relaxation (only constraints are dropped); what it
keeps is the clients, the joiners and the main pairs' concurrency.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass

import highspy
import numpy as np

from kring.planning.bound.relaxation import Relaxation
from kring.planning.model import ClientId, DaypartId, FacilitatorId, LocationId, ProgrammeId

INF = highspy.kHighsInf
Demand = tuple[dt.date, DaypartId, LocationId, ProgrammeId]


@dataclass(frozen=True, slots=True)
class GroupColumn:
    slot: int  # index into Relaxation.slots
    language: str
    members: tuple[ClientId, ...]
    dates: tuple[dt.date, ...]
    cost: float
    lead: FacilitatorId
    co: FacilitatorId
    running: tuple[dt.date, ...]  # Mondays on which the group surely runs


@dataclass(slots=True)
class Duals:
    client: dict[ClientId, float]
    lead: dict[Demand, float]
    co: dict[Demand, float]
    room: dict[tuple[LocationId, dt.date, DaypartId], float]
    person_week: dict[tuple[FacilitatorId, tuple[int, int]], float]
    person_date: dict[tuple[FacilitatorId, dt.date, DaypartId], float]
    concurrent: dict[tuple[FacilitatorId, dt.date], float]


def _quiet_highs() -> highspy.Highs:
    """A HiGHS instance, without the banner its constructor prints on the process's stdout
    (`kring plan` writes its own output there)."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            h = highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    h.setOptionValue("output_flag", False)
    return h


class Master:
    def __init__(self, relax: Relaxation, *, light: bool = False):
        self.relax = relax
        self.light = light  # without the per-date rows (lead, co, people, rooms): smaller, weaker
        self.h = _quiet_highs()
        self.h.setOptionValue("output_flag", False)
        self.h.setOptionValue("threads", 1)
        self.h.setOptionValue("random_seed", 0)
        self.h.setOptionValue("presolve", "off")  # keeps the basis between solves (warm start)
        self.h.setOptionValue("solver", "simplex")
        self.h.setOptionValue("simplex_strategy", 4)  # primal: new columns keep the basis primal feasible
        self.rows = 0
        self.client_row: dict[ClientId, int] = {}
        self.unplaced_col: dict[ClientId, int] = {}
        self.cols = 0
        self.lead_row: dict[Demand, int] = {}
        self.co_row: dict[Demand, int] = {}
        self.room_row: dict[tuple[LocationId, dt.date, DaypartId], int] = {}
        self.week_row: dict[tuple[FacilitatorId, tuple[int, int]], int] = {}
        self.date_row: dict[tuple[FacilitatorId, dt.date, DaypartId], int] = {}
        self.concurrent_row: dict[tuple[FacilitatorId, dt.date], int] = {}
        self.groups: list[GroupColumn] = []
        self.group_col: list[int] = []
        self.join_col: dict[tuple[str, ClientId], int] = {}
        w_unplaced = float(relax.weights["unplaced"])
        for c in relax.free_clients:
            row = self._row(1.0, 1.0)
            self.client_row[c.id] = row
            self.unplaced_col[c.id] = self._col(w_unplaced, 1.0, [row], [1.0])
        for j in relax.joinable:
            row = self._row(-INF, float(j.free))
            for cid, cost in sorted(j.joiners.items()):
                self.join_col[(j.group.id, cid)] = self._col(
                    float(cost), 1.0, [self.client_row[cid], row], [1.0, 1.0]
                )

    def _row(self, lower: float, upper: float) -> int:
        self.h.addRow(lower, upper, 0, np.array([], dtype=np.int32), np.array([], dtype=np.float64))
        self.rows += 1
        return self.rows - 1

    def _col(self, cost: float, upper: float, rows: list[int], values: list[float]) -> int:
        self.h.addCol(
            cost, 0.0, upper, len(rows), np.array(rows, dtype=np.int32), np.array(values, dtype=np.float64)
        )
        self.cols += 1
        return self.cols - 1

    def _person_rows(self, fid: FacilitatorId, day: dt.date, daypart: DaypartId) -> list[int]:
        rows = []
        key = (fid, day, daypart)
        if key not in self.date_row:
            self.date_row[key] = self._row(-INF, 1.0)
        rows.append(self.date_row[key])
        limit = self.relax.instance.facilitator(fid).max_sessions_per_week
        if limit is not None:
            iso = day.isocalendar()
            wkey = (fid, (iso[0], iso[1]))
            if wkey not in self.week_row:
                self.week_row[wkey] = self._row(-INF, float(limit))
            rows.append(self.week_row[wkey])
        return rows

    def _demand_row(self, demand: Demand, role: str) -> int:
        table = self.lead_row if role == "lead" else self.co_row
        if demand not in table:
            row = self._row(-INF, 0.0)
            table[demand] = row
            pool = (self.relax.leads if role == "lead" else self.relax.cos)[demand]
            for fid in pool:
                person = self._person_rows(fid, demand[0], demand[1])
                self._col(0.0, 1.0, [row, *person], [-1.0] + [1.0] * len(person))
        return table[demand]

    def _room_row(self, key: tuple[LocationId, dt.date, DaypartId]) -> int:
        if key not in self.room_row:
            self.room_row[key] = self._row(-INF, float(self.relax.rooms[key]))
        return self.room_row[key]

    def add_group(self, col: GroupColumn) -> None:
        slot = self.relax.slots[col.slot].key
        rows = [self.client_row[m] for m in col.members]
        for day in () if self.light else col.dates:
            demand = (day, slot.daypart, slot.location, slot.programme)
            rows.append(self._demand_row(demand, "lead"))
            rows.append(self._demand_row(demand, "co"))
            rows.append(self._room_row((slot.location, day, slot.daypart)))
        for fid in (col.lead, col.co):
            limit = self.relax.instance.facilitator(fid).max_concurrent_groups
            if limit is None:
                continue
            for monday in col.running:
                if (fid, monday) not in self.concurrent_row:
                    self.concurrent_row[(fid, monday)] = self._row(-INF, float(limit))
                rows.append(self.concurrent_row[(fid, monday)])
        self.groups.append(col)
        self.group_col.append(self._col(col.cost, INF, rows, [1.0] * len(rows)))

    def solve(self) -> tuple[float, Duals]:
        self.h.run()
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"master LP not solved: {self.h.modelStatusToString(status)}")
        value = float(self.h.getInfo().objective_function_value)
        dual = list(self.h.getSolution().row_dual)
        return value, Duals(
            client={k: dual[r] for k, r in self.client_row.items()},
            lead={k: dual[r] for k, r in self.lead_row.items()},
            co={k: dual[r] for k, r in self.co_row.items()},
            room={k: dual[r] for k, r in self.room_row.items()},
            person_week={k: dual[r] for k, r in self.week_row.items()},
            person_date={k: dual[r] for k, r in self.date_row.items()},
            concurrent={k: dual[r] for k, r in self.concurrent_row.items()},
        )

    def unplaced_values(self) -> dict[ClientId, float]:
        value = list(self.h.getSolution().col_value)
        return {cid: value[col] for cid, col in self.unplaced_col.items()}

    def group_values(self) -> list[tuple[GroupColumn, float]]:
        value = list(self.h.getSolution().col_value)
        return [(g, value[c]) for g, c in zip(self.groups, self.group_col, strict=True)]

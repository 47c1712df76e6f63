"""Groups and membership: which candidate groups open and who joins them (rules 3, 4, 7, 8).

Per column: `open` (the group exists), one `variant` literal per staff/room choice (exactly
one when open), and `member[client]`. The band's two ends must each hold a member, so the
reference dates the schedule was built for are the group's real ones (rules 4 and 5).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from kring.planning.cpsat.variables import Candidates, Usage
from kring.planning.model import ClientId, Instance, reference_dates, session_window


@dataclass(slots=True)
class GroupVars:
    open: dict[int, cp_model.IntVar] = field(default_factory=dict)  # column -> open
    variant: dict[int, cp_model.IntVar] = field(default_factory=dict)  # variant -> chosen
    member: dict[tuple[ClientId, int], cp_model.IntVar] = field(default_factory=dict)  # (client, column)
    size: dict[int, Any] = field(default_factory=dict)
    below: dict[int, cp_model.IntVar] = field(default_factory=dict)  # members short of target
    by_client: dict[ClientId, list[cp_model.IntVar]] = field(default_factory=dict)


def add_groups(
    model: cp_model.CpModel,
    instance: Instance,
    cands: Candidates,
    usage: Usage,
    *,
    taken: frozenset[ClientId],
    relaxed: bool = False,
) -> GroupVars:
    """Variables and constraints for new groups; `relaxed` drops what only restricts the search.

    In the relaxed model (a lower bound for every valid plan) a client may join whenever some
    schedule of the column could admit her, and the room-derived member cap is ignored.
    """
    gv = GroupVars()
    clients = {c.id: c for c in instance.clients}
    for col in cands.columns:
        prog = instance.programme(col.slot.programme)
        size = prog.group_size
        opened = model.new_bool_var(f"open_{col.index}")
        gv.open[col.index] = opened
        lits = []
        for vi in col.variants:
            v = cands.variants[vi]
            lit = model.new_bool_var(f"v_{vi}")
            gv.variant[vi] = lit
            lits.append((v, lit))
            if relaxed:
                continue
            sched = v.schedule
            for s in sched.sessions:
                usage.session(s.lead, s.co, s.room, s.date, col.slot.daypart, lit)
            usage.run(v.lead, v.co, sched.sessions[0].date, sched.sessions[-1].date, lit)
        model.add(sum(lit for _, lit in lits) == opened)
        members = []
        at_first, at_last = [], []
        latest_join = max(v.join_date for v, _ in lits)
        if relaxed:  # any schedule of this column has its joining session by the window's end
            refs = reference_dates([col.first, col.last])
            latest_join = session_window(prog.spec(prog.latest_join_session), refs)[2]
        for cid in col.members:
            if cid in taken:
                continue
            client = clients[cid]
            lit = model.new_bool_var(f"m_{cid}_{col.index}")
            if client.available_from is None or client.available_from <= min(v.join_date for v, _ in lits):
                model.add_implication(lit, opened)
            elif relaxed:
                if client.available_from > latest_join:
                    model.add(lit == 0)
                else:
                    model.add_implication(lit, opened)
            else:
                ok = [vl for v, vl in lits if v.join_date >= client.available_from]
                if not ok:
                    model.add(lit == 0)
                    continue
                model.add_bool_or(ok).only_enforce_if(lit)
            gv.member[(cid, col.index)] = lit
            gv.by_client.setdefault(cid, []).append(lit)
            members.append(lit)
            if client.anchor_date == col.first:
                at_first.append(lit)
            if client.anchor_date == col.last:
                at_last.append(lit)
        count = sum(members)
        gv.size[col.index] = count
        if len(members) < size.min or not at_first or not at_last:
            model.add(opened == 0)
            continue
        model.add(count >= size.min * opened)
        if relaxed:
            model.add(count <= size.max * opened)
        else:
            model.add(count <= sum(v.schedule.member_cap * lit for v, lit in lits))
        model.add_bool_or(at_first).only_enforce_if(opened)
        model.add_bool_or(at_last).only_enforce_if(opened)
        short = size.target - size.min
        if short > 0:
            below = model.new_int_var(0, short, f"below_{col.index}")
            model.add(below >= size.target * opened - count)
            gv.below[col.index] = below
    for client_lits in gv.by_client.values():
        if len(client_lits) > 1:
            model.add_at_most_one(client_lits)
    return gv

"""The bound computed in a process of its own, beside the search.

Pricing is Python and the window search builds its models in Python: in one process they
would take turns on the interpreter lock, so the bound runs in a separate (spawned) process
with its own deterministic limits. The search never waits for it and never uses it, so the
plan does not depend on how far it got; `collect` waits at most the time left and then ends
the process. It runs at a lower CPU priority, so that it slows the search as little as possible.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from multiprocessing.connection import Connection
from typing import Any

from kring.planning.bound import Bound, lower_bound
from kring.planning.model import Instance, instance_to_json, read_instance

NICENESS = 10


def _child(conn: Connection, data: dict[str, Any], max_iterations: int, seconds: float) -> None:
    os.nice(NICENESS)  # the search comes first; the bound takes the CPU it leaves
    try:
        bound: Bound | None = lower_bound(
            read_instance(data), max_iterations=max_iterations, deadline=time.monotonic() + seconds
        )
    except RuntimeError:  # HiGHS did not solve the master: no bound rather than a wrong one
        bound = None
    conn.send(bound)
    conn.close()


class BoundBeside:
    def __init__(self, instance: Instance, *, max_iterations: int, seconds: float):
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_child,
            args=(child, instance_to_json(instance), max_iterations, seconds),
            name="kring-bound",
            daemon=True,
        )
        self._process.start()
        child.close()

    def collect(self, wait_s: float) -> Bound | None:
        """The bound, or None when it did not finish within `wait_s` seconds (or failed)."""
        result: Bound | None = None
        try:
            if self._conn.poll(max(0.0, wait_s)):
                result = self._conn.recv()
        except (EOFError, OSError):
            result = None
        finally:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join(5)
            self._conn.close()
        return result

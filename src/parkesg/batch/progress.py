"""How far the backend has got with the query it is running, for the progress bar: DuckDB
reports a percentage of the running query (``query_progress``, safe to call from another
thread); Spark reports finished and total tasks of its active stages (status tracker)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import ibis

Report = Callable[[float], None]  # a share done, 0 … 1
POLL_SECONDS = 0.2


def share_done(con: ibis.BaseBackend) -> float | None:
    """The share of the running work done, or None when the backend cannot tell."""
    if con.name == "duckdb":
        pct = con.con.query_progress()
        return None if pct is None or pct < 0 else min(float(pct) / 100.0, 1.0)
    if con.name == "pyspark":
        tracker = con._session.sparkContext.statusTracker()
        stages = [tracker.getStageInfo(s) for s in tracker.getActiveStageIds()]
        stages = [s for s in stages if s is not None and s.numTasks > 0]
        if not stages:
            return None
        return float(sum(s.numCompletedTasks for s in stages) / sum(s.numTasks for s in stages))
    return None


@contextmanager
def watching(con: ibis.BaseBackend, report: Report) -> Iterator[None]:
    """Call ``report`` with the share done every POLL_SECONDS while the block runs."""
    stop = threading.Event()

    def poll() -> None:
        while not stop.wait(POLL_SECONDS):
            try:
                done = share_done(con)
            except Exception:  # a backend busy finishing the query: try again
                continue
            if done is not None:
                report(done)

    thread = threading.Thread(target=poll, name="parkesg-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()

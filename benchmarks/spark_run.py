"""Spark side of ``benchmarks/rate.py --backend spark``: the same ``service.rate`` plan on
PySpark in local mode (``--spark-master`` otherwise), written to Parquet by Spark, timed, with
the peak resident memory of the JVM that Spark runs in (its ``VmHWM``; the JVM is a child of
this process, so ``ru_maxrss`` of this one does not see it)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids = (task / "children").read_text().split()
        out += [int(k) for k in kids]
    return out + [g for k in out for g in _children(k)]


def jvm_peak_gb() -> float:
    """The largest peak RSS (VmHWM) among this process's descendants: Spark's JVM."""
    peaks = [0.0]
    for pid in _children(os.getpid()):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024**2)
    return max(peaks)


def scan_and_rate(framework: Any, data: Path, out: Path, master: str) -> dict[str, float]:
    """(a) one scan and (b) the rating on Spark, in seconds; the JVM's peak in GB."""
    from parkesg import service
    from parkesg.spark import Checkpoints

    con = service.connect("spark", master=master)
    t = con.read_parquet(str(data))
    numeric = [c for c, typ in t.schema().items() if typ.is_numeric()]
    scan_expr = t.aggregate(n=t.count(), **{f"s{k}": t[c].sum() for k, c in enumerate(numeric)})
    start = time.perf_counter()
    con.execute(scan_expr)
    scan = time.perf_counter() - start

    start = time.perf_counter()
    store = Checkpoints(con)
    totals, _ = service.rate(framework, con.read_parquet(str(data)), con=con, materialise=store)
    planned = time.perf_counter()
    con.to_parquet(totals, str(out))
    done = time.perf_counter()
    store.close()
    rated = int(con.execute(con.read_parquet(str(out)).count()))
    figures = {"scan": scan, "plan": planned - start, "run": done - planned, "rated": rated,
               "peak_gb": jvm_peak_gb()}  # fmt: skip
    con._session.stop()
    return figures

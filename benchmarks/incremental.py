"""Benchmark: incremental re-rating (issue 5 item 4) against a full run, on DuckDB.

    python benchmarks/incremental.py N [--fraction 0.01] [--spread random|industries]
                                      [--repeat 3] [--seed 0] [--threads T] [--tmpdir DIR]

1. generate N enterprises (``parkesg.demo.enterprises``, in a child process) and new data for
   ``fraction`` of them — every numeric field scaled by a random factor in [0.8, 1.2] — either
   spread at random over all enterprises, or concentrated in the fewest industries that hold
   that many (``--spread industries``: a sector's annual filing, a province's update);
2. (a) a full run, as ``parkesg rate`` does it without a state (plan, rate, write Parquet;
       the first run compiles the plan and keeps it, later ones read it: ``plan_cache``);
   (b) a full run that also keeps the state (``--state``);
   (c) the incremental update (``--state --changes``: apply, re-rate, rewrite the output);
   each ``--repeat`` times from a fresh copy of the state; medians printed, and (c) / (a);
3. the incremental ratings are compared with a full run on the new data (same grades, every
   number within 1e-9).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from parkesg.batch import state
from parkesg.batch.sink import write_output
from parkesg.frameworks import load_framework
from parkesg.service import connect, rate_totals

FRAMEWORK = "t-jdfa-01-2025"
KEEP = ("region", "industry", "size_class")


def _generate(path: Path, n: int, seed: int) -> None:
    code = (
        "import sys; from parkesg.demo.enterprises import write_enterprises; "
        "write_enterprises(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))"
    )
    subprocess.run([sys.executable, "-c", code, str(path), str(n), str(seed)], check=True)


def _changes(data: Path, out: Path, fraction: float, spread: str, seed: int) -> int:
    """Write new rows for ``fraction`` of the enterprises; returns how many."""
    df = pq.read_table(data).to_pandas()
    k = max(1, round(len(df) * fraction))
    rng = np.random.default_rng(seed)
    if spread == "random":
        picked = df.iloc[rng.choice(len(df), k, replace=False)]
    else:  # the fewest whole industries, smallest first, then part of one more
        order = df.industry.value_counts(ascending=True).index
        picked = df.set_index("industry").loc[order].reset_index().head(k)[df.columns]
    numeric = [c for c in df.columns if df[c].dtype.kind == "f"]
    new = picked.copy()
    new[numeric] = new[numeric] * rng.uniform(0.8, 1.2, size=(len(new), len(numeric)))
    new.to_parquet(out, index=False)
    return len(new)


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _options(threads: int | None) -> dict[str, object]:
    """The connection ``parkesg rate`` makes (``cli.batch.Backend``): row order is free."""
    return {"preserve_insertion_order": False} | ({"threads": threads} if threads else {})


def _full(data: Path, out: Path, threads: int | None) -> None:
    con = connect("duckdb", **_options(threads))
    ratings = rate_totals(FRAMEWORK, con.read_parquet(str(data)), con=con, keep=KEEP)
    write_output(con, ratings, out)


def _with_state(data: Path, out: Path, kept: Path, threads: int | None) -> None:
    fw = load_framework(FRAMEWORK)
    con = state.open_state(kept, **_options(threads))
    ratings = state.build(con, fw, con.read_parquet(str(data)), _settings())
    write_output(con, ratings, out)
    con.disconnect()


def _update(changes: Path, out: Path, kept: Path, threads: int | None) -> state.Update:
    fw = load_framework(FRAMEWORK)
    con = state.open_state(kept, **_options(threads))
    done = state.update(con, fw, con.read_parquet(str(changes)), _settings())
    write_output(con, con.table("ratings"), out)
    con.disconnect()
    return done


def _settings() -> state.Settings:
    return state.Settings.of(load_framework(FRAMEWORK), None, None, KEEP)


def _agree(incremental: Path, reference: Path) -> tuple[bool, float]:
    a = pd.read_parquet(incremental).sort_values(["entity_id", "year"]).reset_index(drop=True)
    b = pd.read_parquet(reference).sort_values(["entity_id", "year"]).reset_index(drop=True)
    same_grades = bool((a.grade == b.grade).all()) and len(a) == len(b)
    return same_grades, float((a.score - b.score).abs().max())


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("n", type=int, help="number of enterprises")
    ap.add_argument("--fraction", type=float, default=0.01, help="share with new data")
    ap.add_argument("--spread", choices=["random", "industries"], default="random")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--tmpdir", default=None)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(dir=args.tmpdir) as tmp:
        d = Path(tmp)
        os.environ["PARKESG_CACHE_DIR"] = str(d / "cache")  # the first full run starts cold
        data, changes = d / "enterprises.parquet", d / "changes.parquet"
        _generate(data, args.n, args.seed)
        k = _changes(data, changes, args.fraction, args.spread, args.seed + 1)
        print(f"{args.n:,} enterprises; new data for {k:,} ({args.spread})")

        full = [_timed(lambda: _full(data, d / "full.parquet", args.threads))
                for _ in range(args.repeat)]  # fmt: skip
        kept = d / "state.duckdb"
        stateful = []
        for _ in range(args.repeat):
            kept.unlink(missing_ok=True)
            stateful.append(
                _timed(lambda: _with_state(data, d / "inc.parquet", kept, args.threads))
            )
        shutil.copy(kept, d / "state0.duckdb")
        updates, done = [], None
        for _ in range(args.repeat):
            shutil.copy(d / "state0.duckdb", kept)
            start = time.perf_counter()
            done = _update(changes, d / "inc.parquet", kept, args.threads)
            updates.append(time.perf_counter() - start)

        merged = pq.read_table(data).to_pandas().set_index(["entity_id", "year"])
        new = pd.read_parquet(changes).set_index(["entity_id", "year"])
        merged = pd.concat([merged.drop(new.index), new]).reset_index()
        merged.to_parquet(d / "merged.parquet", index=False)
        _full(d / "merged.parquet", d / "reference.parquet", args.threads)
        grades, diff = _agree(d / "inc.parquet", d / "reference.parquet")

    a, b, c = (statistics.median(x) for x in (full, stateful, updates))
    assert done is not None
    print(f"(a) full run, no state           {a:8.2f} s  (median of {args.repeat})")
    print(f"(b) full run keeping the state   {b:8.2f} s")
    print(f"(c) incremental update           {c:8.2f} s  = {c / a:.1%} of (a)")
    print(f"    re-scored {done.rescored:,} of {done.total:,} ratings")
    print(f"    agreement with a full run on the new data: grades identical {grades}, "
          f"largest score difference {diff:.2e}")  # fmt: skip


if __name__ == "__main__":
    main()

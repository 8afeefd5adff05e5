"""A bounded loopback load run of the whole platform: 20 concurrent users for 60 s mixing
reads, workbook uploads and assessment runs (issue 20, item 9).

    python benchmarks/platform_load.py                  # 20 users, 60 s, the demo platform
    python benchmarks/platform_load.py --users 10 --seconds 30
    python benchmarks/platform_load.py --url http://127.0.0.1:8000   # a demo already running

Unless ``--url`` is given it starts ``parkesg platform-demo`` (waitress on a free loopback
port, the demo seeded into a temporary folder) in a subprocess, as ``benchmarks/web_load.py``
does. Each user is a session of its own, in a thread, looping until the time is up:

- readers (the park's viewer and reviewer, the provider's, bank's and government's viewers,
  the enterprises' reviewers): the latest results page they may see, the observations list,
  the home page, the API's observations — one after the other;
- uploaders (the editors of e01…e04, one entity each): download the pre-filled template,
  change one value, upload it through the API (201, pending), confirm it (200, applied) —
  every change a new draft version with its audit record;
- runners (the park's editor, e05's editor): run an assessment through the API (201) —
  the park's Beijing diagnosis, e05's T/JDFA01 rating.

Printed per kind: requests, errors (any other status, or a failed request), median, p95 and
p99 latency; then the totals. Exit status 1 when there was any error. Nothing but loopback.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import httpx
import openpyxl

from parkesg.web.demo.launch import running_demo

PASSWORD = "Jiangnan-Demo-2026"  # parkesg.web.demo.cast.DEMO_PASSWORD (printed by the demo)
READERS = ["park-viewer", "park-reviewer", "provider-viewer", "bank-viewer", "gov-viewer",
           "e01-reviewer", "e02-reviewer", "e03-reviewer", "e04-reviewer", "e05-reviewer",
           "e06-reviewer", "e06-editor"]  # fmt: skip
UPLOADERS = ["e01-editor", "e02-editor", "e03-editor", "e04-editor"]
RUNNERS = ["park-editor", "e05-editor"]


@dataclass
class Tally:
    ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    notes: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, ms: float, ok: bool, note: str = "") -> None:
        with self.lock:
            self.ms[kind].append(ms)
            if not ok:
                self.errors[kind] += 1
                if len(self.notes) < 20:
                    self.notes.append(f"{kind}: {note}")


def log_in(url: str, user: str) -> httpx.Client:
    c = httpx.Client(base_url=url, timeout=120, follow_redirects=False)
    c.get("/login/")
    r = c.post("/login/", data={"username": user, "password": PASSWORD,
                                "csrfmiddlewaretoken": c.cookies.get("csrftoken", "")})  # fmt: skip
    if r.status_code != 302:
        sys.exit(f"login of {user} failed: HTTP {r.status_code}")
    c.headers["X-CSRFToken"] = c.cookies.get("csrftoken", "")
    return c


def timed(
    tally: Tally, kind: str, want: int, call: Callable[[], httpx.Response]
) -> httpx.Response | None:
    t0 = time.perf_counter()
    try:
        r = call()
    except httpx.HTTPError as exc:
        tally.add(kind, (time.perf_counter() - t0) * 1000, False, type(exc).__name__)
        return None
    ok = r.status_code == want
    tally.add(kind, (time.perf_counter() - t0) * 1000, ok, f"HTTP {r.status_code} {r.text[:120]}")
    return r if ok else None


def reader(c: httpx.Client, ids: dict[str, str], until: float, tally: Tally) -> None:
    pages = [("read: observations", "/observations/"), ("read: home", "/"),
             ("read: API observations", "/api/observations?limit=100")]  # fmt: skip
    seen = c.get("/api/assessments", params={"limit": 1}).json()["items"]
    if seen:  # the latest results page this reader may see (the park's diagnosis, a rating)
        pages.insert(0, ("read: results page", f"/assessments/{seen[0]['id']}/"))
    i = 0
    while time.perf_counter() < until:
        kind, path = pages[i % len(pages)]
        timed(tally, kind, 200, lambda path=path: c.get(path))
        i += 1


def _changed(template: bytes, step: int) -> bytes:
    """The pre-filled template with one value changed: the first filled value of the latest
    year that has any (alternately one up and one down)."""
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb["数据"]
    years = [c.column for c in ws[2] if str(c.value or "").isdigit()]
    for col in reversed(years):
        for r in range(3, ws.max_row + 1):
            value = ws.cell(r, col).value
            if isinstance(value, int | float) and not isinstance(value, bool):
                ws.cell(r, col, float(value) + (1 if step % 2 else -1))
                out = io.BytesIO()
                wb.save(out)
                return out.getvalue()
    raise RuntimeError("the pre-filled template holds no value to change")


def uploader(c: httpx.Client, ids: dict[str, str], until: float, tally: Tally) -> None:
    step = 0
    while time.perf_counter() < until:
        got = timed(tally, "upload: template", 200,
                    lambda: c.get("/collect/template/", params={"values": "1"}))  # fmt: skip
        if got is None:
            continue
        data = _changed(got.content, step)
        made = timed(tally, "upload: check", 201, lambda data=data: c.post(
            "/api/uploads", files={"workbook": ("load.xlsx", data)}))  # fmt: skip
        if made is not None:
            pk = made.json()["id"]
            timed(tally, "upload: confirm", 200,
                  lambda pk=pk: c.post(f"/api/uploads/{pk}/confirm"))  # fmt: skip
        step += 1


def runner(c: httpx.Client, ids: dict[str, str], until: float, tally: Tally, *, who: str) -> None:
    body = ({"framework": "bj-green-diagnosis", "entity": int(ids["park"])} if who == "park-editor"
            else {"framework": "t-jdfa-01-2025", "entity": int(ids["e05"])})  # fmt: skip
    while time.perf_counter() < until:
        timed(tally, "assessment run", 201, lambda: c.post("/api/assessments", json=body))


def demo_ids(url: str) -> dict[str, str]:
    park = log_in(url, "park-viewer").get("/api/me").json()["organisation_id"]
    e05 = log_in(url, "e05-reviewer").get("/api/me").json()["organisation_id"]
    return {"park": str(park), "e05": str(e05)}


def run(url: str, users: int, seconds: float) -> Tally:
    ids = demo_ids(url)
    plan: list[tuple[str, str]] = []
    for name in RUNNERS:
        plan.append(("runner", name))
    for name in UPLOADERS:
        plan.append(("uploader", name))
    i = 0
    while len(plan) < users:
        plan.append(("reader", READERS[i % len(READERS)]))
        i += 1
    plan = plan[:users]
    clients = [(kind, name, log_in(url, name)) for kind, name in plan]
    tally = Tally()
    until = time.perf_counter() + seconds
    threads = []
    for kind, name, c in clients:
        if kind == "runner":
            target: Callable[[], None] = partial(runner, c, ids, until, tally, who=name)
        elif kind == "uploader":
            target = partial(uploader, c, ids, until, tally)
        else:
            target = partial(reader, c, ids, until, tally)
        threads.append(threading.Thread(target=target))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for _kind, _name, c in clients:
        c.close()
    return tally


def report(tally: Tally, users: int, seconds: float) -> int:
    print(f"{users} concurrent users · {seconds:.0f} s · loopback")
    print(f"{'kind':<24}{'requests':>9}{'errors':>8}{'median ms':>11}{'p95 ms':>9}{'p99 ms':>9}")
    everything: list[float] = []
    for kind in sorted(tally.ms):
        lat = sorted(tally.ms[kind])
        everything += lat
        q = statistics.quantiles(lat, n=100, method="inclusive") if len(lat) > 1 else lat * 99
        print(f"{kind:<24}{len(lat):>9}{tally.errors[kind]:>8}{statistics.median(lat):>11.1f}"
              f"{q[94]:>9.1f}{q[98]:>9.1f}")  # fmt: skip
    errors = sum(tally.errors.values())
    everything.sort()
    q = statistics.quantiles(everything, n=100, method="inclusive")
    print(f"{'all':<24}{len(everything):>9}{errors:>8}{statistics.median(everything):>11.1f}"
          f"{q[94]:>9.1f}{q[98]:>9.1f}")  # fmt: skip
    for note in tally.notes:
        print("error:", note)
    return 1 if errors else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--url", help="a platform already running with the demo data")
    ap.add_argument("--threads", type=int, default=8, help="waitress threads (8, as serve)")
    args = ap.parse_args()
    if args.users < len(RUNNERS) + len(UPLOADERS) + 1:
        sys.exit(f"--users must be at least {len(RUNNERS) + len(UPLOADERS) + 1}")
    print(f"machine: {os.cpu_count()} cores, load average before the run "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="parkesg-platform-load-") as tmp:
        server = None if args.url else running_demo(Path(tmp) / "demo-data",
                                                    log=Path(tmp) / "demo.log", threads=args.threads)  # fmt: skip
        if server is not None:
            print("启动演示平台 / starting the demo platform …", flush=True)
        with server if server is not None else _given(args.url) as url:
            tally = run(url, args.users, args.seconds)
    sys.exit(report(tally, args.users, args.seconds))


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url.rstrip("/")


if __name__ == "__main__":
    try:
        main()
    except RuntimeError as exc:  # the platform did not start: its output says why
        sys.exit(str(exc))

"""Load on the web platform: N logged-in users fetch one page at once for S seconds.

    python benchmarks/web_load.py                       # 20 users, 30 s, the demo park's data
    python benchmarks/web_load.py --page region         # a named page (see PAGES)
    python benchmarks/web_load.py --path '/organisations/{park}/' --seconds 60
    python benchmarks/web_load.py --url http://127.0.0.1:8000   # a platform already running

Unless ``--url`` is given it starts the demo platform itself, as ``make run`` does
(``parkesg platform-demo``: waitress on loopback, the demo data seeded into ``--data-dir`` or a
temporary folder), in a subprocess. Each simulated user is a session of its own (log in once,
then fetch in a loop; threads with httpx). Printed: requests, throughput, median / p95 / p99
latency in ms and errors (any status but 200, or a failed request), with the load average of
the machine before the run — other work on the machine slows the figures.

``{park}`` in a path is the demo park's organisation id, ``{results}`` the id of its stored
Beijing green diagnosis (the default page: its results). The users are the demo accounts that
may see the park's data (its editor, reviewer and viewer, and the service provider's viewer,
under the engagement; admins log in with a second factor), taken in turn until there are
``--users`` sessions.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from parkesg.web.demo.launch import running_demo

PASSWORD = "Jiangnan-Demo-2026"  # parkesg.web.demo.cast.DEMO_PASSWORD (printed by the demo)
# (not the admins: they log in with a second factor, a code usable once per 30 s)
USERS = ["park-editor", "park-reviewer", "park-viewer", "provider-viewer"]
# Named pages (``--page``): the demo park's heaviest pages. ``{results}`` is its Beijing
# green diagnosis (three years × 31 indicators), which the demo runs when it seeds.
PAGES = {
    "results": "/assessments/{results}/",
    "observations": "/observations/?organisation={park}",  # the park's values, 50 a page
    "observations-all": "/observations/",  # the park's and what its enterprises share
    "park": "/organisations/{park}/",
    "home": "/",
    "audit": "/audit/",
}


def log_in(url: str, user: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=30, follow_redirects=False)
    client.get("/login/")
    r = client.post(
        "/login/",
        data={"username": user, "password": PASSWORD,
              "csrfmiddlewaretoken": client.cookies.get("csrftoken", "")},
    )  # fmt: skip
    if r.status_code != 302:
        sys.exit(f"login of {user} failed: HTTP {r.status_code}")
    return client


def park_id(client: httpx.Client) -> str:
    """The demo park's id: the 所属组织 link on a park user's home page."""
    m = re.search(r'href="/organisations/(\d+)/"', client.get("/").text)
    if m is None:
        sys.exit("the demo park was not found on the home page")
    return m.group(1)


def results_id(client: httpx.Client, park: str) -> str:
    """The demo park's Beijing green diagnosis (run by the demo seed)."""
    found = client.get(
        "/api/assessments", params={"organisation": park, "framework": "bj-green-diagnosis"}
    ).json()["items"]
    if not found:
        sys.exit("the demo park has no stored Beijing diagnosis")
    return str(found[0]["id"])


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _client_loop(client: httpx.Client, path: str, until: float, tally: Tally) -> None:
    """Fetch ``path`` until ``until`` over one kept-alive connection. The loop uses the
    standard library's http.client, not httpx: on a small machine the client shares the cores
    with the server, and httpx's own cost per request would be counted as the server's."""
    url = httpx.URL(str(client.base_url))
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    conn = http.client.HTTPConnection(url.host, url.port, timeout=30)
    headers = {"Cookie": cookie, "Accept-Language": "zh-CN"}
    mine: list[float] = []
    errors = 0
    while time.perf_counter() < until:
        t0 = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection(url.host, url.port, timeout=30)
        mine.append((time.perf_counter() - t0) * 1000)
        errors += not ok
    conn.close()
    with tally.lock:
        tally.latencies_ms += mine
        tally.errors += errors


def run_load(clients: list[httpx.Client], path: str, seconds: float) -> tuple[Tally, float]:
    for c in clients:  # warm up: every session once, not counted
        c.get(path)
    tally = Tally()
    start = time.perf_counter()
    until = start + seconds
    threads = [threading.Thread(target=_client_loop, args=(c, path, until, tally))
               for c in clients]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally, time.perf_counter() - start


def report(tally: Tally, wall_s: float, path: str, users: int) -> None:
    lat = sorted(tally.latencies_ms)
    if len(lat) < 2:
        sys.exit("too few requests to report")
    q = statistics.quantiles(lat, n=100, method="inclusive")
    print(f"page {path} · {users} concurrent users · {wall_s:.1f} s")
    print(f"requests {len(lat):,} ({len(lat) / wall_s:.1f}/s) · errors {tally.errors}")
    print(f"latency ms: median {statistics.median(lat):.1f} · p95 {q[94]:.1f} · "
          f"p99 {q[98]:.1f} · max {lat[-1]:.1f}")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--users", type=int, default=20, help="concurrent sessions (20)")
    ap.add_argument("--seconds", type=float, default=30.0, help="length of the run (30)")
    ap.add_argument("--page", choices=sorted(PAGES), default="results")
    ap.add_argument("--path", help="any path instead of --page; {park} = the demo park's id")
    ap.add_argument("--url", help="a platform already running with the demo data")
    ap.add_argument("--data-dir", type=Path, help="demo data dir to (re)use; default: a new one")
    ap.add_argument("--threads", type=int, default=8, help="waitress threads (8, as serve)")
    args = ap.parse_args()
    path_template = args.path or PAGES[args.page]
    print(f"machine: {os.cpu_count()} cores, load average before the run "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="parkesg-load-") as tmp:
        data_dir = args.data_dir or Path(tmp) / "demo-data"
        log = Path(tmp) / "platform-demo.log"
        if not args.url:
            print(f"启动演示平台 / starting the demo platform ({data_dir}) …", flush=True)
        server = running_demo(data_dir, log=log, threads=args.threads) if not args.url else None
        with server if server is not None else _given(args.url) as url:
            names = [USERS[i % len(USERS)] for i in range(args.users)]
            clients = [log_in(url, n) for n in names]
            park = park_id(clients[0])
            path = path_template.format(park=park, results=results_id(clients[0], park))
            tally, wall = run_load(clients, path, args.seconds)
            for c in clients:
                c.close()
    report(tally, wall, path, args.users)


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url.rstrip("/")


if __name__ == "__main__":
    try:
        main()
    except RuntimeError as exc:  # the platform did not start: its output says why
        sys.exit(str(exc))

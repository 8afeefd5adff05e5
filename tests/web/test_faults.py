"""The server killed in the middle of a write leaves nothing half-written (issue 20, item 9).

A real ``parkesg serve`` on a scratch platform (its own SQLite, or a scratch PostgreSQL
database) is sent SIGKILL while it is inside the transaction of (a) confirming a workbook
upload — one of its two values already saved — and (b) storing an assessment run; the fault
point (``core.faults``) tells the test when the request is there. Afterwards: no value
changed, the upload still pending and confirmable, no assessment stored, the audit chain
intact; restarted without the fault, the same upload confirms."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import openpyxl
import pytest
from scratch import parkesg, scratch_platform

from parkesg.web.demo.launch import free_port

DRILL = str(Path(__file__).with_name("drill.py"))


def _state(env: dict[str, str]) -> dict:
    import json

    done = subprocess.run([sys.executable, DRILL, "dump"], env=env, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


class Server:
    def __init__(self, env: dict[str, str], log: Path, fault: str = "") -> None:
        self.port = free_port()
        env = {**env, "PARKESG_FAULT_POINT": fault} if fault else env
        self.out = open(log, "ab")
        self.proc = subprocess.Popen([*parkesg(), "serve", "--port", str(self.port)], env=env,
                                     stdout=self.out, stderr=subprocess.STDOUT)  # fmt: skip
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{self.url}/login/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert self.proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)

    def client(self) -> httpx.Client:
        c = httpx.Client(base_url=self.url, timeout=120)
        c.get("/login/")
        token = c.cookies["csrftoken"]
        r = c.post("/login/", data={"username": "drill-editor", "password": "Zx9!drill-pass",
                                    "csrfmiddlewaretoken": token})  # fmt: skip
        assert r.status_code == 302, r.text
        c.headers["X-CSRFToken"] = c.cookies["csrftoken"]
        return c

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.out.close()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.out.close()


def _killed_inside(server: Server, env: dict[str, str], point: str, request) -> None:  # type: ignore[no-untyped-def]
    """Send ``request`` (in a thread), wait until the server sits at ``point``, kill it."""
    marker = Path(env["PARKESG_DATA_DIR"]) / f"fault-{point}"
    t = threading.Thread(target=lambda: _swallow(request), daemon=True)
    t.start()
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert time.monotonic() < deadline, f"the server never reached {point}"
        time.sleep(0.1)
    server.kill()
    t.join(timeout=30)
    marker.unlink()


def _swallow(request) -> None:  # type: ignore[no-untyped-def]
    try:
        request()
    except httpx.HTTPError:
        pass  # the connection dies with the server


def _changed_workbook(c: httpx.Client) -> bytes:
    wb = openpyxl.load_workbook(
        io.BytesIO(c.get("/collect/template/?years=2022,2023&values=1").content)
    )
    ws = wb["数据"]
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == "ent_output_value")
    header = [str(ws.cell(2, col).value) for col in range(1, ws.max_column + 1)]
    for year, value in (("2022", 4000), ("2023", 6000)):
        ws.cell(row, header.index(year) + 1, value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_killed_mid_upload_and_mid_assessment_leaves_nothing_half_written(tmp_path, capsys):
    log = tmp_path / "serve.log"
    with scratch_platform(tmp_path) as env:
        subprocess.run([*parkesg(), "manage", "migrate", "--verbosity", "0"], env=env, check=True,
                       capture_output=True, timeout=300)  # fmt: skip
        subprocess.run([sys.executable, DRILL, "seed"], env=env, check=True, timeout=300,
                       capture_output=True)  # fmt: skip
        before = _state(env)

        # (a) confirming an upload of two changed values, killed after the first is saved
        server = Server(env, log, fault="confirm_upload.after_first_value")
        c = server.client()
        made = c.post("/api/uploads", files={"workbook": ("w.xlsx", _changed_workbook(c))})
        assert made.status_code == 201 and len(made.json()["changes"]) == 2, made.text
        upload = made.json()["id"]
        _killed_inside(server, env, "confirm_upload.after_first_value",
                       lambda: c.post(f"/api/uploads/{upload}/confirm"))  # fmt: skip
        after = _state(env)
        assert after["observations"] == before["observations"]  # neither value saved
        assert after["revisions"] == before["revisions"]
        assert ["pending", 0] in after["uploads"] and after["upload_changes_written"] == 0
        assert after["audit_breaks"] == []

        # restarted without the fault: the same upload confirms, both values at once
        server = Server(env, log)
        c = server.client()
        assert c.post(f"/api/uploads/{upload}/confirm").json()["state"] == "applied"
        server.stop()
        confirmed = _state(env)
        values = {(f, y): v for f, y, v, _s in confirmed["observations"]}
        assert values["ent_output_value", 2022] == 4000 and values["ent_output_value", 2023] == 6000

        # (b) an assessment run, killed after its row is written, before the transaction ends
        server = Server(env, log, fault="run_assessment.after_save")
        c = server.client()
        org = confirmed["organisation"]
        body = {"framework": "t-jdfa-01-2025", "entity": org, "years": [2024]}
        _killed_inside(server, env, "run_assessment.after_save",
                       lambda: c.post("/api/assessments", json=body))  # fmt: skip
        after = _state(env)
        assert after["assessments"] == 0  # no run stored …
        assert after["audit"] == confirmed["audit"] + 1  # … nor audited: only the login is
        assert after["audit_breaks"] == []
        server = Server(env, log)  # and the platform starts and runs it afterwards
        done = server.client().post("/api/assessments", json=body)
        server.stop()
        assert done.status_code == 201, done.text
    with capsys.disabled():
        print(
            "\nfaults: server killed (SIGKILL) inside an upload's confirmation and inside an "
            "assessment run: nothing half-written, audit chain intact, both redone after restart"
        )
    assert os.path.exists(log)

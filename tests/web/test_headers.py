"""Headers and pages (issue 20, item 5): a Content-Security-Policy without inline script or
style on every page, ``Cache-Control: no-store`` on every page and API answer, Chinese error
pages (400, 403, 404, 500, CSRF) with no stack trace — and no inline script, handler or
style attribute left in any page the platform serves."""

from __future__ import annotations

import io
import logging
import re

from authz_samples import sample
from django.test import Client
from test_authz_suite import _url as endpoint_url

from parkesg.web.core import policy

INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I), "inline script"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style", re.I), "style element"),
]


def _directives(header: str) -> dict[str, str]:
    return {d.split()[0]: d for d in (p.strip() for p in header.split(";")) if d}


def test_every_page_sends_the_policy_and_no_store_and_carries_no_inline_code(world):
    """Every GET page and API read of the platform, as the owner's admin (its objects from the
    authorisation suite's samples) and anonymously."""
    made: dict = {}
    admin = Client()
    admin.force_login(world.user("ent_a1", "admin"))
    checked = 0
    for e in policy.endpoints():
        if e.methods and "GET" not in e.methods:
            continue
        pk = sample(e.policy.model, world, made).pk if e.policy.kind == policy.OBJECT else 1
        url = endpoint_url(e, pk)
        for c in (admin, Client()):
            r = c.get(url)
            if e.route.startswith("static/") or r.status_code in (301,):
                continue
            assert r["Cache-Control"] == "no-store", url
            if "text/html" not in r.get("Content-Type", ""):
                continue
            csp = _directives(r["Content-Security-Policy"])
            assert (
                csp["script-src"] == "script-src 'self'"
                and "unsafe" not in r["Content-Security-Policy"]
            )
            assert csp["frame-ancestors"] == "frame-ancestors 'none'"
            if e.route.startswith("api/docs"):
                continue  # Swagger UI's own page: its scripts are files too (checked above)
            html = r.content.decode()
            for pattern, what in INLINE:
                assert not pattern.search(html), f"{url}: {what}: {pattern.search(html)}"
            checked += 1
    assert checked > 40


def test_static_files_keep_their_cache_headers(world):
    r = Client().get("/static/parkesg/site.js")
    assert r.status_code == 200 and r.get("Cache-Control") != "no-store"


def test_error_pages_in_chinese_without_a_trace(world, monkeypatch):
    c = Client(raise_request_exception=False)
    c.force_login(world.user("ent_a1", "viewer"))
    r = c.get("/no/such/page/")
    assert r.status_code == 404 and "未找到" in r.content.decode()
    r = c.get(f"/observations/{world.obs['ent_a1'].pk}/edit/")
    assert r.status_code == 403 and "无权操作" in r.content.decode()
    import parkesg.web.core.home as home

    def broken(user):  # a fault deep in a page
        raise RuntimeError("secret-internal-detail")

    monkeypatch.setattr(home, "waiting_for", broken)
    r = c.get("/")
    body = r.content.decode()
    assert r.status_code == 500 and "服务器内部错误" in body
    assert "secret-internal-detail" not in body and "Traceback" not in body
    assert r["Cache-Control"] == "no-store" and "Content-Security-Policy" in r


def test_csrf_failure_page_in_chinese(world):
    c = Client(enforce_csrf_checks=True)
    r = c.post("/login/", {"username": "x", "password": "y"})
    assert r.status_code == 403 and "页面已过期" in r.content.decode()
    assert "CSRF verification failed" not in r.content.decode()


def test_bad_request_page(world):
    r = Client().get("/", HTTP_HOST="evil.example")  # not an allowed host: 400
    assert r.status_code == 400 and "请求无效" in r.content.decode()


def test_no_traceback_in_the_server_log_for_403_or_csrf(world):
    logging.getLogger("django.request").setLevel(logging.WARNING)
    logging.getLogger("django.security.csrf").setLevel(logging.WARNING)
    handler = next(h for h in logging.getLogger().handlers
                   if any(type(f).__name__ == "ClientErrorsWithoutTraceback" for f in h.filters))  # fmt: skip
    stream = io.StringIO()
    old, handler.stream = handler.stream, stream  # type: ignore[attr-defined]
    try:
        c = Client()
        c.force_login(world.user("ent_a1", "viewer"))
        assert c.get(f"/observations/{world.obs['ent_a1'].pk}/edit/").status_code == 403
        assert Client(enforce_csrf_checks=True).post("/login/", {}).status_code == 403
    finally:
        handler.stream = old  # type: ignore[attr-defined]
        logging.getLogger("django.request").setLevel(logging.ERROR)
    log = stream.getvalue()
    assert "Forbidden" in log and "Traceback" not in log

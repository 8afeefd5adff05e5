"""Who may open what in ratings (issue 18): every page and API route of the app, as every
role of every organisation of the test world — the rating organisation (银行甲), the rated
enterprise (企业A1), the bank that commissioned the rating (银行乙) and everyone else. Pages go
through ``for_user`` / ``get_for_user``: not visible → 404, visible but not allowed → 403."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver
from matrix import run_matrix
from ratings_world import published_scene

from parkesg.web.ratings.models import (
    RatingResult,
)

pytestmark = pytest.mark.django_db
RATER, RATED, COMMISSIONER = "bank_ok", "ent_a1", "bank_no"
MAKERS = {"admin", "editor"}
RATER_KINDS = {"bank_ok", "bank_no", "ent_a1", "ent_a2", "ent_b1", "park_a", "park_b"}


@pytest.fixture
def scene(world: Any) -> dict[str, Any]:
    return published_scene(world)


def _status(sees: set[str], *, change: set[str] | None = None, roles: set[str] | None = None):  # type: ignore[no-untyped-def]
    """(org, role) → the status a GET answers: 200 where allowed; 403 where visible only."""

    def expect(org: str, role: str) -> int:
        allowed = org in (change if change is not None else sees) and (
            roles is None or role in roles
        )
        if allowed:
            return 200
        return 403 if org in sees else 404

    return expect


def test_every_page_of_ratings_for_every_role(scene: dict[str, Any]) -> None:
    w, s = scene["world"], scene
    p, a1, res = s["project"], s["a1"], s["result"]
    outside = {RATER, RATED, COMMISSIONER}
    pages = {
        f"/ratings/projects/{p.pk}/": _status(outside),
        f"/ratings/projects/{p.pk}/edit/": _status(outside, change={RATER}, roles=MAKERS),
        f"/ratings/members/{a1.pk}/": _status(outside),
        f"/ratings/members/{s['other'].pk}/": _status({RATER, COMMISSIONER}),
        f"/ratings/results/{res.pk}/": _status(outside),
        f"/ratings/results/{res.pk}/trace/energy_intensity/": _status(outside),
        f"/ratings/results/{s['other_result'].pk}/": _status({RATER, COMMISSIONER}),
        f"/ratings/certificates/{s['cert'].pk}/": _status(outside),
        f"/ratings/objections/{s['objection'].pk}/": _status({RATER, RATED}),
        f"/ratings/bodies/{s['body'].pk}/": _status({RATER}),
        f"/ratings/bodies/{s['body'].pk}/edit/": _status({RATER}, roles={"admin"}),
        f"/ratings/evaluators/{s['evaluator'].pk}/": _status({RATER}),
        f"/ratings/evaluators/{s['evaluator'].pk}/edit/": _status({RATER}, roles={"admin"}),
        f"/ratings/committee/{s['committee'].pk}/": _status({RATER}),
        f"/ratings/references/{s['reference'].pk}/": _status({RATER}),
        "/ratings/projects/add/": lambda o, r: 200 if o in RATER_KINDS and r in MAKERS else 403,
        "/ratings/evaluators/add/": lambda o, r: 200 if o in RATER_KINDS and r == "admin" else 403,
        "/ratings/mine/": lambda o, r: 200 if o.startswith("ent_") else 403,
        "/ratings/portfolio/": lambda o, r: 200 if o.startswith("bank_") else 403,
        "/ratings/organisation/": lambda o, r: 200 if o in RATER_KINDS else 403,
        "/ratings/published/": lambda o, r: 200,
    }  # fmt: skip
    for name in ("ratingproject", "ratingbody", "evaluator", "committeemember", "portfoliomember",
                 "ratingresult", "certificate", "objection", "referencetable", "benchmarktable"):  # fmt: skip
        pages[f"/ratings/{_prefix(name)}/"] = lambda o, r: 200  # lists: rows by ``for_user``
    problems = []
    for url, expect in pages.items():
        problems += run_matrix(w, url, lambda o, r: False, expect=expect)
    assert problems == []


def _prefix(model: str) -> str:
    return {"ratingproject": "projects", "ratingbody": "bodies", "evaluator": "evaluators",
            "committeemember": "committee", "portfoliomember": "members",
            "ratingresult": "results", "certificate": "certificates", "objection": "objections",
            "referencetable": "references", "benchmarktable": "benchmarks"}[model]  # fmt: skip


def test_downloads_and_evidence_only_through_a_record_one_may_view(scene: dict[str, Any]) -> None:
    w, res = scene["world"], scene["result"]
    expect = _status({RATER, RATED, COMMISSIONER})
    problems = run_matrix(w, f"/ratings/results/{res.pk}/download/certificate/",
                          lambda o, r: False, expect=expect)  # fmt: skip
    assert problems == []
    c = Client()
    c.force_login(w.user(RATED, "viewer"))
    assert c.get(f"/ratings/evidence/objection/{scene['objection'].pk}/999999/").status_code == 404
    assert c.get("/ratings/evidence/nothing/1/1/").status_code == 404


def test_actions_are_posted_and_refused_to_those_who_may_not_take_them(
    scene: dict[str, Any],
) -> None:
    w, p = scene["world"], scene["project"]
    for url in (f"/ratings/projects/{p.pk}/move/close/", f"/ratings/projects/{p.pk}/run/"):
        assert run_matrix(w, url, lambda o, r: False, expect=lambda o, r: 405) == []  # POST only
    statuses = {}
    for key, user in w.users.items():
        c = Client()
        c.force_login(user)
        statuses[key] = c.post(f"/ratings/projects/{p.pk}/run/").status_code
    # the team or the admin while working; the project is published: a member editor may not
    assert {k: v for k, v in statuses.items() if v != 404} == {
        f"{o}_{r}": 403
        for o in (RATER, RATED, COMMISSIONER)
        for r in ("admin", "editor", "reviewer", "viewer")
        if not (o == RATER and r == "admin")
    } | {f"{RATER}_admin": 302}  # admin: refused with the state's message, back to the page


def test_api_routes_for_every_role(scene: dict[str, Any]) -> None:
    w, p, s = scene["world"], scene["project"], scene
    routes = {
        "/api/ratings/projects": lambda o, r: 200,
        f"/api/ratings/projects/{p.pk}": _status({RATER, RATED, COMMISSIONER}),
        f"/api/ratings/projects/{p.pk}/results": _status({RATER, RATED, COMMISSIONER}),
        "/api/ratings/certificates": lambda o, r: 200,
        f"/api/ratings/objections/{s['objection'].pk}": _status({RATER, RATED}),
        "/api/ratings/portfolio": lambda o, r: 200 if o.startswith("bank_") else 403,
        "/api/ratings/published": lambda o, r: 200,
    }  # fmt: skip
    problems = []
    for url, expect in routes.items():
        problems += run_matrix(w, url, lambda o, r: False, expect=expect)
    assert problems == []
    c = Client()
    c.force_login(w.user(RATED, "viewer"))
    rows = c.get(f"/api/ratings/projects/{p.pk}/results").json()["items"]
    assert [x["enterprise"] for x in rows] == ["企业A1"]  # its own result, no one else's
    c.force_login(w.user(COMMISSIONER, "viewer"))
    every = RatingResult.objects.filter(project=p, current=True).count()
    assert c.get(f"/api/ratings/projects/{p.pk}/results").json()["count"] == every
    anonymous = Client()
    assert anonymous.get("/api/ratings/projects").status_code == 401
    assert anonymous.get("/api/ratings/published").status_code == 200


def test_every_url_of_ratings_is_in_this_matrix() -> None:
    """A new page of ratings must be added above (the later suite enumerates them all)."""
    from parkesg.web.ratings import urls

    assert get_resolver().url_patterns  # the URLconf is loaded

    names = {p.name for p in urls.urlpatterns}
    assert names == {
        "ratings_published", "ratings_mine", "ratings_portfolio", "ratings_organisation",
        "ratings_organisation_upload", "ratings_move", "ratings_run", "ratings_criteria",
        "ratings_team", "ratings_portfolio_add", "ratings_member_action", "ratings_rerate",
        "ratings_withdraw",
        "ratings_onsite_action", "ratings_trace", "ratings_download", "ratings_evidence",
        "ratings_object", "ratings_objection_action",
        *(f"{m}_{v}" for m in ("ratingproject", "ratingbody", "evaluator", "committeemember")
          for v in ("list", "detail", "add", "edit")),
        *(f"{m}_{v}" for m in ("portfoliomember", "ratingresult", "certificate", "objection",
                               "referencetable", "benchmarktable") for v in ("list", "detail")),
    }  # fmt: skip

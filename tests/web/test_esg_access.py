"""Every page and API route of the ESG management system for every role of every organisation
of the world, inside and outside the owning park committee: a record of every register of
园区A by its detail, edit and API pages; the system's own pages; the workflow moves (POST);
the documents register; and that a park sees its own system only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from esg_world import build_esg, every_record
from matrix import run_matrix

from parkesg.web.core.views import REGISTRY
from parkesg.web.documents.models import Document
from parkesg.web.esg.views.registers import REGISTERS

pytestmark = pytest.mark.django_db
# 园区A's data is viewed by its own people and by 服务商甲 (engagement with its pledge)
VIEWERS = {"park_a", "prov_ok"}
WRITERS = {"admin", "editor"}
SLUG = {ov.name: prefix.removeprefix("esg/") for prefix, ov in REGISTERS.items()}


def test_every_register_record_for_every_role(world) -> None:  # type: ignore[no-untyped-def]
    records = every_record(build_esg(world))
    assert {k.split(":")[0] for k in records} == set(SLUG)  # one of every register
    problems: list[str] = []
    for key, obj in records.items():
        name, frozen = key.split(":")[0], key.endswith(":frozen")
        pk = obj.pk  # type: ignore[attr-defined]

        def view(org: str, role: str) -> int:
            return 200 if org in VIEWERS else 404

        def edit(org: str, role: str, frozen: bool = frozen) -> int:
            if org == "park_a" and role in WRITERS and not frozen:
                return 200
            return 403 if org in VIEWERS else 404

        problems += run_matrix(
            world, reverse(f"{name}_detail", args=[pk]), lambda o, r: False, expect=view
        )
        problems += run_matrix(world, f"/api/esg/registers/{SLUG[name]}/{pk}", lambda o, r: False,
                               expect=view)  # fmt: skip
        if REGISTRY[name].form is not None:
            problems += run_matrix(world, reverse(f"{name}_edit", args=[pk]), lambda o, r: False,
                                   expect=edit)  # fmt: skip
    assert problems == []


def test_add_pages_only_for_recording_members_of_a_park(world) -> None:  # type: ignore[no-untyped-def]
    problems = []
    for name in SLUG:

        def add(org: str, role: str) -> bool:
            return org.startswith("park") and role in WRITERS

        problems += run_matrix(world, reverse(f"{name}_add"), add, denied=(403,))
    problems += run_matrix(world, reverse("esg:external"), lambda o, r: o.startswith("park") and r in WRITERS,
                           denied=(403,))  # fmt: skip
    assert problems == []


PAGES = ["esg:home", "esg:dashboard", "esg:charts", "esg:leadership", "esg:conformity",
         "esg:scope", "esg:policy", "esg:documents"]  # fmt: skip


def test_system_pages_show_a_park_its_own_system_and_an_engaged_auditor_the_park(world) -> None:  # type: ignore[no-untyped-def]
    build_esg(world)
    park_a = world.orgs["park_a"].pk

    def sees(org: str, role: str) -> bool:
        return org.startswith("park") or org == "prov_ok"

    problems = []
    for name in PAGES:
        problems += run_matrix(world, reverse(name), sees)
        # another park's system by parameter: only its own people and 服务商甲
        problems += run_matrix(world, f"{reverse(name)}?park={park_a}",
                               lambda o, r: o in VIEWERS)  # fmt: skip
    for api in ("/api/esg/dashboard", "/api/esg/conformity"):
        problems += run_matrix(world, api, sees)
        problems += run_matrix(world, f"{api}?park={park_a}", lambda o, r: o in VIEWERS)
    problems += run_matrix(world, "/api/esg/registers", lambda o, r: True)
    assert problems == []
    # 园区B sees its own (empty) leading group, never 园区A's
    c = Client()
    c.force_login(world.user("park_b", "admin"))
    assert "office" not in c.get(reverse("esg:leadership")).content.decode()
    c.force_login(world.user("park_a", "viewer"))
    assert ">office</a>" in c.get(reverse("esg:leadership")).content.decode()


def test_api_lists_only_what_each_may_see(world) -> None:  # type: ignore[no-untyped-def]
    records = every_record(build_esg(world))
    for key, user in world.users.items():
        org = key.rsplit("_", 1)[0]
        c = Client()
        c.force_login(user)
        for name, obj in records.items():
            slug = SLUG[name.split(":")[0]]
            got = c.get(f"/api/esg/registers/{slug}", {"limit": 1000}).json()
            ids = {r["id"] for r in got["items"]}
            assert (obj.pk in ids) is (org in VIEWERS), (key, name)  # type: ignore[attr-defined]
    assert Client().get("/api/esg/registers").status_code == 401


def test_workflow_moves_for_every_role(world) -> None:  # type: ignore[no-untyped-def]
    esg = build_esg(world)
    records = every_record(esg)
    nc = records["nonconformity"]
    url = reverse("nonconformity_move", args=[nc.pk, "analyse"])  # type: ignore[attr-defined]
    api = f"/api/esg/registers/nonconformities/{nc.pk}/move"  # type: ignore[attr-defined]
    for key, user in world.users.items():
        org, role = key.rsplit("_", 1)
        c = Client()
        c.force_login(user)
        page = c.post(url, {"cause": ""}).status_code  # empty cause: refused by its check
        json = c.post(api, {"event": "analyse", "fields": {"cause": ""}},
                      content_type="application/json").status_code  # fmt: skip
        if org not in VIEWERS:
            assert (page, json) == (404, 404), key
        elif org == "park_a" and role in WRITERS:
            assert (page, json) == (302, 422), key  # may act; the check names the missing cause
        else:
            assert (page, json) == (403, 403), key
        assert c.get(url).status_code == 405  # a move is a POST
    nc.refresh_from_db()  # type: ignore[attr-defined]
    assert nc.state == "open"  # type: ignore[attr-defined]
    generate = reverse("esg:report_generate", args=[records["esgreport"].pk])  # type: ignore[attr-defined]
    for key, user in world.users.items():
        org, role = key.rsplit("_", 1)
        c = Client()
        c.force_login(user)
        # generating: the park's recording people (a refusal, e.g. no data, is a message)
        want = 302 if org == "park_a" and role in WRITERS else 403 if org in VIEWERS else 404
        assert c.post(generate).status_code == want, key
        # recomputing the KPIs: a park's own people who may run assessments
        parks = org.startswith("park")
        want = 302 if parks and role in WRITERS else 403 if parks or org == "prov_ok" else 404
        assert c.post(reverse("esg:recompute")).status_code == want, key


def test_documents_of_the_system_by_role(world) -> None:  # type: ignore[no-untyped-def]
    esg = build_esg(world)
    every_record(esg)
    doc = Document.objects.get(kind="esc.policy")
    assert (
        run_matrix(world, reverse("esg:document", args=[doc.pk]), lambda o, r: o in VIEWERS) == []
    )
    move = reverse("esg:document_move", args=[doc.pk, "submit"])
    for key, user in world.users.items():
        org, role = key.rsplit("_", 1)
        c = Client()
        c.force_login(user)
        status = c.post(move).status_code
        want = 302 if org == "park_a" and role in WRITERS else 403 if org in VIEWERS else 404
        assert status == want, key


WORDS = {"button", "dt", "label", "th", "h2", "h3", "h4", "legend", "summary"}


def test_the_system_reads_in_english(world) -> None:  # type: ignore[no-untyped-def]
    """Every ESG page of a filled system, in English: no Chinese message id left untranslated,
    no Chinese-only heading, label or button (``test_i18n``'s rules)."""
    from test_i18n import CJK, LATIN, catalogue, texts

    records = every_record(build_esg(world))
    chinese_ids = {k for k in catalogue()._catalog if isinstance(k, str) and CJK.search(k)}
    urls = [reverse(n) for n in PAGES]
    for key, obj in records.items():
        name = key.split(":")[0]
        urls += [reverse(f"{name}_list"), reverse(f"{name}_detail", args=[obj.pk])]  # type: ignore[attr-defined]
    adds = [reverse(f"{n}_add") for n in SLUG if REGISTRY[n].form is not None]
    problems = set()
    for role in ("admin", "viewer"):
        c = Client()
        c.force_login(world.user("park_a", role))
        c.cookies["django_language"] = "en"
        for url in urls + (adds if role == "admin" else []):
            r = c.get(url)
            assert r.status_code == 200, (role, url)
            for tag, text in texts(r.content.decode()):  # words of the platform, not data
                if tag in WORDS or tag.startswith("label:"):
                    if text in chinese_ids or CJK.search(text) and not LATIN.search(text):
                        problems.add(f"{url} <{tag}> {text}")
    assert sorted(problems) == []

"""Every new view for every role of every organisation, inside and outside its own: the
pages and API of evidence files and workbook uploads (``matrix.ObjectViewMatrix``), and the
upload / template / evidence-upload pages that only editors and admins of an entity use."""

from __future__ import annotations

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from matrix import ObjectViewMatrix, run_matrix
from test_collection_evidence import PDF
from world import ENTITIES

from parkesg.io.workbook import DATA_SHEET
from parkesg.web.collection import apply, evidence, upload
from parkesg.web.collection.models import EvidenceFile, WorkbookUpload
from parkesg.web.collection.template import template_bytes

# Who views an entity's data besides its own people (world.py): 企业A1 shares with 园区A and
# consented to 银行甲; 服务商甲 works for 园区A with its pledge recorded.
VIEWERS = {"ent_a1": {"ent_a1", "park_a", "bank_ok"}, "park_a": {"park_a", "prov_ok"},
           "ent_b1": {"ent_b1"}}  # fmt: skip


def _evidence(world, org: str) -> EvidenceFile:
    return evidence.store_evidence(actor=world.user(org, "editor"), data=PDF + org.encode(),
                                   name=f"{org}.pdf")  # fmt: skip


def _upload(world, org: str, *, saved: bool = True) -> WorkbookUpload:
    """An upload of one value (a park's GDP, an enterprise's headcount), checked and (unless
    ``saved=False``) confirmed by its uploader."""
    field = "gdp" if org.startswith("park") else "ent_employees"
    owner = world.orgs[org]
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(owner, world.user(org), [2024],
                                                          with_values=False)))  # fmt: skip
    ws = wb[DATA_SHEET]
    r = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == field)
    ws.cell(r, 4, 1)
    ws.cell(r, 5, "园区统计数据")  # 数据来源 2024
    out = io.BytesIO()
    wb.save(out)
    data = SimpleUploadedFile("w.xlsx", out.getvalue())
    editor = world.user(org, "editor")
    pending = upload.preview_workbook(actor=editor, uploaded=data)
    if not saved:
        return pending
    return apply.confirm_upload(actor=editor, upload_id=pending.pk)


class TestEvidenceViews(ObjectViewMatrix):
    urls = {
        "/evidence/{pk}/": "view",
        "/evidence/{pk}/download/": "view",
        "/api/evidence/{pk}": "view",
    }
    objects = {org: (lambda w, org=org: _evidence(w, org)) for org in VIEWERS}

    def allowed(self, action: str, org: str, role: str, *, name: str) -> bool:
        return action == "view" and org in VIEWERS[name]


class TestUploadViews(ObjectViewMatrix):
    urls = {"/collect/uploads/{pk}/": "view", "/api/uploads/{pk}": "view"}
    objects = {org: (lambda w, org=org: _upload(w, org)) for org in VIEWERS}

    def allowed(self, action: str, org: str, role: str, *, name: str) -> bool:
        return action == "view" and org in VIEWERS[name]


def test_entry_pages_for_editors_and_admins_of_entities_only(world):
    def may(org: str, role: str) -> bool:
        return org in ENTITIES and role in ("admin", "editor")

    for name in ("collection:upload", "collection:template", "collection:evidence-upload"):
        assert run_matrix(world, reverse(name), may, denied=(403,)) == []


def test_lists_show_only_what_each_may_see(world):
    files = {org: _evidence(world, org) for org in VIEWERS}
    uploads = {org: _upload(world, org) for org in VIEWERS}
    for key, user in world.users.items():
        org = key.rsplit("_", 1)[0]
        c = Client()
        c.force_login(user)
        page = c.get(reverse("evidencefile_list")).content.decode()
        listed = c.get(reverse("workbookupload_list")).content.decode()
        api = {e["id"] for e in c.get("/api/evidence").json()["items"]}
        api_uploads = {u["id"] for u in c.get("/api/uploads").json()["items"]}
        for owner, viewers in VIEWERS.items():
            seen = org in viewers
            detail = reverse("evidencefile_detail", args=[files[owner].pk])
            assert (detail in page) is seen, (key, owner)
            up = reverse("workbookupload_detail", args=[uploads[owner].pk])
            assert (up in listed) is seen, (key, owner)
            # the uploaded workbook itself is an evidence file of its owner as well
            assert (files[owner].pk in api, uploads[owner].pk in api_uploads) == (seen, seen)


def test_submit_all_only_by_the_owners_editors(world):
    done = _upload(world, "ent_a1")
    url = reverse("collection:submit-all", args=[done.pk])
    for org, role, status in [("ent_b1", "editor", 404), ("park_a", "admin", 403),
                              ("ent_a1", "viewer", 403), ("ent_a1", "reviewer", 403)]:  # fmt: skip
        c = Client()
        c.force_login(world.user(org, role))
        assert c.post(url).status_code == status, (org, role)
    assert set(done.observations.values_list("state", flat=True)) == {"draft"}


def test_nav_link_only_for_those_who_may_upload(world):
    link = f'href="{reverse("collection:upload")}"'
    for org, role, shown in [("ent_a1", "editor", True), ("park_a", "admin", True),
                             ("ent_a1", "viewer", False), ("bank_ok", "editor", False)]:  # fmt: skip
        c = Client()
        c.force_login(world.user(org, role))
        assert (link in c.get(reverse("home")).content.decode()) is shown, (org, role)


def test_confirm_and_discard_only_by_the_uploader(world):
    pending = _upload(world, "ent_a1", saved=False)
    for step in ("confirm", "discard"):
        url = reverse(f"collection:{step}", args=[pending.pk])
        for org, role, status in [("ent_b1", "editor", 404), ("park_a", "admin", 403),
                                  ("ent_a1", "viewer", 403), ("ent_a1", "admin", 302)]:  # fmt: skip
            c = Client()
            c.force_login(world.user(org, role))
            assert c.post(url).status_code == status, (step, org, role)
        assert WorkbookUpload.objects.get(pk=pending.pk).state == "pending"  # admin: refused
        api = Client()
        api.force_login(world.user("ent_a1", "admin"))
        assert api.post(f"/api/uploads/{pending.pk}/{step}").status_code == 422


def test_review_of_an_upload_only_by_its_reviewers(world):
    done = _upload(world, "ent_a1")
    apply.submit_all(actor=world.user("ent_a1", "editor"), upload_id=done.pk)
    url = reverse("collection:review", args=[done.pk])
    # 企业B1 sees nothing of it (404); 园区A and 银行甲 see it through a grant, may not act (403)
    for org, role, status in [("ent_b1", "reviewer", 404), ("park_a", "reviewer", 403),
                              ("bank_ok", "admin", 403), ("ent_a1", "editor", 403)]:  # fmt: skip
        c = Client()
        c.force_login(world.user(org, role))
        assert c.post(url, {"event": "approve"}).status_code == status, (org, role)
    # an editor may not approve at all (checker ≠ maker: test_collection_roundtrip)
    assert set(done.observations.values_list("state", flat=True)) == {"submitted"}

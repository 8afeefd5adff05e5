"""Evidence files: the type told by content from an allow-list, size and empty refused, one
blob per content within an organisation, downloads only through the access policy with safe
headers, attached to an observation by form and API and shown in its history."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import docx
import pytest
from django.test import Client
from django.urls import reverse

from parkesg.errors import DataError
from parkesg.web.collection import evidence
from parkesg.web.collection.models import EvidenceFile, blob_path
from parkesg.web.collection.sniff import clean_name, detect_kind

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(20)


def _docx() -> bytes:
    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def _xlsx() -> bytes:
    import openpyxl

    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


@pytest.fixture
def data_dir(settings, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


def store(world, data: bytes, name: str, org: str = "ent_a1") -> EvidenceFile:
    return evidence.store_evidence(actor=world.user(org, "editor"), data=data, name=name)


def login(world, org="ent_a1", role="editor") -> Client:
    c = Client()
    c.force_login(world.user(org, role))
    return c


def upload(client: Client, data: bytes, name: str, **extra):
    f = io.BytesIO(data)
    f.name = name
    return client.post(reverse("collection:evidence-upload"), {"file": f, **extra})


@pytest.mark.parametrize(
    ("data", "kind"),
    [(PDF, "pdf"), (PNG, "png"), (JPEG, "jpeg"), ("年份,用水量\n2023,1200\n".encode(), "text"),
     ("\ufeff说明".encode(), "text")],
)  # fmt: skip
def test_kind_from_content(data, kind):
    assert detect_kind(data) == kind


def test_office_documents_told_apart_by_their_main_part():
    assert detect_kind(_docx()) == "docx"
    assert detect_kind(_xlsx()) == "xlsx"


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "文件为空"),
        (b"<!DOCTYPE html><html><script>alert(1)</script>", "网页"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "SVG"),
        (b"  \n<?xml version='1.0'?><a/>", "XML"),
        (b"id,name\n1,<script>alert(1)</script>\n", "网页"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "二进制"),
        (b"\x7fELF\x02\x01\x01", "二进制"),
        (b"#!/bin/sh\nrm -rf /\n", "脚本"),
        ("年份".encode("gbk"), "UTF-8"),
        (_zip({"a.txt": b"x"}), "[Content_Types].xml"),
        (_zip({"[Content_Types].xml": b"<Types/>"}), ".docx"),
        (_zip({"[Content_Types].xml": b"x", "xl/vbaProject.bin": b"x"}), "宏"),
    ],
)
def test_refused_contents(data, why):
    with pytest.raises(DataError, match=why.replace(".", r"\.").replace("[", r"\[")):
        detect_kind(data)


def test_names_are_labels_only():
    assert clean_name("../../etc/passwd") == "passwd"
    assert clean_name("C:\\Users\\x\\报告<1>.pdf") == "报告_1_.pdf"
    assert clean_name("a\x00b\n.pdf") == "a_b_.pdf"
    long = clean_name("长" * 300 + ".pdf")
    assert len(long) == 120 and long.endswith(".pdf")


def test_stored_with_checksum_size_kind_under_the_data_dir(world, data_dir):
    ef = store(world, PDF, "2023 年 统计年鉴.pdf")
    assert (ef.sha256, ef.size, ef.kind) == (hashlib.sha256(PDF).hexdigest(), len(PDF), "pdf")
    path = blob_path(world.orgs["ent_a1"].pk, ef.sha256)
    assert path == data_dir / "evidence" / str(ef.organisation_id) / ef.sha256[:2] / ef.sha256
    assert path.read_bytes() == PDF


def test_identical_content_is_one_blob_within_an_organisation(world, data_dir):
    first = store(world, PDF, "a.pdf")
    again = store(world, PDF, "b.pdf")
    other = store(world, PDF, "a.pdf", org="ent_b1")
    assert again.pk == first.pk and other.pk != first.pk
    assert EvidenceFile.objects.filter(sha256=first.sha256).count() == 2  # one per organisation
    blobs = [p for p in (data_dir / "evidence").rglob("*") if p.is_file()]
    assert len(blobs) == 2


def test_upload_page_refusals_store_nothing(world, data_dir, settings):
    settings.EVIDENCE_MAX_BYTES = 64
    c = login(world)
    cases = [(PDF, "年鉴.png", "扩展名"), (b"", "空.txt", "文件为空"),
             (b"<html></html>", "页面.html", "网页"), (PDF + bytes(64), "大.pdf", "文件过大")]  # fmt: skip
    for data, name, why in cases:
        page = upload(c, data, name)
        assert page.status_code == 422 and why in page.content.decode(), name
    assert EvidenceFile.objects.count() == 0
    assert not (data_dir / "evidence").exists()


def test_download_headers_and_cross_organisation_404(world, data_dir):
    c = login(world)
    page = upload(c, PDF, "报告.pdf")
    ef = EvidenceFile.objects.get()
    assert page.status_code == 302 and page.url == reverse("evidencefile_detail", args=[ef.pk])
    url = reverse("collection:evidence-download", args=[ef.pk])
    got = c.get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert got["Content-Type"] == "application/pdf"
    assert got["X-Content-Type-Options"] == "nosniff"
    assert got["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E6%8A%A5%E5%91%8A.pdf" in got["Content-Disposition"]
    assert login(world, "ent_b1").get(url).status_code == 404
    assert login(world, "bank_no", "viewer").get(url).status_code == 404
    assert login(world, "park_a", "viewer").get(url).status_code == 200  # shared with its park
    assert login(world, "ent_b1").get(f"/api/evidence/{ef.pk}").status_code == 404


def test_attach_by_form_then_history_links_the_file(world, data_dir):
    obs = world.obs["ent_a1"]
    c = login(world)
    page = upload(c, PDF, "统计表.pdf", observation=obs.pk)
    assert page.status_code == 302 and page.url == reverse("observation_detail", args=[obs.pk])
    ef = EvidenceFile.objects.get()
    obs.refresh_from_db()
    assert obs.evidence_file == ef and obs.state == "draft"
    assert obs.revisions.order_by("-no").first().evidence_file == ef
    detail = c.get(reverse("observation_detail", args=[obs.pk])).content.decode()
    assert (
        reverse("collection:evidence-download", args=[ef.pk]) in detail and "统计表.pdf" in detail
    )
    # the observation form offers the organisation's own files only
    theirs = store(world, PNG, "b.png", org="ent_b1")
    form = c.get(reverse("observation_edit", args=[obs.pk])).content.decode()
    assert f'value="{ef.pk}"' in form and f'value="{theirs.pk}"' not in form


def test_attach_by_api_only_own_evidence(world, data_dir):
    obs, c = world.obs["ent_a1"], login(world)
    made = c.post("/api/evidence", {"file": _named(PDF, "a.pdf")})
    assert made.status_code == 201 and made.json()["kind"] == "pdf"
    refused = c.post("/api/evidence", {"file": _named(b"<svg/>", "a.svg")})
    assert refused.status_code == 422
    url = f"/api/observations/{obs.pk}/evidence"
    got = c.post(url, {"evidence_id": made.json()["id"]}, content_type="application/json")
    assert got.status_code == 200
    obs.refresh_from_db()
    assert obs.evidence_file_id == made.json()["id"] == got.json()["evidence_file_id"]
    theirs = store(world, PNG, "b.png", org="ent_b1")
    other = c.post(url, {"evidence_id": theirs.pk}, content_type="application/json")
    assert other.status_code == 404  # not even visible
    park_obs = world.obs["park_a"]  # another organisation's observation: not changeable
    shared = store(world, JPEG, "c.jpg")
    assert c.post(f"/api/observations/{park_obs.pk}/evidence", {"evidence_id": shared.pk},
                  content_type="application/json").status_code == 404  # fmt: skip


def test_viewer_may_not_store(world, data_dir):
    assert upload(login(world, role="viewer"), PDF, "a.pdf").status_code == 403
    assert (
        login(world, role="viewer")
        .post("/api/evidence", {"file": _named(PDF, "a.pdf")})
        .status_code
        == 403
    )
    assert EvidenceFile.objects.count() == 0


def _named(data: bytes, name: str) -> io.BytesIO:
    f = io.BytesIO(data)
    f.name = name
    return f


def test_value_history_still_append_only_after_the_evidence_column(world, data_dir):
    """observations.0003 adds ``evidence_file`` to the revision table: its trigger stays."""
    from django.db import DatabaseError, connection, transaction

    obs = world.obs["ent_a1"]
    evidence.attach_evidence(actor=world.user("ent_a1", "editor"), observation_id=obs.pk,
                             evidence_id=store(world, PDF, "a.pdf").pk)  # fmt: skip
    table = "observations_observationrevision"
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"UPDATE {table} SET evidence_file_id = NULL")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table}")

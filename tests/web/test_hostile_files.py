"""The hostile file corpus (``hostile/corpus.py``) against every upload endpoint the access
policies declare (``upload=``: the workbook upload page and API, the evidence page and API,
and any added later): each file refused with its own clear Chinese message, nothing stored
(no value, no revision, no evidence file, no change, no byte on disk), the refusal audited.
"""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hostile.corpus import build

from parkesg.web.audit.models import AuditRecord
from parkesg.web.collection.models import EvidenceFile, UploadChange, WorkbookUpload
from parkesg.web.collection.template import template_bytes
from parkesg.web.core import policy
from parkesg.web.observations.models import Observation, ObservationRevision

KIND_OF_FIELD = {"workbook": "workbook", "file": "evidence"}  # the upload field → its kind
CJK = re.compile(r"[\u4e00-\u9fff]")


def _stored() -> tuple[int, ...]:
    files = sum(1 for p in (settings.DATA_DIR / "evidence").rglob("*") if p.is_file()) if (
        settings.DATA_DIR / "evidence").exists() else 0  # fmt: skip
    return (Observation.objects.count(), ObservationRevision.objects.count(),
            EvidenceFile.objects.count(), UploadChange.objects.count(),
            WorkbookUpload.objects.exclude(state="refused").count(), files)  # fmt: skip


def _url(e: policy.Endpoint) -> str:
    return "/" + e.route


def test_every_hostile_file_refused_at_every_upload_endpoint(world, capsys):
    editor = world.user("ent_a1", "editor")
    cases = build(template_bytes(world.orgs["ent_a1"], editor, [2024], with_values=False))
    uploads = [e for e in policy.endpoints() if e.policy and e.policy.upload]
    assert {(e.api, e.policy.upload) for e in uploads} >= {
        (False, "workbook"), (True, "workbook"), (False, "file"), (True, "file")}  # fmt: skip
    c = Client()
    c.force_login(editor)
    before = _stored()
    problems, refused, sent = [], 0, 0
    for e in uploads:
        kind = KIND_OF_FIELD.get(e.policy.upload)
        for case in cases:
            if kind == "evidence" and case.evidence is None:
                continue  # a genuine workbook with wrong figures: acceptable evidence
            sent += 1
            audited = AuditRecord.objects.filter(action="refused_upload").count()
            f = SimpleUploadedFile(case.name, case.data)
            r = c.post(_url(e), {e.policy.upload: f})
            body = r.content.decode("utf-8", "replace")
            where = f"{case.name} → {e.route} ({r.status_code})"
            words = getattr(case, kind) if kind else None
            if e.api and r.status_code == 422:
                body = json.dumps(r.json(), ensure_ascii=False)
            if r.status_code != 422:
                problems.append(f"{where}: not refused with 422")
            elif words is not None and words not in body:
                problems.append(f"{where}: the message does not say “{words}”")
            elif not CJK.search(body):
                problems.append(f"{where}: no Chinese message")
            if AuditRecord.objects.filter(action="refused_upload").count() != audited + 1:
                problems.append(f"{where}: the refusal is not audited")
            if _stored() != before:
                problems.append(f"{where}: something was stored")
            refused += r.status_code == 422
    with capsys.disabled():
        print(
            f"\nhostile corpus: {len(cases)} files, {len(uploads)} upload endpoints, "
            f"{sent} uploads, {refused} refused, nothing stored, "
            f"{AuditRecord.objects.filter(action='refused_upload').count()} refusals audited"
        )
    assert problems == [], "\n".join(problems)


def test_refused_evidence_is_audited_without_its_bytes(world):
    c = Client()
    c.force_login(world.user("ent_a1", "editor"))
    r = c.post("/evidence/add/", {"file": SimpleUploadedFile("x.html", b"<html></html>")})
    assert r.status_code == 422
    rec = AuditRecord.objects.get(action="refused_upload")
    assert rec.after["name"] == "x.html" and len(rec.after["sha256"]) == 64
    assert "网页" in rec.after["reason"] and "<html>" not in str(rec.after)

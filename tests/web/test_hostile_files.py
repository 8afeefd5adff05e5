"""The hostile file corpus (``hostile/corpus.py``) against every upload endpoint the access
policies declare (``upload=``: the workbook upload page and API, the evidence page and API,
and any added later): each file refused with its own clear Chinese message, nothing stored
(no value, no revision, no evidence file, no change, no byte on disk), the refusal audited.
"""

from __future__ import annotations

import json
import re

from authz_samples import OWNER, sample
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hostile.corpus import build

from parkesg.web.audit.models import AuditRecord
from parkesg.web.collection.models import EvidenceFile, UploadChange, WorkbookUpload
from parkesg.web.collection.template import template_bytes
from parkesg.web.core import policy
from parkesg.web.observations.models import Observation, ObservationRevision

# the upload field → its kind (files kept in the evidence store: "files", several of them, e.g.
# a rating's answer; "boundary", the ESG scope's boundary map)
KIND_OF_FIELD = {"workbook": "workbook", "file": "evidence", "files": "evidence",
                 "boundary": "evidence"}  # fmt: skip
# Endpoints whose file is not a data-collection workbook or evidence: their refusal must be
# Chinese and audited, its words are their own (e.g. the engagement workbook's reader).
OWN_WORDS = {"engagements/<int:pk>/workbook/import/"}
# The other parts of an upload's URL and form (what an uploader sends with the file), and
# who uploads (organisation key of world.py; default: the owner of the URL's object, or
# 企业A1). The engagement attach page uploads to the sample record of ``ENGAGEMENT_RECORD``.
ENGAGEMENT_RECORD = ("publicity", "engagements.publicity")
ROUTE = {
    "esg/documents/external/": ({}, {"number": "EXT-1", "title": "外来文件", "medium": "电子文档"},
                                "park_a"),
    "esg/scope/": ({}, {"east": "东", "south": "南", "west": "西", "north": "北",
                        "jurisdiction": "管辖", "authority": "权限"}, "park_a"),
    "ratings/organisation/<slug:what>/": ({"what": "reference"}, {"title": "参考表"}, "bank_ok"),
    "ratings/projects/<int:pk>/portfolio/<slug:what>/": ({"what": "csv"}, {}, None),
    # the rated enterprise answers and objects (the rater may not: 403 before any file is read)
    "ratings/members/<int:pk>/do/<slug:what>/": ({"what": "respond"}, {"response": "confirmed"},
                                                 "ent_a1"),
    "ratings/certificates/<int:pk>/object/": ({}, {"reasons": "异议理由"}, "ent_a1"),
    "engagements/records/<slug:slug>/<int:rid>/attach/": ({"slug": ENGAGEMENT_RECORD[0]}, {},
                                                          None),
}  # fmt: skip
CJK = re.compile(r"[\u4e00-\u9fff]")


def _stored() -> tuple[int, ...]:
    from parkesg.web.documents.models import Document
    from parkesg.web.engagements.records import Attachment
    from parkesg.web.ratings.models import Objection

    files = sum(1 for p in (settings.DATA_DIR / "evidence").rglob("*") if p.is_file()) if (
        settings.DATA_DIR / "evidence").exists() else 0  # fmt: skip
    return (Observation.objects.count(), ObservationRevision.objects.count(),
            EvidenceFile.objects.count(), UploadChange.objects.count(),
            WorkbookUpload.objects.exclude(state="refused").count(), files,
            Attachment.objects.count(), Document.objects.count(), Objection.objects.count())  # fmt: skip


def _target(e: policy.Endpoint, world, made) -> tuple[str, dict[str, str], str]:  # type: ignore[no-untyped-def]
    """The upload's URL (its object: the sample of ``authz_samples``), the form's other fields
    and the uploader's organisation."""
    from django.apps import apps

    values, data, who = ROUTE.get(e.route, ({}, {}, None))
    values = dict(values)
    owner = None
    if e.policy.kind == policy.OBJECT:
        obj = sample(e.policy.model, world, made)
        values[e.policy.kwarg] = str(obj.pk)
        owner = obj.organisation
    if "rid" in e.route and "rid" not in values:
        obj = sample(apps.get_model(ENGAGEMENT_RECORD[1]), world, made)
        values["rid"], owner = str(obj.pk), obj.organisation
    if who is None:
        who = next((k for k, o in world.orgs.items() if o == owner), OWNER)
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], e.route)
    return "/" + url, data, who


def test_every_hostile_file_refused_at_every_upload_endpoint(world, capsys):
    editor = world.user("ent_a1", "editor")
    cases = build(template_bytes(world.orgs["ent_a1"], editor, [2024], with_values=False))
    uploads = [e for e in policy.endpoints() if e.policy and e.policy.upload]
    assert {(e.api, e.policy.upload) for e in uploads} >= {
        (False, "workbook"), (True, "workbook"), (False, "file"), (True, "file")}  # fmt: skip
    clients: dict[str, Client] = {}
    made: dict[str, object] = {}
    targets = {e.route: _target(e, world, made) for e in uploads}
    before = _stored()
    problems, refused, sent = [], 0, 0
    for e in uploads:
        url, data, who = targets[e.route]
        if who not in clients:
            clients[who] = Client()
            clients[who].force_login(world.user(who, "admin" if who == "bank_ok" else "editor"))
        c = clients[who]
        kind = None if e.route in OWN_WORDS else KIND_OF_FIELD.get(e.policy.upload)
        for case in cases:
            if kind == "evidence" and case.evidence is None:
                continue  # a genuine workbook with wrong figures: acceptable evidence
            sent += 1
            audited = AuditRecord.objects.filter(action="refused_upload").count()
            f = SimpleUploadedFile(case.name, case.data)
            r = c.post(url, {**data, e.policy.upload: f})
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

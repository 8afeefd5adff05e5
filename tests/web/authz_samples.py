"""One object of each model an access policy names, owned by 企业A1 (``OWNER``), for the
authorisation suite — and who, written out by hand from the rules, may ever get it.

企业A1 shares its data with 园区A, consented to 银行甲, engaged 服务商乙 without a pledge (not
in force); 企业A2 is its neighbour in the same park, 企业B1 a stranger, 常州市政府 governs its
region. A model without a factory here gets a generic one (``generic``): a row owned by
企业A1 with its required fields filled. Add a factory when a page needs a realistic row.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils import timezone

from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction, AuditRecord

OWNER = "ent_a1"
MARK = "MARKA1"  # in names and notes of the owner's rows: must not show to anyone outside

# Who may ever see the sample of a model (organisation keys of world.py, "duty:<d>" for
# platform staff). Data of 企业A1 by default: itself, its park (share), its bank (consent).
DATA_CIRCLE = frozenset({"ent_a1", "park_a", "bank_ok"})
CIRCLE: dict[str, frozenset[str]] = {
    "orgs.accessgrant": frozenset({"ent_a1", "bank_ok"}),  # the grant's two parties
    "orgs.organisation": frozenset({"ent_a1", "park_a", "bank_ok", "gov_cz", "duty:system"}),
    "orgs.user": frozenset({"ent_a1", "duty:security"}),  # its people; accounts' security
    "audit.auditrecord": frozenset({"ent_a1", "duty:audit"}),  # its admins; the auditor
}


def circle(model: type[models.Model]) -> frozenset[str]:
    return CIRCLE.get(model._meta.label_lower, DATA_CIRCLE)


def _observation(w: Any) -> Any:
    obs = w.obs[OWNER]
    type(obs).objects.filter(pk=obs.pk).update(evidence=f"{MARK} 统计报表")
    return obs


def _evidence(w: Any) -> Any:
    from test_collection_evidence import PDF

    from parkesg.web.collection import evidence

    return evidence.store_evidence(actor=w.user(OWNER, "editor"), data=PDF + MARK.encode(),
                                   name=f"{MARK}-evidence.pdf")  # fmt: skip


def _upload(w: Any) -> Any:
    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    from parkesg.io.workbook import DATA_SHEET
    from parkesg.web.collection import apply, upload
    from parkesg.web.collection.template import template_bytes

    owner, editor = w.orgs[OWNER], w.user(OWNER, "editor")
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(owner, editor, [2024],
                                                          with_values=False)))  # fmt: skip
    ws = wb[DATA_SHEET]
    r = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == "ent_employees")
    ws.cell(r, 4, 7)
    ws.cell(r, 5, "园区统计数据")
    out = io.BytesIO()
    wb.save(out)
    pending = upload.preview_workbook(actor=editor,
                                      uploaded=SimpleUploadedFile(f"{MARK}.xlsx", out.getvalue()))  # fmt: skip
    return apply.confirm_upload(actor=editor, upload_id=pending.pk)


def _assessment(w: Any) -> Any:
    from assess_world import enterprise_run

    return enterprise_run(w)


def _audit_record(w: Any) -> AuditRecord:
    return audit.record(action=AuditAction.login_failed, actor_name=f"{OWNER}_viewer",
                        organisation=w.orgs[OWNER], after={"reason": "password"})  # fmt: skip


FACTORIES: dict[str, Callable[[Any], Any]] = {
    "observations.observation": _observation,
    "collection.evidencefile": _evidence,
    "collection.workbookupload": _upload,
    "assessments.assessment": _assessment,
    "orgs.organisation": lambda w: w.orgs[OWNER],
    "orgs.user": lambda w: w.user(OWNER, "viewer"),
    "orgs.accessgrant": lambda w: w.grants["consent"],
    "audit.auditrecord": _audit_record,
}


def generic(model: type[models.Model], w: Any, made: dict[str, Any]) -> Any:
    """A row of ``model`` owned by 企业A1: required fields filled by type, foreign keys to
    the owner, its editor, or a sample of the related model."""
    from parkesg.web.orgs.models import Organisation, User

    values: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.has_default() or f.null or getattr(f, "auto_now_add", False):
            continue
        if f.is_relation:
            rel = f.related_model
            if rel is Organisation:
                values[f.name] = w.orgs[OWNER]
            elif rel is User:
                values[f.name] = w.user(OWNER, "editor")
            else:
                values[f.name] = sample(rel, w, made)  # type: ignore[arg-type]
        elif f.choices:
            values[f.name] = f.choices[0][0]
        elif isinstance(f, models.CharField | models.TextField):
            values[f.name] = MARK if not f.max_length or f.max_length >= len(MARK) else "x"
        elif isinstance(f, models.DateTimeField):
            values[f.name] = timezone.now()
        elif isinstance(f, models.DateField):
            values[f.name] = timezone.localdate()
        elif isinstance(f, models.BooleanField):
            values[f.name] = False
        elif isinstance(f, models.IntegerField | models.FloatField | models.DecimalField):
            values[f.name] = 1
        elif isinstance(f, models.JSONField):
            values[f.name] = {}
    return model.objects.create(**values)


def sample(model: type[models.Model], w: Any, made: dict[str, Any]) -> Any:
    """The sample of ``model`` (made once per test)."""
    key = model._meta.label_lower
    if key not in made:
        factory = FACTORIES.get(key)
        made[key] = factory(w) if factory else generic(model, w, made)
    return made[key]

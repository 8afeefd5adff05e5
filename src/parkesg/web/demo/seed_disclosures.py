"""The demo's published disclosures (issue 19 items 1–2): four key enterprises of the demo
park disclose the latest year of their approved data on the platform — the editor prepares
(values read from the approved observations, the report PDF attached), the reviewer
approves and publishes. Enterprise 1 then corrects its report (a new version with its
reason and a new file; the first stays in the public history); enterprise 2 records a third-party assurance
(行动方案 12). The public portal shows these figures from the start.

Everything goes through the services; run again, it finds the disclosures and adds nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from parkesg.web.core.roles import Role
from parkesg.web.demo import cast
from parkesg.web.disclosures import services, template
from parkesg.web.disclosures.models import Disclosure
from parkesg.web.observations.models import Observation
from parkesg.web.orgs.models import Organisation, User

KEYS = ("e01", "e02", "e03", "e04")
ASSURANCE = {"assurer": "示范会计师事务所（特殊普通合伙）", "assurance_standard": "ISAE 3000（修订版）",
             "assurance_scope": "本年度环境关键绩效数据（能耗、用水、碳排放）",
             "assurance_opinion": "有限保证：未发现所鉴证数据存在重大错报"}  # fmt: skip
CORRECTION = "报告第 12 页综合能耗的计量单位印错（万吨标准煤应为吨标准煤），更换报告文件"


def _pdf(name: str) -> SimpleUploadedFile:
    body = (b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% parkesg demo ESG report: "
            + name.encode("ascii", "replace") + b"\ntrailer<<>>\n%%EOF\n")  # fmt: skip
    return SimpleUploadedFile(f"{name}-esg-report.pdf", body, content_type="application/pdf")


def _latest_year(org: Organisation) -> int | None:
    fields = [k.field for k in template.load().kpis()]
    obs = (Observation.objects.filter(organisation=org, field_id__in=fields, state="approved")
           .order_by("-year").first())  # fmt: skip
    return obs.year if obs else None


def _publish(editor: User, reviewer: User, v: Any) -> None:
    for event, who in (("submit", editor), ("approve", reviewer), ("publish", reviewer)):
        services.move(actor=who, version_id=v.pk, event=event)


def _correct(editor: User, reviewer: User, d: Disclosure, key: str) -> None:
    v = services.correct(actor=editor, disclosure_id=d.pk, reason=CORRECTION)
    services.attach_report(actor=editor, version_id=v.pk, uploaded=_pdf(f"{key}-v2"))
    _publish(editor, reviewer, v)


def seed() -> int:
    """The demo's disclosures, once; how many were added now."""
    added = 0
    for key in KEYS:
        o = next(x for x in cast.ORGS if x.key == key)
        org = Organisation.objects.filter(name=o.name).first()
        year = _latest_year(org) if org else None
        if org is None or year is None or Disclosure.objects.filter(organisation=org).exists():
            continue
        editor = User.objects.get(username=cast.username(key, Role.editor))
        reviewer = User.objects.get(username=cast.username(key, Role.reviewer))
        with transaction.atomic():
            d = services.open_disclosure(actor=editor, year=year)
            v = d.versions.get()
            services.attach_report(actor=editor, version_id=v.pk, uploaded=_pdf(key))
            fields = {"summary": f"{o.name} {year} 年度 ESG 信息披露（演示数据）。"}
            if key == "e02":
                fields |= ASSURANCE
            services.save_draft(actor=editor, version_id=v.pk, fields=fields)
            _publish(editor, reviewer, v)
            if key == "e01":
                _correct(editor, reviewer, d, key)
        added += 1
    return added

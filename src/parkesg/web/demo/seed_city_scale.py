"""A synthetic city of N enterprises (issue 19 item 8): 常州 enterprises in 新北区 and 武进区
(about half each), each with approved observations of the disclosure template's KPIs and a
published disclosure, so the public portal and the city dashboard show real figures at city
scale (``make run``: a few hundred; ``benchmarks/portal_load.py``: 10,000).

Values come from ``parkesg.demo.enterprises`` (numpy, seeded): they vary by GB/T 4754 industry
family and size class, about 5 % of each KPI is missing, and row i is the same on every run.
Every organisation is named “常州示范…有限公司（演示）” and carries a GB 32100 code with
``DEMQ`` in its organisation part. Enterprise no. k is generated from row k, so seeding N again
adds nothing and seeding a bigger N adds only the missing ones.

Two paths write the same rows:

- ``via_services`` — the enterprise's editor enters each value, submits it, its reviewer
  approves it (``observations.services``), then prepares, submits, approves and publishes the
  disclosure (``disclosures.services``) — a person's clicks, ~50 service calls per enterprise;
- ``bulk`` (what the demo uses) — the rows those calls leave, written with ``bulk_create``: the
  organisations, their editor and reviewer (no password: they cannot sign in), the approved
  observations with their three revisions (edit, submit, approve), the report PDF, the
  disclosure, its published version and its ``PublishedVersion`` snapshot. It skips the
  per-click audit records (one record says what the load added). ``tests/web/
  test_city_scale.py`` checks that both paths leave the same snapshots and observations.

Grades: ``seed_city_grades``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.db import transaction
from django.utils import timezone

from parkesg.codes import credit_check_char
from parkesg.demo.enterprises import BATCH_YEAR
from parkesg.web.collection.models import EvidenceFile, EvidenceKind, blob_path
from parkesg.web.core.review import ReviewState
from parkesg.web.core.roles import ROLE_LABELS, Role
from parkesg.web.disclosures import template
from parkesg.web.disclosures.models import (
    Disclosure,
    DisclosureVersion,
    PublishedVersion,
    VersionState,
)
from parkesg.web.observations.models import Observation, ObservationRevision, SourceCategory
from parkesg.web.orgs.models import Organisation, OrgKind, User

DEMO_ENTERPRISES = 300  # what ``make run`` adds
# the key enterprises' disclosure year (their profile is their twin in ``parkesg demo``'s batch
# of that year): the city's disclosures are their industry peers in a comparison
YEAR = BATCH_YEAR
SEED = 19
DISTRICTS = ("320411", "320412")  # 常州市新北区, 武进区 (GB/T 2260)
NAME = "常州示范{core}{no:05d}有限公司（演示）"
CODE = "91{region}DEMQ{no:05d}"  # + GB 32100 check character
CODES = r"^9132041[12]DEMQ[0-9]{5}"  # the synthetic city's codes, no other demo organisation's
USER = "city{no:05d}-{role}"
NO_PASSWORD = "!parkesg-demo-city"  # Django's unusable-password mark: no one signs in
APPROVAL_NOTE = "演示数据：已核对证明材料 / demo data, evidence checked"
EVIDENCE = "{year} 年度统计报表与能源、环保台账（演示合成数据）"
SOURCE = SourceCategory.official


def enterprises(n: int, start: int = 0) -> pd.DataFrame:
    """Rows ``start`` … ``n - 1`` of the synthetic city: no, name, credit_code, region,
    industry and the template's KPI values (NaN where missing)."""
    from parkesg.demo.enterprises import generate_enterprises

    fields = [k.field for k in template.load().kpis()]
    t = generate_enterprises(n, seed=SEED, year=YEAR).slice(start)
    df = t.select(["name", "industry", *fields]).to_pandas()
    no = np.arange(start + 1, n + 1)
    core = df["name"].str.slice(2, -4)  # 苏州恒达化工有限公司 → 恒达化工
    region = np.where(no % 2 == 1, DISTRICTS[0], DISTRICTS[1])
    first17 = [CODE.format(region=r, no=k) for r, k in zip(region, no, strict=True)]
    return df.assign(
        no=no,
        name=[NAME.format(core=c, no=k) for c, k in zip(core, no, strict=True)],
        region=region,
        credit_code=[c + credit_check_char(c) for c in first17],
    )


def report_pdf(no: int) -> tuple[bytes, str]:
    """The enterprise's (tiny, made-up) ESG report: bytes and file name."""
    key = f"city{no:05d}"
    body = (b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% parkesg demo ESG report: "
            + key.encode() + b"\ntrailer<<>>\n%%EOF\n")  # fmt: skip
    return body, f"{key}-esg-report.pdf"


def summary(name: str) -> str:
    return f"{name} {YEAR} 年度 ESG 信息披露（演示数据）。"


def existing() -> int:
    """How many synthetic enterprises the platform has (they are numbered 1 … k)."""
    return Organisation.objects.filter(credit_code__regex=CODES).count()


@dataclass
class Added:
    enterprises: int = 0
    observations: int = 0


def seed(n: int = DEMO_ENTERPRISES, *, via_services: bool = False) -> Added:
    """Enterprises 1 … ``n`` of the synthetic city with published disclosures, once."""
    start = existing()
    if start >= n:
        return Added()
    rows = enterprises(n, start)
    with transaction.atomic():
        orgs = _organisations(rows, via_services=via_services)
        people = _people(rows, orgs)
        if via_services:
            count = _via_services(rows, orgs, people)
        else:
            count = _bulk(rows, orgs, people)
        _record(len(rows), count, via_services)
    return Added(len(rows), count)


def _operator() -> User:
    from parkesg.web.demo import cast

    return User.objects.get(username=cast.OPERATOR)


def _organisations(rows: pd.DataFrame, *, via_services: bool) -> list[Organisation]:
    made = [Organisation(name=r.name, kind=OrgKind.enterprise, region=r.region,
                         credit_code=r.credit_code, industry=r.industry)
            for r in rows.itertuples()]  # fmt: skip
    if not via_services:
        return Organisation.objects.bulk_create(made)
    from parkesg.web.orgs import services as orgs

    operator = _operator()
    return [orgs.save_organisation(actor=operator, org=o) for o in made]


def _people(rows: pd.DataFrame, orgs: list[Organisation]) -> dict[str, list[User]]:
    """Each enterprise's editor (maker) and reviewer (checker), without a password."""
    out: dict[str, list[User]] = {}
    for role in (Role.editor, Role.reviewer):
        users = [User(username=USER.format(no=no, role=role.value), password=NO_PASSWORD,
                      organisation=o, role=role, first_name=ROLE_LABELS[role].split()[0])
                 for no, o in zip(rows["no"], orgs, strict=True)]  # fmt: skip
        out[role.value] = User.objects.bulk_create(users)
    return out


def _kpi_values(rows: pd.DataFrame) -> pd.DataFrame:
    """Long rows (position of the enterprise, field, value), missing values left out, in the
    template's order."""
    kpis = template.load().kpis()
    long = rows[[k.field for k in kpis]].reset_index(drop=True).stack().dropna().rename("value")
    long = long.rename_axis(["pos", "field"]).reset_index()
    order = {k.field: i for i, k in enumerate(kpis)}
    return long.sort_values(["pos", "field"], key=lambda s: s.map(order) if s.name == "field"
                            else s, kind="stable").reset_index(drop=True)  # fmt: skip


def _units() -> dict[str, str]:
    from parkesg.frameworks import load_catalogue

    cat = load_catalogue()
    return {k.field: ("" if k.boolean else cat[k.field].unit) for k in template.load().kpis()}


def _via_services(rows: pd.DataFrame, orgs: list[Organisation],
                  people: dict[str, list[User]]) -> int:  # fmt: skip
    """A person's clicks for each enterprise (tests compare these rows with ``_bulk``'s)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from parkesg.web.disclosures import services
    from parkesg.web.observations import services as observations

    units = _units()
    long = _kpi_values(rows)
    for pos, (no, name) in enumerate(zip(rows["no"], rows["name"], strict=True)):
        editor, reviewer = people["editor"][pos], people["reviewer"][pos]
        for r in long[long["pos"] == pos].itertuples():
            obs = Observation(year=YEAR, field_id=r.field, value=float(r.value),
                              unit=units[r.field], source=SOURCE,
                              evidence=EVIDENCE.format(year=YEAR))  # fmt: skip
            observations.save_observation(actor=editor, obs=obs)
            observations.review(actor=editor, observation_id=obs.pk, event="submit")
            observations.review(actor=reviewer, observation_id=obs.pk, event="approve",
                                note=APPROVAL_NOTE)  # fmt: skip
        d = services.open_disclosure(actor=editor, year=YEAR)
        v = d.versions.get()
        data, file_name = report_pdf(int(no))
        services.attach_report(actor=editor, version_id=v.pk, uploaded=SimpleUploadedFile(
            file_name, data, content_type="application/pdf"))  # fmt: skip
        services.save_draft(actor=editor, version_id=v.pk, fields={"summary": summary(name)})
        for event, who in (("submit", editor), ("approve", reviewer), ("publish", reviewer)):
            services.move(actor=who, version_id=v.pk, event=event)
    return len(long)


def _bulk(rows: pd.DataFrame, orgs: list[Organisation], people: dict[str, list[User]]) -> int:
    """The rows ``_via_services`` leaves, written in a few ``bulk_create`` calls."""
    tpl, units, now = template.load(), _units(), timezone.now()
    editors, reviewers = people["editor"], people["reviewer"]
    long = _kpi_values(rows)
    evidence = EVIDENCE.format(year=YEAR)
    obs = Observation.objects.bulk_create(
        Observation(organisation=orgs[p], created_by=editors[p], year=YEAR, field_id=f,
                    value=float(v), unit=units[f], value_std=float(v), source=SOURCE,
                    evidence=evidence, state=ReviewState.approved, maker=editors[p],
                    checker=reviewers[p], reviewed_at=now, review_note=APPROVAL_NOTE)
        for p, f, v in zip(long["pos"], long["field"], long["value"], strict=True)
    )  # fmt: skip
    steps = (("edit", ReviewState.draft, editors, ""),
             ("submit", ReviewState.submitted, editors, ""),
             ("approve", ReviewState.approved, reviewers, APPROVAL_NOTE))  # fmt: skip
    ObservationRevision.objects.bulk_create(
        ObservationRevision(observation=o, no=i, event=event, value=o.value, unit=o.unit,
                            value_std=o.value_std, source=o.source, evidence=o.evidence,
                            state=state, by=who[p], note=note)
        for o, p in zip(obs, long["pos"], strict=True)
        for i, (event, state, who, note) in enumerate(steps, start=1)
    )  # fmt: skip
    section = {k.field: k.section for k in tpl.kpis()}
    unit = {k.field: k.unit for k in tpl.kpis()}
    values: list[list[dict[str, Any]]] = [[] for _ in orgs]
    for o, p in zip(obs, long["pos"], strict=True):
        values[p].append({"field": o.field_id, "section": section[o.field_id],
                          "value": o.value_std, "unit": unit[o.field_id],
                          "source": o.source, "evidence": o.evidence, "evidence_file": "",
                          "evidence_sha256": "", "observation": o.pk, "revision": len(steps),
                          "state": ReviewState.approved.value})  # fmt: skip
    reports = _reports(rows, orgs, editors)
    ds = Disclosure.objects.bulk_create(
        Disclosure(organisation=o, created_by=e, year=YEAR, template=tpl.id)
        for o, e in zip(orgs, editors, strict=True)
    )  # fmt: skip
    vs = DisclosureVersion.objects.bulk_create(
        DisclosureVersion(organisation=o, created_by=editors[p], disclosure=ds[p], no=1,
                          state=VersionState.published, summary=summary(o.name),
                          values=values[p], report=reports[p], preparer=editors[p],
                          approver=reviewers[p], approved_at=now)
        for p, o in enumerate(orgs)
    )  # fmt: skip
    PublishedVersion.objects.bulk_create(
        PublishedVersion(disclosure=ds[p], version=v, organisation=o, no=1, year=YEAR,
                         template=tpl.id, enterprise_name=o.name, credit_code=o.credit_code,
                         industry=o.industry, region=o.region, park_name="",
                         kpis=values[p], summary=v.summary, report=reports[p],
                         report_name=reports[p].name, report_sha256=reports[p].sha256,
                         assurance={}, published_at=now, published_by=reviewers[p])
        for p, (o, v) in enumerate(zip(orgs, vs, strict=True))
    )  # fmt: skip
    return len(obs)


def _reports(rows: pd.DataFrame, orgs: list[Organisation], editors: list[User]
             ) -> list[EvidenceFile]:  # fmt: skip
    """Each enterprise's report in the evidence store (as ``collection.evidence`` keeps it)."""
    made = []
    for no, o, e in zip(rows["no"], orgs, editors, strict=True):
        data, name = report_pdf(int(no))
        digest = hashlib.sha256(data).hexdigest()
        path = blob_path(o.pk, digest)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        made.append(EvidenceFile(organisation=o, created_by=e, sha256=digest, size=len(data),
                                 kind=EvidenceKind.pdf, name=name))  # fmt: skip
    return EvidenceFile.objects.bulk_create(made)


def _record(enterprises: int, observations: int, via_services: bool) -> None:
    from parkesg.web.audit import services as audit
    from parkesg.web.audit.models import AuditAction

    audit.record(action=AuditAction.create, actor=_operator(), after={
        "demo_city": enterprises, "observations": observations,
        "path": "services" if via_services else "bulk"})  # fmt: skip

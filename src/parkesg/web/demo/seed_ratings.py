"""The demo's rating (issue 18): 示范绿色评级有限公司, a third-party rating organisation with
its committee (T/JDFA01 6.5) and evaluators (6.6), rates the six key enterprises of the demo
park — which consent to it — against the 2,000 generated enterprises of ``parkesg demo``
(``parkesg.demo.enterprises``) as the peer population (a reference peer table, 6.8 b), with a
demo benchmark table (6.9 c) and on-site verification (综合评价, 6.10–6.11); the conclusion is
checked (资料复核), signed by the committee and published; 示范特钢 objects, and an evaluator
who had no part in the rating re-rates it and upholds the objection. The bank holding
示范特钢's consent then sees the new grade beside the old one in its portfolio.

Everything goes through the services (audited like a person's clicks); run again, it finds
the project and adds nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
from django.db import transaction
from django.utils import timezone

from parkesg import peers, service
from parkesg.web.core.roles import Role
from parkesg.web.demo import cast
from parkesg.web.orgs import services as orgs
from parkesg.web.orgs.models import Organisation, User
from parkesg.web.ratings import objections, organisation, portfolio, services, verification
from parkesg.web.ratings.criteria import framework_of
from parkesg.web.ratings.kinds import (
    CommitteeRole,
    Medium,
    OnSiteKind,
    PeerBasis,
    RatingType,
    Response,
    TeamRole,
)
from parkesg.web.ratings.models import (
    CommitteeMember,
    Evaluator,
    PortfolioMember,
    RatingBody,
    RatingProject,
)
from parkesg.web.ratings.models.project import FRAMEWORK

TITLE = "2024 年度江南示范开发区重点企业 ESG 评价"
YEAR = 2024
# A demo benchmark table (6.9 c): the shape of a standard's levels, the numbers made up.
BENCHMARK: list[dict[str, Any]] = [
    {"industry": "C31", "indicator_id": "water_reuse_rate", "level": "一级（演示）",
     "bound": 97.5, "score": 100.0},
    {"industry": "C31", "indicator_id": "water_reuse_rate", "level": "二级（演示）",
     "bound": 96.0, "score": 80.0},
    {"industry": "C31", "indicator_id": "water_reuse_rate", "level": "三级（演示）",
     "bound": 93.0, "score": 60.0},
    {"industry": "C31", "indicator_id": "water_reuse_rate", "level": "未达三级（演示）",
     "bound": None, "score": 0.0},
]  # fmt: skip
# what 示范特钢's objection shows: the charters of its ESG committee, its compliance and
# anti-corruption systems, its rural-revitalisation programme and its supplier criteria
OBJECTION_FIXES = {"ent_esg_governance": 1.0, "ent_risk_compliance_system": 1.0,
                   "ent_anti_corruption_system": 1.0, "ent_national_strategy_response": 1.0,
                   "ent_supplier_es_criteria": 1.0}  # fmt: skip


def _user(name: str) -> User:
    return User.objects.get(username=name)


def _people(admin: User) -> dict[str, User]:
    """The rating organisation's people beyond its four roles (``cast.MORE_PEOPLE``)."""
    out = {}
    for key, name, role, full in cast.MORE_PEOPLE:
        found = User.objects.filter(username=name).first()
        org = Organisation.objects.get(name=next(o.name for o in cast.ORGS if o.key == key))
        out[name] = found or orgs.create_user(actor=admin, organisation=org, username=name,
                                              password=cast.DEMO_PASSWORD, role=role,
                                              full_name=full)  # fmt: skip
    for role in Role:
        out[cast.username("rating", role)] = _user(cast.username("rating", role))
    return out


def _organisation(p: dict[str, User]) -> None:
    """6.5 a–d and 6.6 a–d: the profile, a quality document, evaluators, the committee."""
    admin = p["rating-admin"]
    if RatingBody.objects.filter(organisation=admin.organisation).exists():
        return
    organisation.save_body(actor=admin, obj=RatingBody(
        independent=True, legal_person=True, legal_basis="营业执照 91320402DEMRAT0011（演示）",
        description="独立于评价对象的第三方 ESG 评价机构（演示）"))  # fmt: skip
    today = timezone.localdate()
    for name in ("rating-lead", "rating-editor", "rating-checker", "rating-reviewer"):
        organisation.save_evaluator(actor=admin, obj=Evaluator(
            user=p[name], full_time=True, experience_years=6,
            competence="从事企业 ESG 评级与绿色信贷评估六年", knowledge="熟悉 T/JDFA01—2025、"
            "《绿色信贷指引》、清洁生产审核办法", integrity_pledged_on=today,
            confidentiality_pledged_on=today, confidentiality_ref=f"BM-{name}"))  # fmt: skip
    for n in (1, 2, 3):
        organisation.save_committee_member(actor=admin, obj=CommitteeMember(
            user=p[f"rating-committee-{n}"], appointed_on=today - dt.timedelta(days=90),
            role=CommitteeRole.chair if n == 1 else CommitteeRole.member))  # fmt: skip
    doc = organisation.add_quality_document(
        actor=admin, title="ESG 评价过程与质量控制程序（演示）", number="QC-01",
        data="评价策划、实施、结论生成与传递各阶段的质量控制要求（演示文本）\n".encode(),
        name="质量控制程序.txt",
    )  # fmt: skip
    organisation.approve_document(actor=p["rating-committee-1"], document_id=doc.pk)


def _tables(p: dict[str, User], inputs: Path) -> tuple[Any, Any]:
    """The peer population (the 2,000 generated enterprises) and the demo benchmark table."""
    lead = p["rating-lead"]
    fw = framework_of(FRAMEWORK)
    batch = pd.read_parquet(inputs / "enterprises.parquet")
    con = service.connect()
    stats = con.execute(service.peer_statistics(fw, con.create_table("demo_peers", batch)))
    about = peers.about(fw, source="parkesg demo 生成的 2,000 家企业（enterprises.parquet）",
                        entities=len(batch))  # fmt: skip
    ref = organisation.save_reference(actor=lead, frame=stats.assign(**about),
                                      title="演示同业总体：生成的 2,000 家企业")  # fmt: skip
    bench = organisation.save_benchmarks(
        actor=lead, rows=BENCHMARK, title="钢铁行业工业用水重复利用率（演示）",
        standard="HJ/T 189—2006（演示数值）", note="演示：分级形式仿标准，数值非标准原文",
    )  # fmt: skip
    return ref, bench


def _project(p: dict[str, User], ref: Any, bench: Any) -> RatingProject:
    lead, editor = p["rating-lead"], p["rating-editor"]
    today = timezone.localdate()
    bank = Organisation.objects.get(name=next(o.name for o in cast.ORGS if o.key == "bank"))
    proj = services.save_project(actor=lead, obj=RatingProject(
        title=TITLE, rating_type=RatingType.third_party, year=YEAR, commissioned_by=bank,
        purpose="为示范银行常州分行的绿色信贷授信提供企业 ESG 等级（T/JDFA01—2025）",
        scope="江南示范经济技术开发区的六家强制性清洁生产审核重点企业",
        comprehensive=True, peer_basis=PeerBasis.reference, reference=ref,
        starts_on=today, data_due=today + dt.timedelta(days=10),
        onsite_due=today + dt.timedelta(days=20), reconfirm_deadline=today + dt.timedelta(days=25),
        report_due=today + dt.timedelta(days=30), publish_planned_on=today + dt.timedelta(days=35),
    ))  # fmt: skip
    services.set_benchmarks(actor=lead, project_id=proj.pk, table_ids=[bench.pk])
    ids = list(portfolio.consenting(proj).values_list("pk", flat=True))
    portfolio.add_enterprises(actor=lead, project_id=proj.pk, enterprise_ids=ids)
    for who in (lead, editor):
        services.declare(actor=who, project_id=proj.pk, has_conflict=False)
    ev = Evaluator.objects.get(user=editor)
    services.add_to_team(actor=lead, project_id=proj.pk, evaluator_id=ev.pk, role=TeamRole.member)
    services.confirm_criteria(actor=lead, project_id=proj.pk)
    services.approve_criteria(actor=p["rating-committee-1"], project_id=proj.pk)
    services.move(actor=lead, project_id=proj.pk, event="start")
    return proj


def _onsite(p: dict[str, User], proj: RatingProject) -> None:
    """6.10: a visit to each enterprise with the list of documents, confirmed by it; 6.11 c:
    one adjustment after the visit to 示范特钢."""
    lead = p["rating-lead"]
    for n, m in enumerate(proj.members.select_related("enterprise").order_by("name"), start=1):
        rec = verification.add_onsite(
            actor=lead, member_id=m.pk, kind=OnSiteKind.site_visit,
            held_on=timezone.localdate(), people_met="安全环保部负责人、工会主席",
            findings="核对了能源计量台账、排污许可执行报告和员工培训记录。",
            items=[("排污许可证执行报告（2024）", Medium.paper, None),
                   ("能源计量器具台账", Medium.electronic, None)],
        )  # fmt: skip
        key = next(o.key for o in cast.ORGS if o.name == m.name)
        verification.confirm_onsite(actor=_user(cast.username(key, Role.admin)), record_id=rec.pk,
                                    note="清单无误")  # fmt: skip
        if n == 1:
            verification.set_adjustment(actor=lead, member_id=m.pk,
                                        indicator_id="emergency_management",
                                        score=100.0, reason="现场查验应急预案及演练记录齐全")  # fmt: skip


def _conclude(p: dict[str, User], proj: RatingProject) -> None:
    lead = p["rating-lead"]
    services.run_rating(actor=lead, project_id=proj.pk)
    services.move(actor=lead, project_id=proj.pk, event="reconfirm")
    for m in proj.members.order_by("name"):
        key = next(o.key for o in cast.ORGS if o.name == m.name)
        verification.respond(actor=_user(cast.username(key, Role.admin)), member_id=m.pk,
                             response=Response.confirmed, comment="已核对评价初稿")  # fmt: skip
    services.move(actor=lead, project_id=proj.pk, event="submit_review")
    services.move(actor=p["rating-checker"], project_id=proj.pk, event="review_ok")
    services.move(actor=p["rating-committee-2"], project_id=proj.pk, event="sign_off")
    services.move(actor=lead, project_id=proj.pk, event="publish")


def _objection(p: dict[str, User], proj: RatingProject) -> None:
    """示范特钢 objects; rating-reviewer (no part in the rating) re-rates and upholds it."""
    steel = next(o for o in cast.ORGS if o.key == "e01")
    m = PortfolioMember.objects.get(project=proj, name=steel.name)
    cert = m.certificates.get(status="valid")
    o = objections.file_objection(
        actor=_user(cast.username("e01", Role.admin)), certificate_id=cert.pk,
        reasons="本公司已设立 ESG 委员会，建立合规与反腐败制度、供应商环境社会准则，"
        "并参与乡村振兴，相关材料评价未采信。",
    )  # fmt: skip
    reviewer = p["rating-reviewer"]
    ev = Evaluator.objects.get(user=reviewer)
    objections.assign(actor=p["rating-admin"], objection_id=o.pk, evaluator_ids=[ev.pk])
    for field, value in OBJECTION_FIXES.items():
        objections.correct(actor=reviewer, objection_id=o.pk, field_id=field, value=value,
                           reason="企业提交的制度文件与 2024 年 ESG 报告")  # fmt: skip
    objections.rerate(actor=reviewer, objection_id=o.pk)
    objections.decide(actor=reviewer, objection_id=o.pk, event="uphold",
                      reasons="企业提供的材料可信，相关治理指标按更正后的数据复评。")  # fmt: skip


def seed(*, inputs: Path) -> bool:
    """The demo's rating, once; True when it was added now."""
    if RatingProject.objects.filter(title=TITLE).exists():
        return False
    p = _people(_user(cast.username("rating", Role.admin)))
    with transaction.atomic():
        _organisation(p)
        ref, bench = _tables(p, inputs)
        proj = _project(p, ref, bench)
        _onsite(p, proj)
        _conclude(p, proj)
        _objection(p, proj)
    return True

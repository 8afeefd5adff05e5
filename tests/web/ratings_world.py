"""A rating organisation in the test world (``world.py``): 银行甲 registered as a third-party
rating organisation (6.5 a–d: legal person, an approved quality document, full-time
evaluators, a committee of three), its people, a population of generated enterprises to
import, and a project walked through its steps by the services — as people would."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.utils import timezone
from world import PASSWORD, World

from parkesg.demo.enterprises import generate_enterprises
from parkesg.web.core.roles import Role
from parkesg.web.orgs.models import Organisation, User
from parkesg.web.ratings import objections, organisation, portfolio, rating, services
from parkesg.web.ratings.kinds import RatingType, Source67, TeamRole
from parkesg.web.ratings.models import (
    Certificate,
    CommitteeMember,
    Evaluator,
    PortfolioMember,
    RatingBody,
    RatingProject,
    RatingResult,
    ReferenceTable,
)

YEAR = 2024
PEOPLE = {  # user name suffix → organisation role
    "lead": Role.editor, "evaluator": Role.editor, "checker": Role.reviewer,
    "committee1": Role.reviewer, "committee2": Role.reviewer, "committee3": Role.reviewer,
    "objection": Role.editor, "conflicted": Role.editor,
}  # fmt: skip
ENT_A1_2024 = {"ent_output_value": 52000.0, "ent_energy_consumption": 9100.0,
               "ent_employees": 800.0}  # fmt: skip


@dataclass
class Rater:
    world: World
    org_key: str = "bank_ok"
    people: dict[str, User] = field(default_factory=dict)
    evaluators: dict[str, Evaluator] = field(default_factory=dict)

    @property
    def admin(self) -> User:
        return self.world.user(self.org_key, "admin")

    def __getitem__(self, key: str) -> User:
        return self.people[key]


def population_csv(n: int = 60, seed: int = 3, year: int = YEAR) -> bytes:
    """Generated enterprises (``parkesg.demo.enterprises``) as the CSV a rater imports."""
    df = generate_enterprises(n, seed=seed, year=year).to_pandas()
    return population_frame_csv(df)


def population_frame_csv(df: pd.DataFrame) -> bytes:
    """A wide frame as CSV the way a person writes it: yes / no fields as 1 / 0."""
    from parkesg.frameworks import load_catalogue
    from parkesg.frameworks.schema import Kind

    cat = load_catalogue()
    for c in df.columns:
        if c in cat and cat[c].kind == Kind.boolean:
            df[c] = df[c].astype("Int64")
    return df.to_csv(index=False).encode("utf-8")


def rater(world: World) -> Rater:
    """银行甲 as a third-party rating organisation, with its people and committee."""
    r = Rater(world)
    org = world.orgs[r.org_key]
    for key, role in PEOPLE.items():
        r.people[key] = User.objects.create_user(f"{r.org_key}_{key}", password=PASSWORD,
                                                 organisation=org, role=role,
                                                 first_name=f"评价{key}")  # fmt: skip
    body = organisation.save_body(actor=r.admin, obj=RatingBody(
        independent=True, legal_person=True, legal_basis="营业执照 91320100BANK000013"))  # fmt: skip
    today = timezone.localdate()
    for key in ("lead", "evaluator", "checker", "objection", "conflicted"):
        r.evaluators[key] = organisation.save_evaluator(actor=r.admin, obj=Evaluator(
            user=r[key], full_time=True, experience_years=5, competence="五年 ESG 评级经验",
            knowledge="熟悉 T/JDFA01、绿色信贷指引", integrity_pledged_on=today,
            confidentiality_pledged_on=today, confidentiality_ref=f"BM-{key}"))  # fmt: skip
    for n in (1, 2, 3):
        organisation.save_committee_member(actor=r.admin, obj=CommitteeMember(
            user=r[f"committee{n}"], appointed_on=today - dt.timedelta(days=30)))  # fmt: skip
    doc = organisation.add_quality_document(actor=r.admin, title="评价质量控制程序",
                                            number="QP-01", data=b"quality procedure\n",
                                            name="qp.txt")  # fmt: skip
    organisation.approve_document(actor=r["committee1"], document_id=doc.pk)
    assert body.pk
    return r


def consent_data(world: World) -> None:
    """企业A1 (钢铁, C3130) and its approved 2024 values (it consents to 银行甲 in ``world``)."""
    from assess_world import enter

    Organisation.objects.filter(pk=world.orgs["ent_a1"].pk).update(industry="C3130")
    world.orgs["ent_a1"].refresh_from_db()
    for f, v in ENT_A1_2024.items():
        enter(world, "ent_a1", f, YEAR, v)


def project(r: Rater, *, comprehensive: bool = False, n: int = 60, commissioned: bool = False,
            start: bool = True) -> RatingProject:  # fmt: skip
    """A planned project of 企业A1 (consent) and ``n`` imported enterprises, criteria confirmed,
    team declared; started unless ``start`` is False."""
    today = timezone.localdate()
    p = services.save_project(actor=r["lead"], obj=RatingProject(
        title="2024 年度授信客户 ESG 评价", rating_type=RatingType.third_party,
        purpose="为绿色信贷授信提供 ESG 评级", scope="银行甲授信客户", year=YEAR,
        comprehensive=comprehensive, starts_on=today, data_due=today + dt.timedelta(days=10),
        onsite_due=today + dt.timedelta(days=20) if comprehensive else None,
        report_due=today + dt.timedelta(days=30),
        commissioned_by=r.world.orgs["bank_ok"] if commissioned else None))  # fmt: skip
    portfolio.add_enterprises(actor=r["lead"], project_id=p.pk,
                              enterprise_ids=[r.world.orgs["ent_a1"].pk])  # fmt: skip
    if n:
        portfolio.import_portfolio(actor=r["lead"], project_id=p.pk, data=population_csv(n),
                                   name="population.csv", source=Source67.e,
                                   note="企业公开披露的年报与信用信息")  # fmt: skip
    for key in ("lead", "evaluator"):
        services.declare(actor=r[key], project_id=p.pk, has_conflict=False)
    services.add_to_team(actor=r["lead"], project_id=p.pk,
                         evaluator_id=r.evaluators["evaluator"].pk, role=TeamRole.member)  # fmt: skip
    services.confirm_criteria(actor=r["lead"], project_id=p.pk)
    services.approve_criteria(actor=r["committee1"], project_id=p.pk)
    if start:
        services.move(actor=r["lead"], project_id=p.pk, event="start")
    p.refresh_from_db()
    return p


def csv_of(rows: list[dict[str, object]]) -> bytes:
    import pandas as pd

    buf = io.StringIO()
    pd.DataFrame(rows).to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8")


def published_scene(world: World) -> dict[str, Any]:
    """A published project of 银行甲, commissioned by 银行乙, with an objection by 企业A1."""
    r = rater(world)
    consent_data(world)
    p = project(r, n=45, start=False)
    p.commissioned_by = world.orgs["bank_no"]
    services.save_project(actor=r["lead"], obj=p)
    services.confirm_criteria(actor=r["lead"], project_id=p.pk)
    services.approve_criteria(actor=r["committee1"], project_id=p.pk)
    services.move(actor=r["lead"], project_id=p.pk, event="start")
    run = services.run_rating(actor=r["lead"], project_id=p.pk)
    rating.own_reference(run, r["lead"])  # the portfolio's peer statistics, kept
    for event, who in (("submit_review", "lead"), ("review_ok", "checker"),
                       ("sign_off", "committee2"), ("publish", "lead")):  # fmt: skip
        services.move(actor=r[who], project_id=p.pk, event=event)
    a1 = PortfolioMember.objects.get(project=p, enterprise=world.orgs["ent_a1"])
    other = PortfolioMember.objects.filter(project=p, enterprise__isnull=True).first()
    cert = Certificate.objects.get(member=a1)
    o = objections.file_objection(actor=world.user("ent_a1", "editor"), certificate_id=cert.pk,
                                  reasons="请复核")  # fmt: skip
    return {
        "project": p, "a1": a1, "other": other, "cert": cert, "objection": o,
        "result": RatingResult.objects.get(member=a1, current=True),
        "other_result": RatingResult.objects.get(member=other, current=True),
        "body": RatingBody.objects.get(organisation=p.organisation),
        "evaluator": Evaluator.objects.filter(organisation=p.organisation).first(),
        "committee": CommitteeMember.objects.filter(organisation=p.organisation).first(),
        "reference": ReferenceTable.objects.filter(organisation=p.organisation).first(),
        "world": world,
    }  # fmt: skip

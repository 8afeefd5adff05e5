"""Enterprise disclosures (issue 19 item 1): the template against the field catalogue,
values read from approved observations (never re-typed), the report through the evidence
checks, maker–checker, publication frozen, corrections as new versions."""

from __future__ import annotations

import pytest
from assess_world import enter
from disclosure_world import YEAR, move, pdf, prepare, publish, published
from django.core.exceptions import PermissionDenied, ValidationError

from parkesg.errors import DataError, FrameworkError
from parkesg.web.audit.models import AuditAction, AuditRecord
from parkesg.web.collection.models import EvidenceFile
from parkesg.web.core.appendonly import AppendOnlyError
from parkesg.web.disclosures import services, template
from parkesg.web.disclosures.models import PublishedVersion, VersionState
from parkesg.web.observations.models import Observation
from parkesg.web.observations.services import save_observation


def test_template_kpis_are_catalogue_fields():
    tpl = template.load()
    assert [s.id for s in tpl.sections] == ["environment", "social", "governance"]
    k = tpl.kpi("ent_energy_consumption")
    assert k is not None and (k.unit, k.direction, k.boolean) == ("tce", "lower", False)
    assert tpl.kpi("ent_esg_governance").boolean  # type: ignore[union-attr]


@pytest.mark.parametrize(("kpi", "message"), [
    ({"field": "nope", "direction": "lower"}, "不在字段目录中"),
    ({"field": "gdp", "direction": "lower"}, "不是企业的定量或是否字段"),
    ({"field": "ent_env_credit_colour", "direction": "lower"}, "不是企业的定量或是否字段"),
    ({"field": "ent_employees", "direction": "up"}, "direction"),
])  # fmt: skip
def test_broken_template_names_file_and_key(kpi, message):
    raw = {"id": "t", "sections": [{"id": "e", "name": {"zh": "环境", "en": "E"}, "kpis": [kpi]}]}
    with pytest.raises(FrameworkError) as e:
        template.parse(raw, "broken.yaml")
    assert message in str(e.value) and "broken.yaml" in str(e.value)
    assert e.value.key == "sections[0].kpis[0]"


def test_draft_reads_approved_observations_only(world):
    v = prepare(world, "ent_a1")
    enter(world, "ent_a1", "ent_fresh_water", YEAR, 42.0, approve=False)  # not approved
    enter(world, "ent_a1", "ent_donations", YEAR - 1, 7.0)  # another year
    got = {r["field"]: r["value"] for r in services.live_values(v)}
    assert got == {"ent_energy_consumption": 800.0, "ent_employees": 120.0,
                   "ent_esg_governance": 1.0}  # fmt: skip
    row = next(r for r in services.live_values(v) if r["field"] == "ent_employees")
    assert row["unit"] == "人" and row["source"] == "park_statistics"
    assert row["evidence"] == f"ent_employees {YEAR} 年统计报表" and row["revision"] >= 3


def test_only_an_enterprise_editor_opens_a_disclosure(world):
    with pytest.raises(PermissionDenied):
        services.open_disclosure(actor=world.user("park_a", "editor"), year=YEAR)
    with pytest.raises(PermissionDenied):
        services.open_disclosure(actor=world.user("ent_a1", "viewer"), year=YEAR)
    services.open_disclosure(actor=world.user("ent_a1", "editor"), year=YEAR)
    with pytest.raises(ValidationError, match="已存在"):
        services.open_disclosure(actor=world.user("ent_a1", "editor"), year=YEAR)


def test_submit_needs_report_and_values(world):
    d = services.open_disclosure(actor=world.user("ent_a1", "editor"), year=YEAR)
    v = d.versions.get()
    with pytest.raises(ValidationError) as e:
        move(world, "ent_a1", v, "submit", "editor")
    assert any("须上传 ESG 报告" in m for m in e.value.messages)
    assert any("没有任何已审核的指标值" in m for m in e.value.messages)


def test_report_must_be_a_pdf_refused_audited_nothing_kept(world):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from test_collection_evidence import PNG

    d = services.open_disclosure(actor=world.user("ent_a1", "editor"), year=YEAR)
    v = d.versions.get()
    before = EvidenceFile.objects.count()
    with pytest.raises(DataError, match="PDF"):
        services.attach_report(actor=world.user("ent_a1", "editor"), version_id=v.pk,
                               uploaded=SimpleUploadedFile("r.png", PNG))  # fmt: skip
    assert EvidenceFile.objects.count() == before
    assert AuditRecord.objects.filter(action=AuditAction.refused_upload).exists()
    v.refresh_from_db()
    assert v.report_id is None


def test_maker_checker_and_publication_frozen(world):
    v = prepare(world, "ent_a1")
    move(world, "ent_a1", v, "submit", "editor")
    v.refresh_from_db()
    assert v.preparer == world.user("ent_a1", "editor") and len(v.values) == 3
    # the admin may approve, but not what they prepared themselves
    admin = world.user("ent_a1", "admin")
    services.move(actor=world.user("ent_a1", "reviewer"), version_id=v.pk, event="return",
                  note="补充说明")  # fmt: skip
    services.move(actor=admin, version_id=v.pk, event="submit")
    with pytest.raises(ValidationError, match="不能对自己的工作"):
        services.move(actor=admin, version_id=v.pk, event="approve")
    with pytest.raises(PermissionDenied):  # an editor has no approve right
        move(world, "ent_a1", v, "approve", "editor")
    with pytest.raises(PermissionDenied):  # another enterprise's reviewer does not see it
        services.move(actor=world.user("ent_a2", "reviewer"), version_id=v.pk, event="approve")
    move(world, "ent_a1", v, "approve", "reviewer")
    move(world, "ent_a1", v, "publish", "reviewer")
    pv = PublishedVersion.objects.get(version=v)
    assert (pv.no, pv.year, pv.enterprise_name, pv.industry) == (1, YEAR, "企业A1", "C3841")
    assert {r["field"]: r["value"] for r in pv.kpis}["ent_energy_consumption"] == 800.0
    assert pv.report_sha256 == v.report.sha256 and pv.report_name == "ent_a1-esg.pdf"
    # a later change of the observation does not reach the published version
    obs = Observation.objects.get(organisation=world.orgs["ent_a1"], field_id="ent_employees",
                                  year=YEAR)  # fmt: skip
    obs.value = 999.0
    save_observation(actor=world.user("ent_a1", "editor"), obs=obs)
    pv.refresh_from_db()
    assert {r["field"]: r["value"] for r in pv.kpis}["ent_employees"] == 120.0
    with pytest.raises(AppendOnlyError):
        pv.save()
    with pytest.raises(AppendOnlyError):
        PublishedVersion.objects.filter(pk=pv.pk).update(no=9)


def test_returned_version_thaws_and_values_are_those_submitted(world):
    v = prepare(world, "ent_a1")
    move(world, "ent_a1", v, "submit", "editor")
    with pytest.raises(ValidationError, match="须填写理由"):
        move(world, "ent_a1", v, "return", "reviewer")
    move(world, "ent_a1", v, "return", "reviewer", note="数据有误")
    v.refresh_from_db()
    assert v.state == VersionState.draft and v.values == []


def test_correction_is_a_new_version_history_stays(world):
    d = published(world, "ent_a1")
    v1 = d.versions.get(no=1)
    with pytest.raises(ValidationError, match="原因"):
        services.correct(actor=world.user("ent_a1", "editor"), disclosure_id=d.pk, reason=" ")
    v2 = services.correct(actor=world.user("ent_a1", "editor"), disclosure_id=d.pk,
                          reason="能耗数据口径更正")  # fmt: skip
    assert (v2.no, v2.state, v2.report_id) == (2, VersionState.draft, v1.report_id)
    with pytest.raises(ValidationError, match="只有已发布"):  # one correction at a time
        services.correct(actor=world.user("ent_a1", "editor"), disclosure_id=d.pk, reason="再改")
    obs = Observation.objects.get(organisation=world.orgs["ent_a1"],
                                  field_id="ent_energy_consumption", year=YEAR)  # fmt: skip
    obs.value = 780.0
    obs = save_observation(actor=world.user("ent_a1", "editor"), obs=obs)
    from parkesg.web.observations.services import review

    review(actor=world.user("ent_a1", "editor"), observation_id=obs.pk, event="submit")
    review(actor=world.user("ent_a1", "reviewer"), observation_id=obs.pk, event="approve")
    publish(world, "ent_a1", v2)
    got = {p.no: {r["field"]: r["value"] for r in p.kpis}["ent_energy_consumption"]
           for p in PublishedVersion.objects.filter(disclosure=d)}  # fmt: skip
    assert got == {1: 800.0, 2: 780.0}
    assert PublishedVersion.objects.get(disclosure=d, no=2).reason == "能耗数据口径更正"


def test_assurance_record_is_all_or_nothing(world):
    v = prepare(world, "ent_a1")
    editor = world.user("ent_a1", "editor")
    with pytest.raises(ValidationError) as e:
        services.save_draft(actor=editor, version_id=v.pk, fields={"assurer": "某会计师事务所"})
    assert sorted(e.value.messages) == ["已填写第三方鉴证，须同时填写鉴证准则",
                                        "已填写第三方鉴证，须同时填写鉴证结论"]  # fmt: skip
    services.save_draft(actor=editor, version_id=v.pk, fields={
        "assurer": "某会计师事务所", "assurance_standard": "ISAE 3000",
        "assurance_scope": "环境关键绩效数据", "assurance_opinion": "有限保证：未发现重大错报"})  # fmt: skip
    publish(world, "ent_a1", v)
    pv = PublishedVersion.objects.get(version=v)
    assert pv.assurance["assurer"] == "某会计师事务所"
    assert pv.assurance["assurance_standard"] == "ISAE 3000"


def test_a_submitted_version_cannot_be_edited(world):
    v = prepare(world, "ent_a1")
    move(world, "ent_a1", v, "submit", "editor")
    with pytest.raises(ValidationError, match="只有草稿"):
        services.save_draft(actor=world.user("ent_a1", "editor"), version_id=v.pk,
                            fields={"summary": "x"})  # fmt: skip
    with pytest.raises(ValidationError, match="只有草稿"):
        services.attach_report(actor=world.user("ent_a1", "editor"), version_id=v.pk,
                               uploaded=pdf())  # fmt: skip


# ── the enterprise's pages ──────────────────────────────────────────────────────────────


def test_pages_prepare_review_publish_correct(world):
    from disclosure_world import enter_values
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse
    from test_collection_evidence import PNG

    from parkesg.web.core.home import waiting_for
    from parkesg.web.disclosures.models import Disclosure

    enter_values(world, "ent_a1")
    editor, reviewer = Client(), Client()
    editor.force_login(world.user("ent_a1", "editor"))
    reviewer.force_login(world.user("ent_a1", "reviewer"))
    r = editor.post(reverse("disclosures:list"), {"year": YEAR})
    d = Disclosure.objects.get(organisation=world.orgs["ent_a1"], year=YEAR)
    assert r.status_code == 302 and r["Location"] == reverse("disclosures:detail", args=[d.pk])
    page = editor.get(r["Location"])
    assert "须上传 ESG 报告" in page.text and 'data-field="ent_employees"' in page.text
    v = d.versions.get()
    refused = editor.post(reverse("disclosures:report", args=[v.pk]),
                          {"file": SimpleUploadedFile("r.png", PNG)})  # fmt: skip
    assert refused.status_code == 422 and "PDF" in refused.text
    editor.post(reverse("disclosures:report", args=[v.pk]), {"file": pdf()})
    editor.post(reverse("disclosures:move", args=[v.pk, "submit"]))
    page = editor.get(reverse("disclosures:detail", args=[d.pk]))
    assert 'data-event="approve"' not in page.text  # not for the preparer
    assert [w.count for w in waiting_for(world.user("ent_a1", "reviewer"))] == [1]
    reviewer.post(reverse("disclosures:move", args=[v.pk, "approve"]))
    reviewer.post(reverse("disclosures:move", args=[v.pk, "publish"]))
    v.refresh_from_db()
    assert v.state == VersionState.published
    editor.post(reverse("disclosures:correct", args=[d.pk]), {"reason": "更正员工人数"})
    v2 = d.versions.get(no=2)
    assert v2.reason == "更正员工人数" and v2.state == VersionState.draft
    # other organisations do not see the disclosure at all
    outsider = Client()
    outsider.force_login(world.user("park_a", "admin"))
    assert outsider.get(reverse("disclosures:detail", args=[d.pk])).status_code == 404

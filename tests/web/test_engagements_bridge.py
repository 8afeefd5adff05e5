"""The engagement workbook as a bridge: any engagement exports to it and imports back unchanged;
a filled workbook imports into an engagement (members graded, plan phases, focus, targets
read against 附件1 …); a workbook with any problem is refused whole — every problem by sheet,
row and cell, nothing stored; rows of a stage already submitted are refused too. And the
reports read the platform's records: no （待填写） where the records exist."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from engagement_world import advance, approve_report, create, fill, member, park_data
from openpyxl import load_workbook

from parkesg.demo.engagement import demo_engagement
from parkesg.io.engagement import write_engagement_template
from parkesg.web.audit.models import AuditRecord
from parkesg.web.engagements import bridge, contract
from parkesg.web.engagements import choices as c
from parkesg.web.engagements import records as r
from parkesg.web.engagements import report as reports

pytestmark = pytest.mark.django_db
RECORDS = (r.Member, r.PlanItem, r.Focus, r.Target, r.Option, r.Finding, r.Conclusion,
           r.ContinuingStep)  # fmt: skip


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def counts(e):
    return [m.objects.filter(engagement=e).count() for m in RECORDS]


def _import(world, e, data, name="engagement.xlsx"):
    return bridge.import_workbook(actor=member(world), engagement_id=e.pk, data=data, name=name)


def demo_workbook(tmp_path: Path, kind: str = "cppc") -> bytes:
    path = write_engagement_template(kind, tmp_path / "demo.xlsx", engagement=demo_engagement(kind))
    return path.read_bytes()


def test_a_filled_workbook_imports_into_an_engagement(world, tmp_path):
    e = create(world)
    got = _import(world, e, demo_workbook(tmp_path))
    # 13 members (王建国 sits in both groups: a record in each), 5 plan steps, 3 foci,
    # 3 targets, 3 options, 2 findings, 3 conclusions, 3 continuing steps
    assert got.errors == [] and got.created == 35
    assert counts(e) == [13, 5, 3, 3, 3, 2, 3, 3]
    m = {(x.name, x.team): x for x in r.Member.objects.filter(engagement=e)}
    head, lead = m["王建国", c.Team.leadership], m["王建国", c.Team.work]
    assert (head.role, lead.role) == (c.TeamRole.deputy, c.TeamRole.leader)
    assert head.duties == "组织实施审核，审定审核重点与方案" and lead.duties == "统筹协调，审定方案"
    assert head.affiliation == lead.affiliation == c.Affiliation.park
    assert m["张立新", c.Team.leadership].affiliation == c.Affiliation.park  # 园区管委会
    assert (
        m["刘海峰", c.Team.work].title_grade == c.TitleGrade.full_senior
        and m["刘海峰", c.Team.work].field == c.Field.energy
    )
    assert m["李静", c.Team.work].days == 20 and m["李静", c.Team.work].finance  # 财务处 科长
    # an enterprise not on the platform (yet): its member keeps the enterprise's name
    wu = m["郑丽", c.Team.work]
    assert (wu.affiliation, wu.enterprise, wu.unit_name, wu.finance) == (
        c.Affiliation.enterprise, None, "江南锂电材料有限公司", True)  # fmt: skip
    assert {p.phase for p in r.PlanItem.objects.filter(engagement=e)} == set(c.CPPC_PHASES)
    assert r.PlanItem.objects.get(engagement=e, phase=c.Phase.p51).participants == "张立新、李静"
    t = r.Target.objects.get(engagement=e, indicator="recycling_industry_share")
    assert t.name == "资源再生利用产业增加值占园区工业增加值比例" and t.unit == "%"
    e.refresh_from_db()
    assert e.profile["report_author"] == "陈晓" and "preface" in e.profile
    # the team as the contract states it: the demo's rows, group, unit, enterprise and finance
    mine = {(t.name, t.group): t for t in contract.engagement(e).team}
    demo = demo_engagement("cppc").team
    assert set(mine) == {(t.name, t.group) for t in demo}
    for t in demo:
        got_t = mine[t.name, t.group]
        assert (got_t.organisation, bool(got_t.enterprise), got_t.finance, got_t.duties) == (
            t.organisation, bool(t.enterprise), bool(t.finance) or "财务" in (t.department_post or ""),
            t.duties), t.name  # fmt: skip
    again = _import(world, e, bridge.export_bytes(e))  # its own export: nothing changes
    assert (again.errors, again.created, again.updated) == ([], 0, 0) and again.unchanged >= 35


def test_a_workbook_with_problems_is_refused_whole_by_cell(world, tmp_path):
    e = create(world)
    wb = load_workbook(io.BytesIO(demo_workbook(tmp_path)))
    wb["审核重点"]["A3"] = "国家层面"  # not a level of 5.2.3
    wb["方案与建议"]["E4"] = "八百"  # not a number
    wb["工作计划"]["A5"] = "验收"  # not a stage of T/CPPC
    buf = io.BytesIO()
    wb.save(buf)
    before = counts(e)
    got = _import(world, e, buf.getvalue())
    refs = [ref for ref, _m in got.errors]
    assert "审核重点!A3" in refs and "方案与建议!E4" in refs
    assert counts(e) == before and got.created == 0
    # the reader's errors come first; the plan row is checked once the cells are readable
    wb["审核重点"]["A3"], wb["方案与建议"]["E4"] = "园区层面", 800
    buf = io.BytesIO()
    wb.save(buf)
    got = _import(world, e, buf.getvalue())
    assert got.errors == [("工作计划 第 5 行", "阶段 “验收” 应为 筹划和组织、初步审核、重点审核、"
                                              "方案产生和筛选、结论和建议 之一")]  # fmt: skip
    assert counts(e) == before
    assert AuditRecord.objects.filter(action="reject", object_id=str(e.pk)).count() == 2


def test_rows_of_a_submitted_stage_are_refused(world, tmp_path):
    park_data(world)
    e = advance(world, create(world))  # 5.1 signed off: its team is frozen until 5.2 closes?
    e = advance(world, e)  # … and 5.2 too: members are 5.2's records
    same = _import(world, e, bridge.export_bytes(e))  # its own export changes nothing: no error
    assert (same.errors, same.created, same.updated) == ([], 0, 0)
    wb = load_workbook(io.BytesIO(bridge.export_bytes(e)))
    ws = wb["工作组成员"]
    duties = next(h.column_letter for h in ws[1] if str(h.value).startswith("职责"))
    ws[f"{duties}3"] = "另行安排"  # 职责 of the first member
    buf = io.BytesIO()
    wb.save(buf)
    got = _import(world, e, buf.getvalue())
    assert got.errors == [("工作组成员 第 3 行", "该阶段已提交签核或已结束，记录不能修改")]
    assert r.Member.objects.filter(engagement=e, duties="另行安排").count() == 0


def test_not_an_engagement_workbook_and_the_wrong_kind(world, tmp_path):
    e = create(world)
    broken = _import(world, e, b"PK\x03\x04 broken")
    assert len(broken.errors) == 1 and broken.created == 0
    got = _import(world, e, demo_workbook(tmp_path, "beijing"))
    assert got.errors == [("填写说明!B2", "工作簿类型为 beijing，本项目为 cppc")]


def _text(docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read("word/document.xml").decode()


def test_cppc_report_reads_the_records_without_blanks(world):
    park_data(world)
    e = create(world)
    for _ in range(5):
        e = advance(world, e)  # 5.2.1 (1) 园区概况 has its photo (engagement_world.fill)
    e.profile = {"preface": "前言", "background": "项目概况", "leadership": "领导支持"}
    e.save()
    approve_report(world, e, "送审稿")
    doc = reports.documents_of(e).first()
    docx = doc.file.blob_path().read_bytes()
    text = _text(docx)
    assert "待填写" not in text, text[text.find("待填写") - 200 : text.find("待填写") + 50]
    for words in ("送审稿", "王主任", "企业甲财务", "清洁生产审核动员培训", "（1）园区概况",
                  "余热回收", "持续推进", "园区A", "领导小组"):  # fmt: skip
        assert words in text, words
    assert doc.content == contract.engagement(e, stage="送审稿").model_dump(mode="json")
    with zipfile.ZipFile(io.BytesIO(docx)) as z:  # the cover photo (附件2 1.1 (2)) as attached
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    assert Path(doc.content["cover_photo"]).read_bytes() in media
    # no picture of the park: the cover asks for one — the outline's only blank here
    overview = r.Section.objects.get(engagement=e, part=c.SurveyPart.overview)
    r.Attachment.objects.filter(record_type="Section", record_id=overview.pk).delete()
    assert contract.engagement(e).cover_photo is None
    bare = _text(reports.write(e, stage="送审稿")[0])
    assert bare.count("待填写") == 1 and "（待填写：园区形象照片）" in bare


def test_beijing_report_and_forms_read_the_records(world):
    park_data(world)
    e = create(world, c.Kind.beijing)
    for _ in range(3):
        e = advance(world, e)
    e.profile = {"preface": "目的", "background": "概况", "measures": "措施"}
    e.save()
    fill(world, e)
    doc = reports.documents_of(e).first()
    text = _text(doc.file.blob_path().read_bytes())
    assert "待填写" not in text, text[text.find("待填写") - 200 : text.find("待填写") + 50]
    for words in ("李工", "正高级工程师", "建设中水回用管网", "光伏装机领先", "2025-01-06"):
        assert words in text, words

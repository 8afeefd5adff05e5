"""Engagements in a real browser (issue 16 “Checked by”): a T/CPPC audit walked from 5.1 to its
最终稿 and a Beijing green diagnosis from its task to the one-year follow-up, by the people who
do each part — the provider's lead (signs stages off), a team member (prepares them, imports the
engagement workbook, uploads photos and signed scans), the provider's reviewer (approves report
versions), the park committee (records the pledge, its forms, confirms) and the district
government (sees nothing until the diagnosis is submitted to it, then records its opinion).
Screenshots at desktop (1366×900) and phone (390×844) width go to build/screenshots/."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from parkesg.demo.engagement import demo_engagement
from parkesg.engagement import PlanStep, Target
from parkesg.io.engagement import write_engagement_template
from parkesg.web.demo.cast import ORGS
from parkesg.web.demo.seed_engagements import CHOSEN, DISTRICT

NAME = {o.key: o.name for o in ORGS}
Shot = Callable[[Page, str], Path]
Login = Callable[..., None]
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
TODAY = dt.date.today()


@pytest.fixture
def people(browser: Browser, live_url: str, login: Login) -> Iterator[Callable[[str], Page]]:
    """``people("provider-lead")``: a tab logged in as that demo user (one per user; admins
    type the demo's second factor)."""
    tabs: dict[str, Page] = {}
    contexts = []

    def tab(user: str) -> Page:
        if user not in tabs:
            ctx = browser.new_context(base_url=live_url, locale="zh-CN",
                                      viewport={"width": 1366, "height": 900})  # fmt: skip
            ctx.set_default_timeout(60_000)
            contexts.append(ctx)
            page = ctx.new_page()
            login(page, user)
            tabs[user] = page
        return tabs[user]

    yield tab
    for ctx in contexts:
        ctx.close()


def both(page: Page, shot: Shot, name: str) -> None:
    for size, (w, h) in SIZES.items():
        page.set_viewport_size({"width": w, "height": h})
        shot(page, f"{name}-{size}")
    page.set_viewport_size({"width": 1366, "height": 900})


def png(text: str) -> dict[str, object]:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), "#d9e2ec").save(buf, format="PNG")
    return {"name": f"{text}.png", "mimeType": "image/png", "buffer": buf.getvalue()}


def fill_form(page: Page, values: dict[str, object]) -> None:
    form = page.locator("form.form")
    for name, value in values.items():
        field = form.locator(f"[name={name}]")
        tag = field.first.evaluate("e => e.tagName + (e.type ? ':' + e.type : '')")
        if name == "enterprises":  # checkboxes: the one named by ``value``
            form.get_by_role("checkbox", name=str(value)).check()
        elif tag.startswith("SELECT"):
            field.select_option(label=str(value))
        elif tag == "INPUT:checkbox":
            field.set_checked(bool(value))
        else:
            field.fill(str(value))


def submit(page: Page) -> None:
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".errorlist")).to_have_count(0)


def add(page: Page, pk: int, slug: str, values: dict[str, object]) -> None:
    page.goto(f"/engagements/{pk}/records/{slug}/add/")
    fill_form(page, values)
    submit(page)


def records(page: Page, pk: int, slug: str) -> list[dict[str, object]]:
    got = page.request.get(f"/api/engagements/{pk}/records/{slug}")
    assert got.ok, got.status
    return got.json()["items"]  # type: ignore[no-any-return]


def edit(page: Page, slug: str, rid: object, values: dict[str, object]) -> None:
    page.goto(f"/engagements/records/{slug}/{rid}/edit/")
    fill_form(page, values)
    submit(page)


def step(page: Page, pk: int, event: str) -> None:
    page.goto(f"/engagements/{pk}/")
    button = page.locator(f"button[data-event={event}]")
    expect(button).to_be_enabled()
    button.click()
    page.wait_for_load_state()
    expect(page.locator("#steps")).to_be_visible()


def state(page: Page, pk: int) -> str:
    return str(page.request.get(f"/api/engagements/{pk}").json()["state"])


def attach(page: Page, slug: str, rid: object, text: str) -> None:
    page.goto(f"/engagements/records/{slug}/{rid}/attach/")
    page.set_input_files("input[name=file]", files=[png(text)])  # type: ignore[list-item]
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()


def done_plan(page: Page, pk: int, phase: str) -> None:
    for item in records(page, pk, "plan"):
        if item["phase"] == phase and not item["done_on"]:
            edit(page, "plan", item["id"], {"done_on": TODAY.isoformat()})


def close_stage(member: Page, lead: Page, pk: int, code: str) -> None:
    step(member, pk, f"submit_{code}")
    member.goto(f"/engagements/{pk}/")
    expect(member.locator(f"button[data-event=signoff_{code}]")).to_have_count(0)  # the lead's
    step(lead, pk, f"signoff_{code}")


def workbook(tmp_path: Path, kind: str, **update: object) -> Path:
    eng = demo_engagement(kind).model_copy(update=update)
    return write_engagement_template(kind, tmp_path / f"{kind}.xlsx", engagement=eng)


def create(lead: Page, kind: str, title: str, extra: dict[str, object]) -> int:
    lead.goto("/engagements/new/")
    fill_form(lead, {"kind": {"cppc": "T/CPPC 工业园区清洁生产审核",
                              "beijing": "北京市工业园区绿色诊断"}[kind], "title": title,
                     "park": NAME["park"], "starts_on": TODAY.isoformat(),
                     "ends_on": (TODAY + dt.timedelta(days=200)).isoformat(), "base_year": 2023,
                     "lead": "陈晓", "district_code": DISTRICT.credit_code,
                     "district_name": DISTRICT.name, **extra})  # fmt: skip
    submit(lead)
    expect(lead.locator("h1")).to_have_text(title)
    return int(lead.url.rstrip("/").split("/")[-1].split("#")[0])


def import_workbook(member: Page, pk: int, path: Path) -> None:
    member.goto(f"/engagements/{pk}/workbook/import/")
    member.set_input_files("input[name=workbook]", str(path))
    member.locator("form.form button[type=submit]").click()
    member.wait_for_load_state()
    expect(member.locator(".notice")).to_contain_text("已导入")


def test_cppc_audit_from_51_to_the_final_report(people, shot: Shot, tmp_path: Path) -> None:
    lead, member = people("provider-lead"), people("provider-member")
    lead.goto("/engagements/new/")
    both(lead, shot, "engagement-new")
    pk = create(
        lead,
        "cppc",
        "东区第二片区清洁生产审核（浏览器测试）",
        {"scope": "片区 / 部分区域", "boundary": "东区第二片区", "enterprises": NAME["e01"]},
    )
    # 5.1 — the team member imports the engagement workbook, adds the enterprise's two members
    # (one from its finance department), a publicity activity with its photo, the plan done
    dues = [(TODAY + dt.timedelta(days=d)).isoformat() for d in (10, 30, 60, 90, 120)]
    plan = [PlanStep(**{**p.model_dump(), "due": d}) for p, d in
            zip(demo_engagement("cppc").plan, dues, strict=True)]  # fmt: skip
    targets = [Target(indicator="7", near=0.20, mid=0.19, long=0.18)]
    import_workbook(member, pk, workbook(tmp_path, "cppc", plan=plan, targets=targets))
    member.goto(f"/engagements/{pk}/")
    expect(member.locator("#blk-submit_s51")).to_contain_text("5.1.2 (2)")  # rule shown, blocks
    expect(member.locator("button[data-event=submit_s51]")).to_be_disabled()
    both(member, shot, "engagement-cppc-51-blocked")
    for name, dept, finance in (("钢铁甲", "生产部", False), ("钢铁乙", "财务部", True)):
        add(member, pk, "members", {"name": name, "affiliation": "园区企业",
                                    "enterprise": NAME["e01"], "department": dept,
                                    "finance": finance, "duties": "企业数据", "days": 10})  # fmt: skip
    add(member, pk, "publicity", {"held_on": TODAY.isoformat(), "form": "报告会、研讨班、培训班",
                                  "topics": "片区清洁生产培训", "participants": 300})  # fmt: skip
    attach(member, "publicity", records(member, pk, "publicity")[0]["id"], "training")
    done_plan(member, pk, "p51")
    close_stage(member, lead, pk, "s51")
    # 5.2 — survey in six parts, baseline from approved data, the evaluation with 附件1's choice
    for part in ("（1）园区概况", "（2）经济发展和产业基础", "（3）社会发展和基础设施",
                 "（4）资源能源利用现状", "（5）环境现状", "（6）园区管理现状"):  # fmt: skip
        add(member, pk, "sections", {"part": part, "text": f"{part}：片区现状。"})
    member.goto(f"/engagements/{pk}/")
    member.locator("#baseline button").click()
    member.wait_for_load_state()
    for indicator in CHOSEN:
        member.locator(f".run-form input[value={indicator}]").check()
    member.locator(".run-form button").click()
    member.wait_for_load_state()
    expect(member.locator("#run-link")).to_be_visible()
    done_plan(member, pk, "p52")
    both(member, shot, "engagement-cppc-52")
    close_stage(member, lead, pk, "s52")
    # 5.3 — the enterprise-level focus gets its problem and cause; the energy analysis
    add(member, pk, "findings", {"analysis": "（2）资源能源利用效率", "level": "企业层面",
                                 "focus": "三家重点用能企业", "problem": "重点企业余热回收率低",
                                 "cause": "余热锅炉未配套", "suggestion": "建设余热回收设施"})  # fmt: skip
    for f in records(member, pk, "findings"):
        if not f["analysis"]:
            edit(member, "findings", f["id"], {"analysis": "（2）资源能源利用效率"})
    member.goto(f"/engagements/{pk}/")
    member.locator("#energy button").click()
    member.wait_for_load_state()
    expect(member.locator("#energy img.chart-img")).to_be_visible()
    done_plan(member, pk, "p53")
    both(member, shot, "engagement-cppc-53")
    close_stage(member, lead, pk, "s53")
    # 5.4 — every option gets its source and a screening decision
    for o in records(member, pk, "options"):
        edit(member, "options", o["id"], {"source": "（4）行业专家的建议"})
        member.goto(f"/engagements/records/options/{o['id']}/decide/")
        fill_form(member, {"decision": "采纳（可行）", "criteria": "技术可行、经济合理"})
        submit(member)
    done_plan(member, pk, "p54")
    close_stage(member, lead, pk, "s54")
    done_plan(member, pk, "p55")
    close_stage(member, lead, pk, "s55")
    # the report: 送审稿 → 修改稿 → 最终稿, each approved by the reviewer (never its author)
    reviewer = people("provider-reviewer")
    for stage in ("送审稿", "修改稿", "最终稿"):
        member.goto(f"/engagements/{pk}/")
        member.locator(".issue select[name=stage]").select_option(stage)
        member.locator("#issue-report").click()
        member.wait_for_load_state()
        member.locator("button[data-doc-event=submit]").click()
        member.wait_for_load_state()
        expect(member.locator("button[data-doc-event=approve]")).to_have_count(0)  # own work
        reviewer.goto(f"/engagements/{pk}/")
        reviewer.locator("button[data-doc-event=approve]").click()
        reviewer.wait_for_load_state()
    reviewer.goto(f"/engagements/{pk}/#report")
    both(reviewer, shot, "engagement-cppc-report")
    with reviewer.expect_download() as got:
        reviewer.locator("#report a", has_text="下载").first.click()
    assert got.value.suggested_filename.endswith(".docx")
    # the park committee confirms the final; the district sees nothing until it is submitted
    park = people("park-reviewer")
    step(park, pk, "accept")
    district = people("district-admin")
    assert district.goto(f"/engagements/{pk}/").status == 404  # type: ignore[union-attr]
    step(lead, pk, "submit_district")
    add(district, pk, "opinions", {"text": "同意。", "reviewed_on": TODAY.isoformat()})
    step(district, pk, "opinion")
    assert state(district, pk) == "closed"
    both(district, shot, "engagement-cppc-district")
    other = people("e01-admin")  # an enterprise in scope: nothing of it
    assert other.goto(f"/engagements/{pk}/").status == 404  # type: ignore[union-attr]


def test_beijing_diagnosis_from_its_task_to_the_follow_up(people, shot: Shot, tmp_path: Path
                                                          ) -> None:  # fmt: skip
    lead, member = people("provider-lead"), people("provider-member")
    pk = create(
        lead,
        "beijing",
        "园区绿色诊断（浏览器测试）",
        {"scope": "园区整体", "boundary": "园区全部批复范围", "depth": "通用基础诊断"},
    )
    close_stage(member, lead, pk, "boundary")
    # preparation: team (workbook), bases, the pledge with its signed scan, recorded by the park
    plan = [PlanStep(stage=s, content=s + "工作", due=TODAY.isoformat(), owner="陈晓")
            for s in ("前期准备", "诊断实施", "报告编制和提交")]  # fmt: skip
    import_workbook(member, pk, workbook(tmp_path, "beijing", plan=plan))
    member.goto(f"/engagements/{pk}/")
    expect(member.locator("#blk-submit_prep")).to_contain_text("三（三）")  # no bases yet
    expect(member.locator("#blk-submit_prep")).not_to_contain_text("三（二）")  # team fits
    add(
        member, pk, "bases", {"kind": "园区绿色低碳循环化发展标准规范", "title": "绿色园区评价要求"}
    )
    add(member, pk, "pledges", {"number": "BJ-BROWSER-01", "signed_on": TODAY.isoformat()})
    attach(member, "pledges", records(member, pk, "pledges")[0]["id"], "pledge")
    park_admin = people("park-admin")
    park_admin.goto(f"/engagements/{pk}/#prep")
    park_admin.locator("#pledges button", has_text="园区登记").click()
    park_admin.wait_for_load_state()
    close_stage(member, lead, pk, "prep")
    # on site, day by day (≥ 4 working days), then the 3-year diagnosis run
    monday = TODAY - dt.timedelta(days=TODAY.weekday() + 14)
    for n in range(4):
        add(member, pk, "onsite", {"day": (monday + dt.timedelta(days=n)).isoformat(),
                                   "place": "园区", "work": "现场核查"})  # fmt: skip
    member.goto(f"/engagements/{pk}/")
    member.locator(".run-form button").click()
    member.wait_for_load_state()
    expect(member.locator("#run-link")).to_contain_text("2021、2022、2023")
    both(member, shot, "engagement-bj-onsite")
    close_stage(member, lead, pk, "onsite")
    # the report, approved by the provider's reviewer
    member.goto(f"/engagements/{pk}/")
    member.locator("#issue-report").click()
    member.wait_for_load_state()
    member.locator("button[data-doc-event=submit]").click()
    member.wait_for_load_state()
    reviewer = people("provider-reviewer")
    reviewer.goto(f"/engagements/{pk}/")
    reviewer.locator("button[data-doc-event=approve]").click()
    reviewer.wait_for_load_state()
    close_stage(member, lead, pk, "drafting")
    # feedback: the park's editor records forms 2-3 and 2-4 with signed scans; its reviewer
    # confirms; the lead submits to the district bureau, which records its opinion
    editor = people("park-editor")
    add(editor, pk, "confirmations", {"report_received_on": TODAY.isoformat(),
                                      "meeting_on": TODAY.isoformat(), "signer": "王建国",
                                      "signed_on": TODAY.isoformat()})  # fmt: skip
    attach(editor, "confirmations", records(editor, pk, "confirmations")[0]["id"], "form-2-3")
    add(
        editor,
        pk,
        "surveys",
        {"rating": "满意", "signer": "王建国", "signed_on": TODAY.isoformat()},
    )
    attach(editor, "surveys", records(editor, pk, "surveys")[0]["id"], "form-2-4")
    editor.goto(f"/engagements/{pk}/")
    expect(editor.locator("button[data-event=confirm]")).to_have_count(0)  # not its own
    step(people("park-reviewer"), pk, "confirm")
    district = people("district-viewer")
    assert district.goto(f"/engagements/{pk}/").status == 404  # type: ignore[union-attr]
    step(lead, pk, "submit_district")
    district.goto(f"/engagements/{pk}/")
    expect(district.locator("#options")).to_contain_text("园区再生资源集中回收中心")
    expect(district.locator("#plan")).to_have_count(0)  # the working papers stay home
    both(district, shot, "engagement-bj-district")
    gov = people("district-admin")
    add(gov, pk, "opinions", {"text": "同意备案。", "reviewed_on": TODAY.isoformat()})
    step(gov, pk, "opinion")
    assert state(gov, pk) == "followup"
    # the follow-up: its due date, and each suggestion's adoption
    lead.goto("/")
    for o in records(member, pk, "options"):
        add(member, pk, "adoptions", {"option": o["name"], "status": "实施中",
                                      "recorded_on": TODAY.isoformat()})  # fmt: skip
    member.goto(f"/engagements/{pk}/")
    member.locator("#next-plan textarea").fill("推进中水回用与余热回收。")
    member.locator("#next-plan button").click()
    member.wait_for_load_state()
    expect(member.locator("main > dl.fields")).to_contain_text("跟踪反馈截止")
    both(member, shot, "engagement-bj-followup")
    close_stage(member, lead, pk, "followup")
    assert state(lead, pk) == "closed"


def test_home_pages_list_what_waits(people, shot: Shot) -> None:
    """The seeded audit waits at 5.3 on a rule; its plan is a little late."""
    member = people("provider-member")
    member.goto("/")
    expect(member.locator("#waiting")).to_contain_text("尚缺记录、不能提交签核的阶段")
    expect(member.locator("#waiting .overdue")).to_contain_text("逾期的计划事项")
    both(member, shot, "home-provider-member")
    member.goto("/engagements/")
    both(member, shot, "engagements-list")

"""The workbook round trip loses nothing (issue 20): each year's own source and evidence; the
platform's own pre-filled workbook uploaded back changes nothing; a stale workbook never
reverts a newer value; a value changed between check and confirm is a conflict; the reviewer
approves an upload's changes together; refused and discarded uploads are audited; two uploads
at once neither fail nor lose a value."""

from __future__ import annotations

import io
import threading

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from world import build_world

from parkesg.io.workbook import DATA_SHEET
from parkesg.web.audit.models import AuditRecord
from parkesg.web.collection import apply, upload
from parkesg.web.collection.models import WorkbookUpload
from parkesg.web.core.review import ReviewState
from parkesg.web.observations import services
from parkesg.web.observations.models import Observation


def login(world, org="ent_a1", role="editor") -> Client:
    c = Client()
    c.force_login(world.user(org, role))
    return c


def download(c: Client, years: str, values: bool = True) -> bytes:
    got = c.get(
        reverse("collection:template") + f"?years={years}" + ("&values=1" if values else "")
    )
    assert got.status_code == 200
    return got.content


def edit(data: bytes, cells: dict[tuple[str, str], object]) -> bytes:
    """Type into a downloaded workbook: {(field id, column header): value}."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[DATA_SHEET]
    col = {str(c.value): c.column for c in ws[2] if c.value is not None}
    row = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}
    for (field, header), value in cells.items():
        ws.cell(row[field], col[header], value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def send(c: Client, data: bytes):
    f = io.BytesIO(data)
    f.name = "填报.xlsx"
    return c.post(reverse("collection:upload"), {"workbook": f})


def pk_of(page) -> int:
    return int(page.url.rstrip("/").split("/")[-1])


def approved(world, obs: Observation) -> Observation:
    services.review(actor=world.user("ent_a1", "editor"), observation_id=obs.pk, event="submit")
    services.review(actor=world.user("ent_a1", "reviewer"), observation_id=obs.pk,
                    event="approve")  # fmt: skip
    return Observation.objects.get(pk=obs.pk)


def value_of(world, field="ent_output_value", year=2023) -> Observation:
    return Observation.objects.get(organisation=world.orgs["ent_a1"], field_id=field, year=year)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def test_typing_2025s_evidence_leaves_2023_alone(world):
    """Reported: typing 2025's evidence rewrote the 2023 value's and sent it back to draft."""
    obs = world.obs["ent_a1"]  # 企业A1 ent_output_value 2023 = 100 万元
    obs.evidence = "2023 年度统计年报"
    services.save_observation(actor=world.user("ent_a1", "editor"), obs=obs)
    approved(world, obs)
    c = login(world)
    wb = edit(download(c, "2023,2024,2025"), {
        ("ent_output_value", "2025"): 130,
        ("ent_output_value", "数据来源 2025"): "政府部门公开数据",
        ("ent_output_value", "证明材料 2025"): "2025 年度统计年报",
    })  # fmt: skip
    page = send(c, wb)
    up = WorkbookUpload.objects.get(pk=pk_of(page))
    assert (up.created, up.changed, up.unchanged) == (1, 0, 1)
    c.post(reverse("collection:confirm", args=[up.pk]))
    old = value_of(world)
    assert (old.state, old.evidence, old.source) == (
        ReviewState.approved, "2023 年度统计年报", "park_statistics")  # fmt: skip
    new = value_of(world, year=2025)
    assert (new.value, new.evidence, new.source) == (130.0, "2025 年度统计年报", "official")


def test_own_prefilled_workbook_uploaded_back_changes_nothing(world):
    """Every kind of value, each year with its own source and evidence, in other units,
    evidence with spaces around and text a spreadsheet would run: back unchanged."""
    editor = world.user("ent_a1", "editor")
    entered = [
        ("ent_output_value", 2022, {"value": 0.123456789, "unit": "亿元"}, "official", " 年报 p.3 "),
        ("ent_output_value", 2023, {"value": 4957.1, "unit": "万元"}, "research", "=1+1"),
        ("ent_wastewater_discharged", 2023, {"value": 12.5, "unit": "万立方米"}, "other", ""),
        ("ent_discharge_permit_compliant", 2022, {"value": 1.0}, "stakeholder", "许可证"),
        ("ent_env_credit_colour", 2023, {"category": "蓝"}, "official", "信用评价结果"),
        ("ent_controlling_shareholder_votes", 2023, {"value": 0.5, "unit": "‰"}, "other", "—"),
    ]  # fmt: skip
    Observation.objects.all().delete()
    for field, year, content, source, evidence in entered:
        obs = Observation(year=year, field_id=field, source=source, evidence=evidence, **content)
        services.save_observation(actor=editor, obs=obs)
    c = login(world)
    page = send(c, download(c, "2022,2023"))
    up = WorkbookUpload.objects.get(pk=pk_of(page))
    assert (up.state, up.created, up.changed, up.unchanged) == ("applied", 0, 0, len(entered))


def test_stale_workbook_never_reverts_a_newer_value(world):
    """Reported: an approved 5010 went back to 4957 when an older workbook was uploaded."""
    obs = world.obs["ent_a1"]
    obs.value = 4957.0
    services.save_observation(actor=world.user("ent_a1", "editor"), obs=obs)
    approved(world, obs)
    c = login(world)
    stale = download(c, "2023")  # made from 4957
    obs = value_of(world)
    obs.value = 5010.0  # then someone corrects it, and it is approved again
    services.save_observation(actor=world.user("ent_a1", "admin"), obs=obs)
    approved_again = approved(world, obs)
    # the stale workbook, with one new value typed in, and 4957 still in its cell
    wb = edit(stale, {("ent_employees", "2023"): 120,
                      ("ent_employees", "数据来源 2023"): "园区统计数据"})  # fmt: skip
    page = send(c, wb)
    html = page.content.decode()
    assert page.status_code == 422 and "冲突" in html and "5,010 万元" in html
    assert "4,957 万元" in html and "由 ent_a1_admin" in html
    ws = openpyxl.load_workbook(io.BytesIO(stale))[DATA_SHEET]
    r = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == "ent_output_value")
    row = html[html.index(f'data-cell="数据!D{r}"') :]
    assert row[: row.index("</tr>")].count("冲突") == 1  # by cell
    now = value_of(world)
    assert (now.value, now.state) == (5010.0, ReviewState.approved)
    assert now.revisions.count() == approved_again.revisions.count()
    assert not Observation.objects.filter(field_id="ent_employees").exists()
    refused = WorkbookUpload.objects.get(state="refused")
    assert AuditRecord.objects.filter(object_type="collection.workbookupload",
                                      object_id=str(refused.pk)).exists()  # fmt: skip


def test_blank_template_cannot_overwrite_an_existing_value(world):
    c = login(world)
    wb = edit(download(c, "2023", values=False), {
        ("ent_output_value", "2023"): 90, ("ent_output_value", "数据来源 2023"): "园区统计数据",
    })  # fmt: skip
    page = send(c, wb)
    assert page.status_code == 422 and "不是由它下载的" in page.content.decode()
    assert value_of(world).value == 100.0


def test_change_between_check_and_confirm_is_a_conflict(world):
    c = login(world)
    wb = edit(download(c, "2023"), {("ent_output_value", "2023"): 120})
    pending = pk_of(send(c, wb))
    obs = value_of(world)
    obs.value = 110.0  # a colleague corrects it in the form meanwhile
    services.save_observation(actor=world.user("ent_a1", "admin"), obs=obs)
    page = c.post(reverse("collection:confirm", args=[pending]), follow=True)
    assert "冲突" in page.content.decode()
    up = WorkbookUpload.objects.get(pk=pending)
    assert up.state == "refused" and up.problems[0]["ref"].startswith("数据!D")
    assert value_of(world).value == 110.0


def test_discard_saves_nothing_and_is_audited(world):
    c = login(world)
    pending = pk_of(send(c, edit(download(c, "2023"), {("ent_output_value", "2023"): 120})))
    c.post(reverse("collection:discard", args=[pending]))
    assert WorkbookUpload.objects.get(pk=pending).state == "discarded"
    assert value_of(world).value == 100.0
    changes = AuditRecord.objects.filter(object_type="collection.workbookupload",
                                         object_id=str(pending), action="change")  # fmt: skip
    assert [r.after["state"] for r in changes] == ["discarded"]
    again = c.post(reverse("collection:confirm", args=[pending]), follow=True)
    assert "已放弃" in again.content.decode() and value_of(world).value == 100.0


def test_reviewer_approves_an_uploads_changes_together_with_the_diff(world):
    before = approved(world, world.obs["ent_a1"])  # 100 万元, approved
    assert before.state == ReviewState.approved
    c = login(world, role="admin")  # an admin uploads: it may approve, but not its own values
    wb = edit(download(c, "2023"), {
        ("ent_output_value", "2023"): 150,
        ("ent_employees", "2023"): 80, ("ent_employees", "数据来源 2023"): "园区统计数据",
    })  # fmt: skip
    pk = pk_of(send(c, wb))
    c.post(reverse("collection:confirm", args=[pk]))
    c.post(reverse("collection:submit-all", args=[pk]))
    with pytest.raises(ValidationError, match="审核人不能是填报人"):
        apply.review_upload(actor=world.user("ent_a1", "admin"), upload_id=pk, event="approve")
    assert value_of(world).state == ReviewState.submitted
    reviewer = login(world, role="reviewer")
    page = reviewer.get(reverse("workbookupload_detail", args=[pk])).content.decode()
    assert 'id="approve-upload"' in page and 'class="old nowrap">100 万元</td>' in page
    assert "<strong>150 万元</strong>" in page
    # returning needs a reason
    reviewer.post(reverse("collection:review", args=[pk]), {"event": "reject"})
    assert value_of(world).state == ReviewState.submitted
    r = reviewer.post(reverse("collection:review", args=[pk]), {"event": "approve"})
    assert r.status_code == 302
    up = WorkbookUpload.objects.get(pk=pk)
    assert set(up.observations.values_list("state", flat=True)) == {ReviewState.approved}
    assert set(up.observations.values_list("checker__username", flat=True)) == {"ent_a1_reviewer"}
    record = AuditRecord.objects.get(object_type="collection.workbookupload",
                                     object_id=str(pk), action="approve")  # fmt: skip
    assert sorted(record.after["observations"]) == sorted(
        up.observations.values_list("pk", flat=True)
    )


def test_reviewer_returns_an_upload_with_a_reason(world):
    c = login(world)
    pk = pk_of(send(c, edit(download(c, "2023"), {("ent_output_value", "2023"): 150})))
    c.post(reverse("collection:confirm", args=[pk]))
    c.post(reverse("collection:submit-all", args=[pk]))
    reviewer = login(world, role="reviewer")
    reviewer.post(reverse("collection:review", args=[pk]), {"event": "reject", "note": "请附年报"})
    obs = value_of(world)
    assert (obs.state, obs.review_note, obs.value) == (ReviewState.rejected, "请附年报", 150.0)


def test_editing_a_value_after_the_upload_takes_it_out_of_the_uploads_review(world):
    c = login(world)
    pk = pk_of(send(c, edit(download(c, "2023"), {("ent_output_value", "2023"): 150})))
    c.post(reverse("collection:confirm", args=[pk]))
    obs = value_of(world)
    obs.value = 160.0
    services.save_observation(actor=world.user("ent_a1", "admin"), obs=obs)
    assert apply.submit_all(actor=world.user("ent_a1", "editor"), upload_id=pk) == 0
    page = c.get(reverse("workbookupload_detail", args=[pk])).content.decode()
    assert "已被之后的修改取代" in page


def _entry(world, year_value: float, barrier: threading.Barrier, out: list) -> None:
    """One person's upload in its own thread (its own database connection): check, wait for
    the other, confirm."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from parkesg.web.collection.template import template_bytes

    try:
        editor = world.user("ent_a1", "editor")
        data = edit(template_bytes(world.orgs["ent_a1"], editor, [2024], with_values=True),
                    {("ent_employees", "2024"): year_value,
                     ("ent_employees", "数据来源 2024"): "园区统计数据"})  # fmt: skip
        pending = upload.preview_workbook(actor=editor, uploaded=SimpleUploadedFile("w.xlsx", data))
        barrier.wait(timeout=30)
        try:
            out.append(("saved", apply.confirm_upload(actor=editor, upload_id=pending.pk)))
        except upload.UploadRejected as exc:
            out.append(("refused", exc))
    except Exception as exc:  # reported to the test, never swallowed
        out.append(("error", exc))
    finally:
        connection.close()


_TRIGGERED = {  # the tables that carry append-only triggers, as the database says
    "postgresql": "SELECT DISTINCT event_object_table FROM information_schema.triggers "
                  "WHERE trigger_name LIKE 'parkesg\\_%\\_append\\_only'",
    "sqlite": "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' "
              "AND name LIKE 'parkesg\\_%\\_append\\_only\\_update' ESCAPE '\\'",
}  # fmt: skip


def _triggered() -> list[str]:
    with connection.cursor() as cur:
        cur.execute(_TRIGGERED[connection.vendor])
        return sorted(row[0] for row in cur.fetchall())


def _append_only(sql_of: int, tables: list[str]) -> None:
    """Install (0) or remove (1) the append-only triggers (``core.appendonly``) of ``tables``."""
    from parkesg.web.core.appendonly import _trigger_sql

    with connection.cursor() as cur:
        for table in tables:
            for statement in _trigger_sql(table)[connection.vendor][sql_of]:
                cur.execute(statement)


@pytest.fixture
def triggers_back(django_db_blocker):
    """Set up before the committing database, so torn down after its flush: the triggers
    are back for the next test. Yields the tables that carry them (every append-only
    migration's, read from the database: a new one is covered the day it is added)."""
    with django_db_blocker.unblock():
        tables = _triggered()
    assert "audit_auditrecord" in tables
    yield tables
    with django_db_blocker.unblock():
        _append_only(0, tables)


@pytest.fixture
def flushable(triggers_back, transactional_db):
    """This test commits; the flush that empties the database afterwards deletes value
    histories, audit records and published snapshots, which the triggers refuse: lift them
    for it."""
    yield
    _append_only(1, triggers_back)


def test_two_uploads_at_once_neither_fail_nor_lose_a_value(triggers_back, flushable):
    world = build_world()
    barrier = threading.Barrier(2)
    out: list = []
    threads = [threading.Thread(target=_entry, args=(world, v, barrier, out)) for v in (7, 9)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    kinds = sorted(kind for kind, _ in out)
    assert kinds == ["refused", "saved"], out
    saved = next(u for kind, u in out if kind == "saved")
    refused = next(e for kind, e in out if kind == "refused")
    obs = Observation.objects.get(field_id="ent_employees", year=2024)
    assert obs.value == saved.changes.get().new["value"]  # the one saved is the one kept
    assert "他人已填写此值" in refused.errors[0].message  # the other is told, not lost
    assert refused.upload.state == "refused" and obs.revisions.count() == 1

"""Upload of the Excel template in the browser: every error by sheet and cell and nothing
stored (the refusal recorded and audited); the corrected workbook shown old → new, saved as
drafts when confirmed, sent to review, approved by a second person; a workbook of another
entity refused; the template downloaded pre-filled and escaped."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from parkesg.io.workbook import DATA_SHEET, ENTITY_SHEET
from parkesg.web.audit.models import AuditRecord
from parkesg.web.collection.models import EvidenceFile, WorkbookUpload
from parkesg.web.collection.template import template_bytes
from parkesg.web.core.review import ReviewState
from parkesg.web.observations import services
from parkesg.web.observations.models import Observation, ObservationRevision

YEARS = [2022, 2023]  # template columns D (2022), E (2023); F/G 数据来源/证明材料 2022, H/I 2023


def source_col(year: int) -> int:
    return 4 + len(YEARS) + 2 * YEARS.index(year)


def workbook(world, org: str, values: dict, *, units=None, sources=None, entity=None,
             prefilled: bool = False) -> bytes:  # fmt: skip
    """The organisation's own template (as downloaded, blank or ``prefilled`` with the values
    it has) with ``values`` {(field, year): v} typed in — openpyxl edits, no binary fixtures."""
    owner = world.orgs[org]
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(owner, world.user(org), YEARS,
                                                          with_values=prefilled)))  # fmt: skip
    ws = wb[DATA_SHEET]
    row = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}
    for (field, year), value in values.items():
        ws.cell(row[field], 4 + YEARS.index(year), value)
        ws.cell(row[field], source_col(year), (sources or {}).get(field, "园区统计数据"))
    for field, unit in (units or {}).items():
        ws.cell(row[field], 3, unit)
    for key, value in (entity or {}).items():  # 主体编号 B2, 主体名称 B3
        wb[ENTITY_SHEET][key] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def cell(world, org: str, field: str, year: int) -> str:
    """Where a value sits in the template: 数据!E7."""
    ws = openpyxl.load_workbook(io.BytesIO(workbook(world, org, {})))[DATA_SHEET]
    r = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == field)
    return f"{DATA_SHEET}!{'DE'[YEARS.index(year)]}{r}"


def post(client: Client, data: bytes, name: str = "填报.xlsx", **form):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("collection:upload"), {"workbook": upload, **form})


def login(world, org="ent_a1", role="editor") -> Client:
    c = Client()
    c.force_login(world.user(org, role))
    return c


def counts() -> tuple[int, ...]:
    """What an upload may write besides its own record (and the audit of it)."""
    return tuple(m.objects.count() for m in (Observation, ObservationRevision, EvidenceFile))


def confirm(client: Client, page) -> WorkbookUpload:
    """Confirm the upload whose preview ``page`` redirected to."""
    pk = int(page.url.rstrip("/").split("/")[-1])
    client.post(reverse("collection:confirm", args=[pk]))
    return WorkbookUpload.objects.get(pk=pk)


def refusal_recorded(n_problems: int) -> WorkbookUpload:
    """The one refused upload: its problems kept, no file, and an audit record of it."""
    refused = WorkbookUpload.objects.get(state="refused")
    assert len(refused.problems) == n_problems and refused.file is None and refused.sha256
    assert AuditRecord.objects.filter(object_type="collection.workbookupload",
                                      object_id=str(refused.pk)).exists()  # fmt: skip
    return refused


@pytest.fixture
def data_dir(settings, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_every_error_by_sheet_and_cell_and_nothing_stored(world, data_dir):
    bad = workbook(world, "ent_a1", {
        ("ent_output_value", 2023): "一百",  # not a number
        ("ent_energy_consumption", 2023): 12.5,  # unit below cannot become tce
        ("ent_discharge_permit_compliant", 2022): "也许",  # not yes / no
        ("ent_employees", 2022): 120,  # fine on its own — still not stored
    }, units={"ent_energy_consumption": "吨"})  # fmt: skip
    before = counts()
    page = post(login(world), bad)
    html = page.content.decode()
    assert page.status_code == 422 and 'id="upload-errors"' in html
    energy_unit = cell(world, "ent_a1", "ent_energy_consumption", 2023).replace("!E", "!C")
    for ref in (cell(world, "ent_a1", "ent_output_value", 2023), energy_unit,
                cell(world, "ent_a1", "ent_discharge_permit_compliant", 2022)):  # fmt: skip
        assert f'data-cell="{ref}"' in html
    assert html.count("<tr data-cell=") == 3
    assert "“一百” 不是数值" in html
    assert counts() == before
    assert not (data_dir / "evidence").exists()
    refused = refusal_recorded(3)
    assert f'href="/collect/uploads/{refused.pk}/"' in html


def test_one_refused_value_rolls_back_the_values_saved_before_it(world, data_dir):
    editor = world.user("ent_a1", "editor")
    under_review = world.obs["ent_a1"]  # ent_output_value 2023 = 100 万元
    services.review(actor=editor, observation_id=under_review.pk, event="submit")
    before = counts()
    # 2022 (column D) is saved first, then 2023 (column E) is refused: under review
    wb = workbook(world, "ent_a1", {("ent_output_value", 2022): 90,
                                    ("ent_output_value", 2023): 150})  # fmt: skip
    html = post(login(world), wb).content.decode()
    ref = cell(world, "ent_a1", "ent_output_value", 2023)
    assert f'data-cell="{ref}"' in html and "审核中" in html
    assert counts() == before
    assert not Observation.objects.filter(field_id="ent_output_value", year=2022).exists()
    refusal_recorded(1)


def test_corrected_upload_saved_as_drafts_then_submitted_and_approved(world, data_dir):
    good = workbook(world, "ent_a1", {
        ("ent_output_value", 2023): 1.5,  # in 亿元 (below): 1.5 × 10 000 = 15 000 万元
        ("ent_employees", 2022): 120,
        ("ent_discharge_permit_compliant", 2022): "是",
        ("ent_env_credit_colour", 2023): "绿",
    }, units={"ent_output_value": "亿元"}, prefilled=True)  # fmt: skip
    editor = login(world)
    before = counts()
    page = post(editor, good)
    upload = WorkbookUpload.objects.get()
    assert page.status_code == 302 and page.url == reverse(
        "workbookupload_detail", args=[upload.pk]
    )
    # ent_output_value 2023 existed (100 万元) and is corrected; three values are new —
    # shown old → new, and nothing saved until the uploader confirms
    assert (upload.state, upload.created, upload.changed, upload.unchanged) == (
        "pending", 3, 1, 0)  # fmt: skip
    assert counts()[:2] == before[:2]
    preview = editor.get(page.url).content.decode()
    ref = cell(world, "ent_a1", "ent_output_value", 2023)
    row = preview[preview.index(f'data-ref="{ref}"') :]
    row = row[: row.index("</tr>")]
    assert 'class="old nowrap">100 万元</td>' in row and "<strong>15,000 万元</strong>" in row
    assert 'id="confirm-upload"' in preview and 'id="submit-all"' not in preview
    # only the uploader confirms
    login(world, role="admin").post(reverse("collection:confirm", args=[upload.pk]))
    assert WorkbookUpload.objects.get(pk=upload.pk).state == "pending"
    upload = confirm(editor, page)
    assert upload.state == "applied"
    assert upload.file.kind == "xlsx" and upload.file.sha256 and upload.file.size == len(good)
    ent = world.orgs["ent_a1"]
    output = Observation.objects.get(organisation=ent, field_id="ent_output_value", year=2023)
    assert (output.value, output.unit, output.value_std) == (15000.0, "万元", 15000.0)
    assert output.source == "park_statistics" and output.state == ReviewState.draft
    note = output.revisions.order_by("-no").first().note
    assert cell(world, "ent_a1", "ent_output_value", 2023) in note and "亿元" in note
    colour = Observation.objects.get(organisation=ent, field_id="ent_env_credit_colour")
    assert (colour.category, colour.value) == ("绿", None)
    assert Observation.objects.get(field_id="ent_discharge_permit_compliant").value == 1.0
    assert set(upload.observations.values_list("state", flat=True)) == {ReviewState.draft}

    summary = editor.get(page.url).content.decode()
    assert 'id="upload-summary"' in summary and 'id="submit-all"' in summary
    editor.post(reverse("collection:submit-all", args=[upload.pk]))
    assert set(upload.observations.values_list("state", flat=True)) == {ReviewState.submitted}
    assert 'id="submit-all"' not in editor.get(page.url).content.decode()

    # the editor may not approve their own values; the reviewer (a second person) may
    editor.post(reverse("observation_review", args=[output.pk, "approve"]))
    assert Observation.objects.get(pk=output.pk).state == ReviewState.submitted
    reviewer = login(world, role="reviewer")
    for obs in upload.observations.all():
        reviewer.post(reverse("observation_review", args=[obs.pk, "approve"]))
    assert set(upload.observations.values_list("state", flat=True)) == {ReviewState.approved}


def test_same_workbook_again_changes_nothing_and_stores_the_file_once(world, data_dir):
    good = workbook(world, "ent_a1", {("ent_employees", 2022): 120})
    c = login(world)
    confirm(c, post(c, good))
    revisions = ObservationRevision.objects.count()
    post(c, good)
    second = WorkbookUpload.objects.order_by("-id").first()
    assert (second.state, second.created, second.changed, second.unchanged) == (
        "applied", 0, 0, 1)  # nothing to confirm  # fmt: skip
    assert ObservationRevision.objects.count() == revisions
    assert EvidenceFile.objects.count() == 1  # the workbook's content, stored once


def test_blank_source_takes_the_default_or_is_an_error(world, data_dir):
    wb = workbook(world, "ent_a1", {("ent_employees", 2022): 120},
                  sources={"ent_employees": None})  # fmt: skip
    html = post(login(world), wb).content.decode()
    assert f'data-cell="{cell(world, "ent_a1", "ent_employees", 2022)}"' in html
    assert "未填写数据来源" in html and not Observation.objects.filter(year=2022).exists()
    c = login(world)
    confirm(c, post(c, wb, default_source="official"))
    assert Observation.objects.get(field_id="ent_employees").source == "official"


def test_workbook_of_another_entity_is_refused(world, data_dir):
    theirs = template_bytes(world.orgs["ent_a2"], world.user("ent_a2"), YEARS, with_values=False)
    wb = openpyxl.load_workbook(io.BytesIO(theirs))
    wb[DATA_SHEET]["D3"] = 5
    wb[DATA_SHEET]["F3"] = "园区统计数据"  # 数据来源 2022
    out = io.BytesIO()
    wb.save(out)
    before = counts()
    html = post(login(world), out.getvalue()).content.decode()
    assert f'data-cell="{ENTITY_SHEET}"' in html and "不是本组织 “企业A1”" in html
    assert counts() == before
    # the name alone is not enough either: the right id with another name is refused too
    renamed = workbook(world, "ent_a1", {("ent_employees", 2022): 1}, entity={"B3": "企业A2"})
    assert "不是本组织" in post(login(world), renamed).content.decode()


def test_not_a_workbook_is_reported_and_nothing_stored(world, data_dir):
    before = counts()
    html = post(login(world), b"%PDF-1.7 not a workbook", name="数据.xlsx").content.decode()
    assert "不是有效的 .xlsx 文件" in html and 'data-cell=""' in html
    html = post(login(world), b"a,b\n1,2\n", name="数据.csv").content.decode()
    assert "只接受 .xlsx 工作簿" in html
    assert counts() == before


def test_template_download_prefilled_and_escaped(world):
    ent = world.orgs["ent_a1"]
    ent.name = '=HYPERLINK("http://x")企业'  # a name that a spreadsheet would run
    ent.save()
    c = login(world)
    got = c.get(reverse("collection:template") + "?years=2022,2023&values=1")
    assert got.status_code == 200 and got["Content-Disposition"].startswith("attachment;")
    wb = openpyxl.load_workbook(io.BytesIO(got.content))
    assert wb[ENTITY_SHEET]["B2"].value == ent.credit_code
    assert wb[ENTITY_SHEET]["B3"].value == '\'=HYPERLINK("http://x")企业'  # escaped
    ws = wb[DATA_SHEET]
    r = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == "ent_output_value")
    # the existing 2023 value (column E) with its own 数据来源 2023 (column H)
    assert (ws.cell(r, 5).value, ws.cell(r, source_col(2023)).value) == (100, "园区统计数据")
    assert ws.cell(r, source_col(2022)).value is None
    assert c.get(reverse("collection:template") + "?years=20x3").status_code == 400


def test_downloaded_template_uploads_back_unchanged(world, data_dir):
    c = login(world)
    got = c.get(reverse("collection:template") + "?years=2023&values=1")
    post(c, got.content)
    upload = WorkbookUpload.objects.get()
    assert (upload.state, upload.created, upload.changed, upload.unchanged) == ("applied", 0, 0, 1)


def test_who_may_upload(world):
    for org, role, status in [("ent_a1", "admin", 200), ("park_a", "editor", 200),
                              ("ent_a1", "viewer", 403), ("ent_a1", "reviewer", 403),
                              ("bank_ok", "editor", 403), ("gov_cz", "admin", 403)]:  # fmt: skip
        assert login(world, org, role).get(reverse("collection:upload")).status_code == status
    wb = workbook(world, "ent_a1", {("ent_employees", 2022): 1})
    assert post(login(world, role="viewer"), wb).status_code == 403
    assert not Observation.objects.filter(field_id="ent_employees").exists()


def test_api_upload_errors_and_success(world, data_dir):
    c = login(world)
    bad = workbook(world, "ent_a1", {("ent_employees", 2022): "很多"})
    got = c.post("/api/uploads", {"workbook": _named(bad)})
    assert got.status_code == 422
    ref = cell(world, "ent_a1", "ent_employees", 2022)
    assert [e["ref"] for e in got.json()["errors"]] == [ref]
    good = workbook(world, "ent_a1", {("ent_employees", 2022): 12})
    made = c.post("/api/uploads", {"workbook": _named(good)})
    assert made.status_code == 201 and made.json()["created"] == 1
    assert made.json()["state"] == "pending"
    [change] = made.json()["changes"]
    assert (change["ref"], change["old"], change["new"]["value"]) == (ref, None, 12.0)
    saved = c.post(f"/api/uploads/{made.json()['id']}/confirm")
    assert saved.status_code == 200 and saved.json()["state"] == "applied"
    sent = c.post(f"/api/uploads/{made.json()['id']}/submit")
    assert sent.json() == {"submitted": 1}
    assert login(world, "ent_b1").get(f"/api/uploads/{made.json()['id']}").status_code == 404


def _named(data: bytes, name: str = "填报.xlsx") -> io.BytesIO:
    f = io.BytesIO(data)
    f.name = name
    return f

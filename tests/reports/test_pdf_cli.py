"""`parkesg report` from the command line, PDF through LibreOffice (installed by `make office`),
and the charts."""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest
from PIL import Image
from typer.testing import CliRunner

from parkesg.cli.main import app
from parkesg.demo.engagement import demo_engagement
from parkesg.io.engagement import write_engagement_template
from parkesg.reports import charts
from parkesg.reports.pdf import to_pdf

runner = CliRunner()


@pytest.fixture(scope="module")
def engagements(tmp_path_factory):
    folder = tmp_path_factory.mktemp("eng")
    return {
        k: write_engagement_template(k, folder / f"{k}.xlsx", engagement=demo_engagement(k))
        for k in ("cppc", "beijing")
    }


def _cppc_pdf(demo_inputs, engagements, out: Path) -> list[str]:
    park, eng = str(demo_inputs["park"]), str(engagements["cppc"])
    energy = ["--energy", str(demo_inputs["energy"])]  # the energy-flow chart goes in the PDF too
    return ["report", "cppc", park, eng, "-o", str(out), "--pdf", *energy]


def _fonts(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    return [line.split() for line in out.stdout.splitlines()[2:]]


def test_cli_writes_docx_and_pdf_with_embedded_cjk_fonts(demo_inputs, engagements, tmp_path):
    out = tmp_path / "审核报告.docx"
    res = runner.invoke(app, _cppc_pdf(demo_inputs, engagements, out))
    assert res.exit_code == 0, res.output
    pdf = out.with_suffix(".pdf")
    assert pdf.exists() and docx.Document(str(out)).paragraphs
    fonts = _fonts(pdf)
    assert any("CJK" in f[0] for f in fonts)
    # columns: name type [encoding…] emb sub uni object ID — every font embedded
    assert all(f[-5] == "yes" for f in fonts), fonts
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "清洁生产审核报告" in text and "园区工业增加值三年年均增长率" in text


def test_beijing_cli_writes_report_and_three_forms_as_docx_and_pdf(
    demo_inputs, engagements, tmp_path
):
    out = tmp_path / "bj.docx"
    park, eng = str(demo_inputs["park"]), str(engagements["beijing"])
    res = runner.invoke(app, ["report", "beijing", park, eng, "-o", str(out), "--pdf"])
    assert res.exit_code == 0, res.output
    names = ["bj-附件2-2保密承诺书", "bj-附件2-3绿色诊断评估工作确认单",
             "bj-附件2-4绿色诊断服务工作满意度评价表", "bj"]  # fmt: skip
    assert sorted(p.name for p in tmp_path.glob("*.docx")) == [f"{n}.docx" for n in names]
    for n in names:  # every document converts, with every font embedded
        fonts = _fonts(tmp_path / f"{n}.pdf")
        assert fonts and all(f[-5] == "yes" for f in fonts), n


def test_cli_uses_a_user_template(demo_inputs, engagements, tmp_path):
    tpl = tmp_path / "mine.docx"
    d = docx.Document()
    d.add_paragraph("某某咨询公司 {{ park_name }} {{ indicators|length }} 项指标")
    d.save(str(tpl))
    out = tmp_path / "r.docx"
    park, eng = str(demo_inputs["park"]), str(engagements["cppc"])
    res = runner.invoke(app, ["report", "cppc", park, eng, "-o", str(out), "--template", str(tpl)])
    assert res.exit_code == 0, res.output
    assert (
        docx.Document(str(out)).paragraphs[0].text
        == "某某咨询公司 江南示范经济技术开发区 26 项指标"
    )


def test_parallel_conversions_do_not_collide(tmp_path):
    files = []
    for n in range(2):
        d = docx.Document()
        d.add_paragraph(f"并行转换 {n}")
        files.append(tmp_path / f"p{n}.docx")
        d.save(str(files[-1]))
    with ThreadPoolExecutor(2) as pool:
        pdfs = list(pool.map(to_pdf, files))
    assert all(p.exists() and p.stat().st_size > 0 for p in pdfs)


def test_missing_libreoffice_is_one_chinese_line(demo_inputs, engagements, tmp_path, monkeypatch):
    monkeypatch.setattr("parkesg.reports.pdf.shutil.which", lambda name: None)
    out = tmp_path / "r.docx"
    res = runner.invoke(app, _cppc_pdf(demo_inputs, engagements, out))
    assert res.exit_code == 2 and "未找到 LibreOffice" in res.output
    assert "Traceback" not in res.output


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["nope"], "报告类型 “nope” 无效"),
        (["beijing"], "项目信息填报表的类型是 cppc"),
        (["cppc", "--template", "/no/such.docx"], "报告模板不存在"),
    ],
)
def test_cli_bad_input_exits_2(demo_inputs, engagements, tmp_path, args, needle):
    kind, *rest = args
    cmd = [
        "report",
        kind,
        str(demo_inputs["park"]),
        str(engagements["cppc"]),
        "-o",
        str(tmp_path / "x.docx"),
        *rest,
    ]
    res = runner.invoke(app, cmd)
    assert res.exit_code == 2 and needle in res.output, res.output


def test_report_template_export(tmp_path):
    res = runner.invoke(app, ["report-template", "export", "beijing-2-3", str(tmp_path)])
    assert res.exit_code == 0 and (tmp_path / "beijing-2-3.docx").exists()
    bad = runner.invoke(app, ["report-template", "export", "xx", str(tmp_path)])
    assert bad.exit_code == 2 and "没有名为 “xx” 的报告模板" in bad.output


def test_charts_are_print_resolution_pngs(tmp_path):
    items = [charts.Benchmark("工业增加值三年年均增长率", "%", 7.86, 10, 15)]
    for png in (
        charts.benchmark_bars(items, tmp_path / "b.png"),
        charts.radar(["EG", "RG", "IG"], [73.5, None, 111.1], tmp_path / "r.png", top=120),
        charts.trend_lines(
            [2021, 2022, 2023], {"EG": [70, None, 73.5]}, tmp_path / "t.png", ylabel="得分"
        ),
        charts.peer_distribution(
            [50, 60, 70, 80], 72, tmp_path / "p.png", label="本企业", xlabel="总分"
        ),
    ):
        with Image.open(png) as im:
            assert im.format == "PNG"
            assert [round(x) for x in im.info["dpi"]] == [300, 300]


def test_charts_fail_clearly_without_a_cjk_font(monkeypatch):
    charts.cjk_font.cache_clear()
    monkeypatch.setattr(charts, "CJK_FAMILIES", ("No Such CJK Font",))
    monkeypatch.setattr(charts.font_manager, "findSystemFonts", lambda: [])
    try:
        with pytest.raises(charts.FontMissing, match="fonts-noto-cjk"):
            charts.cjk_font()
    finally:
        charts.cjk_font.cache_clear()

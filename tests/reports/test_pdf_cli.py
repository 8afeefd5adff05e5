"""`parkesg report` and `parkesg pdf` from the command line, PDF through LibreOffice (installed
by `make office`): every file written, commas kept at line ends, no number broken across
lines, the project's fonts embedded; and the charts at print size."""

from __future__ import annotations

import json
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image
from report_helpers import KINDS
from typer.testing import CliRunner

from parkesg.cli.main import app
from parkesg.demo.engagement import demo_engagement
from parkesg.io.engagement import write_engagement_template
from parkesg.reports import charts
from parkesg.reports.pdf import to_pdf

runner = CliRunner()
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+")


@pytest.fixture(scope="module")
def engagements(tmp_path_factory, enterprises):
    folder = tmp_path_factory.mktemp("eng")
    name = str(enterprises[enterprises.entity_id == "E0000001"].name.iloc[0])
    out = {k: write_engagement_template(k, folder / f"{k}.xlsx", engagement=demo_engagement(k))
           for k in ("cppc", "beijing", "esc")}  # fmt: skip
    out["jdfa"] = write_engagement_template(
        "jdfa", folder / "jdfa.xlsx", engagement=demo_engagement("jdfa", enterprise_name=name)
    )
    return out


@pytest.fixture(scope="module")
def pdfs(written, tmp_path_factory):
    """Every demo file converted: the four reports, the Beijing forms, the certificate."""
    folder = tmp_path_factory.mktemp("pdf")
    files = [f for k in KINDS for f in written[k].files]
    with ThreadPoolExecutor(2) as pool:
        return {f.name: (f, pdf) for f, pdf in zip(files, pool.map(
            lambda f: to_pdf(f, folder / f.with_suffix(".pdf").name), files), strict=True)}  # fmt: skip


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _docx_text(path: Path) -> str:
    d = docx.Document(str(path))
    return "".join(t.text or "" for t in d.element.body.iter(qn("w:t")))


def _fonts(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    return [line.split() for line in out.stdout.splitlines()[2:]]


def _paragraphs(path: Path) -> list[str]:
    """The text of each paragraph outside tables (it flows in order in the PDF)."""
    body = docx.Document(str(path)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iterchildren(qn("w:p"))]


def test_every_pdf_keeps_its_commas_and_breaks_no_number(pdfs):
    for name, (source, pdf) in pdfs.items():
        words, text = _docx_text(source), _text(pdf)
        # no comma dropped (a table's repeated header row may only add some) …
        assert text.count("，") >= words.count("，"), name
        # … and every paragraph with commas is in the PDF whole, its line-end commas too
        pages = re.sub(r"(?m)^\s*－\s*\d+\s*－\s*$", "", text)  # the page numbers
        flat = re.sub(r"\s+", "", pages)
        for para in _paragraphs(source):
            if "，" in para:
                assert re.sub(r"\s+", "", para) in flat, (name, para)
        body = docx.Document(str(source)).element.body
        cells = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]
        numbers = {n for c in cells for n in NUMBER.findall(c)}
        assert numbers or "附件2" in name, name  # the forms print no figures
        lines = set(text.splitlines())
        for number in numbers:  # each printed whole on one line, never “1,217,” / “713.80”
            assert any(number in line for line in lines), (name, number)


def test_every_pdf_embeds_the_projects_cjk_fonts(pdfs):
    for name, (_, pdf) in pdfs.items():
        fonts = _fonts(pdf)
        assert any("CJK" in f[0] for f in fonts), name
        assert all(f[-5] == "yes" for f in fonts), (name, fonts)  # every font embedded
        assert not any("DejaVu" in f[0] for f in fonts), name  # no fallback sans serif


def test_form_2_2_is_one_page_with_its_signature(pdfs):
    for name, (_, pdf) in pdfs.items():
        if "附件2" in name or "证书" in name:
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
            assert re.search(r"Pages:\s+1\n", info), name
    pledge = next(pdf for n, (_, pdf) in pdfs.items() if "保密承诺书" in n)
    assert "诊断服务商（加盖公章）" in _text(pledge)


def test_cli_report_from_data_writes_every_file(demo_inputs, engagements, tmp_path):
    out = tmp_path / "bj.docx"
    park, eng = str(demo_inputs["park"]), str(engagements["beijing"])
    res = runner.invoke(app, ["report", "beijing", park, eng, "-o", str(out)])
    assert res.exit_code == 0, res.output
    names = ["bj-附件2-2保密承诺书", "bj-附件2-3绿色诊断评估工作确认单",
             "bj-附件2-4绿色诊断服务工作满意度评价表", "bj"]  # fmt: skip
    assert sorted(p.name for p in tmp_path.glob("*.docx")) == [f"{n}.docx" for n in names]
    assert res.output.count("已写出") == 4


def test_cli_report_from_a_result_file_is_the_same_report(demo_inputs, engagements, tmp_path):
    """`assess --format json` writes the stored result; `report` reads it, not the data."""
    park = str(demo_inputs["park"])
    sel = "1,2,5,7,9,10,12,13,14,15,17,18,19,21,22,23,24,25,26"
    res = runner.invoke(app, ["assess", "t-cppc-park-cpa", park, "--year", "2021", "--year", "2022",
                              "--year", "2023", "--select", sel, "--format", "json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    result = tmp_path / "run.json"
    result.write_text(res.output, encoding="utf-8")
    docs = json.loads(res.output)
    assert docs[-1]["options"]["selected"] and docs[-1]["edition"]["sha256"]
    eng = str(engagements["cppc"])
    a, b = tmp_path / "from-json.docx", tmp_path / "from-data.docx"
    assert runner.invoke(app, ["report", "cppc", str(result), eng, "-o", str(a)]).exit_code == 0
    res = runner.invoke(app, ["report", "cppc", park, eng, "-o", str(b), "--select", sel])
    assert res.exit_code == 0, res.output
    assert _docx_text(a) == _docx_text(b)
    text = _docx_text(a)
    assert "本次评价选定指标 19 项（必选 13 项、可选 6 项）" in text  # the run's selection
    assert "人均工业增加值" in text and "园区工业增加值三年年均增长率" not in text  # 3 not chosen
    bad = runner.invoke(app, ["report", "cppc", str(result), eng, "-o", str(a), "--select", sel])
    assert bad.exit_code == 2 and "评价结果文件已含评价时的选项" in bad.output


def test_cli_jdfa_certificate_needs_a_confirmation(demo_inputs, engagements, tmp_path):
    data = tmp_path / "ents.parquet"
    import pandas as pd

    pd.read_parquet(demo_inputs["enterprises"]).head(300).to_parquet(data)
    args = ["report", "jdfa", str(data), str(engagements["jdfa"]), "--entity", "E0000001"]
    res = runner.invoke(app, [*args, "-o", str(tmp_path / "r.docx")])
    assert res.exit_code == 0, res.output
    assert "未出具评价证书" in res.output and not (tmp_path / "r-评价证书.docx").exists()
    ok = tmp_path / "confirmed.yaml"
    ok.write_text("confirmed_by: 周明远\ndate: 2025-06-20\nitems: [weights, indicators]\n",
                  encoding="utf-8")  # fmt: skip
    res = runner.invoke(app, [*args, "-o", str(tmp_path / "c.docx"), "--confirmed", str(ok)])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "c-评价证书.docx").exists()
    bad = tmp_path / "bad.yaml"
    bad.write_text("confirmed_by: x\ndate: 2025-06-20\nitems: [everything]\n", encoding="utf-8")
    res = runner.invoke(app, [*args, "--confirmed", str(bad)])
    assert res.exit_code == 2 and "items" in res.output
    many = runner.invoke(app, ["report", "jdfa", str(data), str(engagements["jdfa"])])
    assert many.exit_code == 2 and "请用 --entity 指定报告对象" in many.output


def test_cli_refuses_a_report_whose_engagement_breaks_a_rule(demo_inputs, tmp_path):
    eng = demo_engagement("cppc")
    targets = [t.model_copy() for t in eng.targets]
    targets[1] = targets[1].model_copy(update={"near": 0.2})  # indicator 5 is a % at 92
    eng = eng.model_copy(update={"targets": targets})
    path = write_engagement_template("cppc", tmp_path / "e.xlsx", engagement=eng)
    res = runner.invoke(app, ["report", "cppc", str(demo_inputs["park"]), str(path),
                              "-o", str(tmp_path / "r.docx")])  # fmt: skip
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert "工作表 清洁生产目标，第 4 行" in res.output and "像是小数写法" in res.output
    assert not (tmp_path / "r.docx").exists()


def test_cli_pdf_converts_any_report_with_the_projects_fonts(written, tmp_path):
    src = tmp_path / "r.docx"
    src.write_bytes(written["esc"].files[0].read_bytes())
    res = runner.invoke(app, ["pdf", str(src), "-o", str(tmp_path / "out.pdf")])
    assert res.exit_code == 0, res.output
    fonts = _fonts(tmp_path / "out.pdf")
    assert any("NotoSerifCJK" in f[0] or "NotoSansCJK" in f[0] for f in fonts)
    bad = runner.invoke(app, ["pdf", str(tmp_path / "none.docx")])
    assert bad.exit_code == 2 and "文件不存在" in bad.output


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
    args = ["report", "esc", str(demo_inputs["park"]), str(engagements["esc"]), "-o", str(out)]
    res = runner.invoke(app, [*args, "--pdf"])
    assert res.exit_code == 2 and "未找到 LibreOffice" in res.output
    assert "Traceback" not in res.output


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["nope"], "报告类型 “nope” 无效"),
        (["beijing"], "项目信息填报表的类型是 cppc"),
        (["cppc", "--template", "/no/such.docx"], "报告模板不存在"),
        (["cppc", "--photo", "/no/such.jpg"], "园区形象照片不存在"),
    ],
)
def test_cli_bad_input_exits_2(demo_inputs, engagements, tmp_path, args, needle):
    kind, *rest = args
    cmd = ["report", kind, str(demo_inputs["park"]), str(engagements["cppc"]),
           "-o", str(tmp_path / "x.docx"), *rest]  # fmt: skip
    res = runner.invoke(app, cmd)
    assert res.exit_code == 2 and needle in res.output, res.output


def test_report_template_export(tmp_path):
    res = runner.invoke(app, ["report-template", "export", "beijing-2-3", str(tmp_path)])
    assert res.exit_code == 0 and (tmp_path / "beijing-2-3.docx").exists()
    bad = runner.invoke(app, ["report-template", "export", "xx", str(tmp_path)])
    assert bad.exit_code == 2 and "没有名为 “xx” 的报告模板" in bad.output


def test_charts_are_print_resolution_and_drawn_at_print_size(tmp_path):
    items = [charts.Benchmark("3", "园区工业增加值三年年均增长率", "%", 7.86, 10, 15)]
    bands = [charts.Band("A", 60, 75, "平均"), charts.Band("BBB", 45, 60, "平均")]
    for png, width_mm in (
        (charts.benchmark_bars(items, tmp_path / "b.png", width_mm=156), 156),
        (
            charts.radar(
                ["能源利用绿色化指标", "资源利用", "基础设施"],
                [73.5, None, 111.1],
                tmp_path / "r.png",
                top=120,
                width_mm=120,
            ),
            120,
        ),  # fmt: skip
        (
            charts.trend_lines(
                [2021, 2022, 2023],
                {"能源利用": [70, None, 73.5]},
                tmp_path / "t.png",
                ylabel="得分",
                width_mm=156,
            ),
            156,
        ),  # fmt: skip
        (
            charts.peer_histogram(
                [0, 50, 100],
                [3, 4],
                72,
                tmp_path / "p.png",
                bands=bands,
                label="本企业",
                width_mm=156,
            ),
            156,
        ),  # fmt: skip
        (charts.progress_bars([("1 清洁能源消费比例", 43.3)], tmp_path / "k.png"), 156),
    ):
        with Image.open(png) as im:
            assert [round(x) for x in im.info["dpi"]] == [300, 300]
            # drawn at (about) the width it is printed at: its 9 pt labels print at ≥ 8 pt
            printed = im.size[0] / 300 * 25.4
            assert printed == pytest.approx(width_mm, rel=0.12), png
    assert charts.FONT_PT >= charts.MIN_PT == 8


def test_charts_fail_clearly_without_a_cjk_font(monkeypatch):
    charts.cjk_font.cache_clear()
    monkeypatch.setattr(charts, "CJK_FAMILIES", ("No Such CJK Font",))
    monkeypatch.setattr(charts.font_manager, "findSystemFonts", lambda: [])
    try:
        with pytest.raises(charts.FontMissing, match="fonts-noto-cjk"):
            charts.cjk_font()
    finally:
        charts.cjk_font.cache_clear()

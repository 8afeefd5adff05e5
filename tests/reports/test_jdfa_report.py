"""The T/JDFA01 rating report and certificate: grades and scores from to_json, written beside
comprehensive rating with the on-site adjustments (6.10–6.11), peers, sources (6.7)."""

from __future__ import annotations

import docx
import pandas as pd
import pytest
from typer.testing import CliRunner

from parkesg import service
from parkesg.cli.main import app
from parkesg.demo.engagement import demo_engagement
from parkesg.explain import to_json
from parkesg.io.engagement import read_engagement, write_engagement_template
from parkesg.reports.write import write_report

ENTITY = "E0000001"


@pytest.fixture(scope="module")
def enterprises(demo_inputs):
    # the first 300 of the demo batch: enough peers, quick to rate
    return pd.read_parquet(demo_inputs["enterprises"]).head(300)


def _adjust(no_to_id):
    return pd.DataFrame([{"entity_id": ENTITY, "year": "2024", "indicator_id": no_to_id,
                          "score": "0", "reason": "现场核查：证明材料与实际不符",
                          "evaluator": "张三", "date": "2025-06-18"}])  # fmt: skip


@pytest.fixture(scope="module")
def report(enterprises, tmp_path_factory):
    out = tmp_path_factory.mktemp("jdfa") / "rating.docx"
    eng = demo_engagement("jdfa", enterprise_name=str(enterprises.name.iloc[0]))
    files = write_report("jdfa", enterprises, None, eng, out, entity=ENTITY,
                         adjustments=_adjust("process_type"))  # fmt: skip
    result = service.assess("t-jdfa-01-2025", enterprises, adjustments=_adjust("process_type"))
    return files, to_json(result.only(ENTITY))[0]


def test_rating_report_holds_written_and_comprehensive_rating(report):
    files, doc = report
    d = docx.Document(str(files[0]))
    heads = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert heads == ["一、评价概况", "二、评价结果", "三、维度得分", "四、三级指标得分", "五、同业比较",
                     "六、书面评价与综合评价", "七、评价信息来源"]  # fmt: skip
    result = next(t for t in d.tables if t.rows[0].cells[0].text == "评价")
    rows = [[c.text for c in r.cells] for r in result.rows[1:]]
    assert rows == [
        ["书面评价（6.11 b）", f"{doc['total']:.1f}（暂定）", doc["grade"]],
        [
            "综合评价（6.11 c）",
            f"{doc['comprehensive']['total']:.1f}（暂定）",
            doc["comprehensive"]["grade"],
        ],
    ]
    adj = next(t for t in d.tables if t.rows[0].cells[0].text == "指标" and len(t.columns) == 6)
    assert [c.text for c in adj.rows[1].cells][2:5] == [
        "0.0",
        "现场核查：证明材料与实际不符",
        "张三",
    ]
    indicators = next(
        t
        for t in d.tables
        if [c.text for c in t.rows[0].cells][:4] == ["序号", "指标", "数值", "得分"]
    )
    assert len(indicators.rows) == 1 + 58
    first = doc["indicators"][0]
    assert [c.text for c in indicators.rows[1].cells][:5] == [
        "1", "工艺类型（暂定）", first["value"], f"{first['score']:.1f}", "分类赋分"]  # fmt: skip
    text = "\n".join(p.text for p in d.paragraphs)
    assert "a) 企业清洁生产审核验收报告；" in text and "本次参评企业" in text


def test_certificate_is_one_page_with_the_final_grade(report):
    files, doc = report
    cert = docx.Document(str(files[1]))
    grade = next(p.text for p in cert.paragraphs if p.style.name == "Grade")
    assert grade == doc["comprehensive"]["grade"]  # the comprehensive rating when there is one
    text = "\n".join(p.text for p in cert.paragraphs)
    assert "证书编号：JDFA-ESG-2025-0001" in text
    assert not any(
        "w:br" in r._r.xml and 'type="page"' in r._r.xml for p in cert.paragraphs for r in p.runs
    )


def test_jdfa_engagement_round_trip_and_cli(enterprises, tmp_path):
    eng = demo_engagement("jdfa", enterprise_name="宿迁金科印染有限公司")
    path = write_engagement_template("jdfa", tmp_path / "e.xlsx", engagement=eng)
    assert read_engagement(path) == eng
    data = tmp_path / "ents.parquet"
    enterprises.to_parquet(data)
    out = tmp_path / "r.docx"
    res = CliRunner().invoke(
        app, ["report", "jdfa", str(data), str(path), "-o", str(out), "--entity", ENTITY]
    )
    assert res.exit_code == 0, res.output
    assert (tmp_path / "r-评价证书.docx").exists()
    many = CliRunner().invoke(app, ["report", "jdfa", str(data), str(path), "-o", str(out)])
    assert many.exit_code == 2 and "请用 --entity 指定报告对象" in many.output

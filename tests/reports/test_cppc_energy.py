"""The energy part of the T/CPPC audit report (5.3.2 (2) ② 能源利用分析, (3) ① 碳排放):
the park energy balance, the carbon inventory by carrier and the energy-flow chart in 4.1 现状
调查 (附件2 2.4.1), from the six demo enterprises' activity data (demo/energy.py), 2023."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from parkesg.cli.main import app
from parkesg.demo.energy import demo_energy
from parkesg.demo.engagement import demo_engagement
from parkesg.io.engagement import write_engagement_template
from parkesg.reports.write import write_report

runner = CliRunner()


def _table(d, *head):
    [t] = [t for t in d.tables if [c.text for c in t.rows[0].cells][: len(head)] == list(head)]
    return {r.cells[0].text: [c.text for c in r.cells] for r in t.rows[1:]}


def _pictures(d) -> int:
    return len(d.element.body.findall(f".//{qn('w:drawing')}"))


@pytest.fixture(scope="module")
def with_energy(written):
    return docx.Document(str(written["cppc"].files[0]))


@pytest.fixture(scope="module")
def without_energy(runs, tmp_path_factory):
    out = tmp_path_factory.mktemp("cppc-plain") / "audit.docx"
    write_report("cppc", runs["cppc"], demo_engagement("cppc"), out)
    return docx.Document(str(out))


def test_energy_part_sits_in_4_1_and_numbers_follow(with_energy, without_energy):
    texts = [p.text for p in with_energy.paragraphs]
    survey, evaluation = texts.index("4.1 现状调查"), texts.index("4.2 清洁生产评价")
    captions = [
        p.text for p in with_energy.paragraphs if p.style.name in ("Caption", "Figure Caption")
    ]
    assert "表 4-2 园区能源平衡表（2023 年）" in captions
    assert "表 4-3 碳排放清单（按能源品种，2023 年）" in captions
    assert "图 4-1 园区能源流向图（能源品种 → 用能主体）" in captions
    assert survey < texts.index("图 4-1 园区能源流向图（能源品种 → 用能主体）") < evaluation
    assert "表 4-4 园区清洁生产评价指标对标结果（2023 年）" in captions
    # without activity data the part is left out and the indicator table is 表 4-2
    plain = [p.text for p in without_energy.paragraphs if p.style.name == "Caption"]
    assert "表 4-2 园区清洁生产评价指标对标结果（2023 年）" in plain
    assert not any("能源平衡" in c for c in plain)
    assert _pictures(with_energy) == _pictures(without_energy) + 1  # the energy-flow chart


def test_balance_table_is_hand_computable(with_energy):
    rows = _table(with_energy, "能源品种", "实物量", "单位", "当量值（tce）")
    # raw coal 2023: 26,500 t (特钢) + 57,500 t (化工) = 84,000 t × 0.7143 tce/t = 60,001.2 tce;
    # share 60,001.2 / 379,462.43 = 15.8 %; two enterprises burn it
    assert rows["原煤"] == ["原煤", "84,000.00", "t", "60,001.20", "60,001.20", "15.8", "2"]
    # purchased power 40,100 + 22,600 + 18,700 + 28,900 + 10,900 + 7,150 = 128,350 万kWh
    # × 1.229 tce/万kWh (0.1229 kgce/kWh, 当量值) = 157,742.15 tce; 等价值 2023: no coefficient
    assert rows["外购电力"][:5] == ["外购电力", "128,350.00", "万kWh", "157,742.15", "—"]
    # natural gas 1,010 + 2,480 + 1,560 + 1,090 + 350 = 6,490 万m³ × 12.143 = 78,808.07 tce
    assert rows["天然气"][3] == "78,808.07"
    # the total: 60,001.2 + 47,404.32 (焦炭 48,800 × 0.9714) + 1,714.32 + 203.05 + 119.48
    # + 291.43 + 78,808.07 + 157,742.15 + 1,432.2 (热力 42,000 GJ × 0.0341) + 27,198.9
    # (蒸汽 211,500 t × 0.1286) + 4,547.3 (自发自用 3,700 万kWh × 1.229) = 379,462.43 tce
    assert rows["合计（综合能耗）"][3:7] == ["379,462.43", "—", "100.0", "6"]


def test_carbon_inventory_by_carrier(with_energy):
    rows = _table(with_energy, "能源品种", "范围", "实物量", "单位", "排放因子（tCO₂/单位）")
    # 84,000 t × 1.9003 tCO2/t = 159,625.2 tCO2, 13.1 % of 1,217,713.8
    assert rows["原煤"] == ["原煤", "范围一", "84,000.00", "t", "1.9003", "159,625.20", "13.1"]
    # 128,350 万kWh × 5.306 tCO2/万kWh (0.5306 kg/kWh, national 2023) = 681,025.1 tCO2
    assert rows["外购电力"][1:6] == ["范围二", "128,350.00", "万kWh", "5.3060", "681,025.10"]
    assert rows["合计"][5:] == ["1,217,713.80", "100.0"]


def test_summary_and_coefficient_note(with_energy):
    text = "\n".join(p.text for p in with_energy.paragraphs)
    assert "6 个用能主体综合能耗 379,462.43 tce（当量值），等价值因缺少系数不可计算" in text
    assert "能源平衡见表 4-2，按能源品种的碳排放清单见表 4-3，能源流向见图 4-1" in text
    assert "以外购电力 41.6%、天然气 20.8%、原煤 15.8%为主" in text
    assert "主要用能主体为示范特钢有限公司、示范化工有限公司、示范新材料有限公司" in text
    assert "GB/T 2589—2008" in text and "暂定值" in text
    assert "外购电力折标准煤系数（等价值）" in text  # the gap is named, not hidden


def test_activity_data_without_the_audit_year_is_said_so(runs, tmp_path):
    old = demo_energy()
    old = old[old.year < 2023]
    out = tmp_path / "audit.docx"
    write_report("cppc", runs["cppc"], demo_engagement("cppc"), out, energy=old)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "能源活动数据中没有 2023 年的数据" in text and "能源平衡表（2023 年）" not in text


def test_cli_energy_only_for_cppc(demo_inputs, tmp_path):
    eng = write_engagement_template(
        "beijing", tmp_path / "bj.xlsx", engagement=demo_engagement("beijing")
    )
    args = ["report", "beijing", str(demo_inputs["park"]), str(eng), "-o", str(tmp_path / "r.docx")]
    res = runner.invoke(app, [*args, "--energy", str(demo_inputs["energy"])])
    assert res.exit_code == 2 and "--energy 只用于 cppc 报告" in res.output

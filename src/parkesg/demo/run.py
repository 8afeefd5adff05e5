"""`parkesg demo`: write a demo folder, run all four frameworks, print a summary.

One park workbook feeds T/CPPC, the Beijing guide and T/ESC 001 (the shared field catalogue
at work); a seeded batch of enterprises is rated under T/JDFA01. The workbook is read back
through the same validated import a user's upload goes through.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from parkesg import service, stored
from parkesg.cli.data import load_data, load_targets
from parkesg.frameworks import load_catalogue, load_framework
from parkesg.io.tables import write_table
from parkesg.io.template import write_template

N_ENTERPRISES = 2000


def write_demo_inputs(folder: Path) -> dict[str, Path]:
    """The demo park workbook, its T/ESC targets and a seeded enterprise batch."""
    from parkesg.demo.energy import demo_energy
    from parkesg.demo.enterprises import write_enterprises
    from parkesg.demo.park import demo_park, demo_park_profile, demo_targets

    folder.mkdir(parents=True, exist_ok=True)
    profile = demo_park_profile()
    park_fields = [f for f in load_catalogue().values() if f.entity_kind == "park"]
    paths = {
        "park": folder / "park.xlsx",
        "targets": folder / "targets.csv",
        "enterprises": folder / "enterprises.parquet",
        "energy": folder / "park-energy.csv",
    }
    write_template(
        park_fields,
        paths["park"],
        years=list(profile["years"]),
        entity_id=profile["entity_id"],
        entity_name=profile["name"],
        title=f"{profile['name']} 园区数据",
        industry=profile["industry"],
        region=profile["region"],
        values=demo_park(),
    )
    write_table(demo_targets(), paths["targets"])
    write_table(demo_energy(), paths["energy"])
    write_enterprises(paths["enterprises"], N_ENTERPRISES, seed=2025)
    return paths


def run_demo(folder: Path, *, console: Console) -> None:
    paths = write_demo_inputs(folder)
    results = folder / "results"
    results.mkdir(exist_ok=True)
    con = service.connect()
    console.print(
        f"[bold]parkesg 示例[/bold] — 数据写在 {folder}/（园区填报表、目标值表、企业批量数据）"
    )

    wide, obs = load_data(paths["park"])
    runs = {
        "t-cppc-park-cpa": service.assess("t-cppc-park-cpa", wide, years=[2023], con=con),
        "bj-green-diagnosis": service.assess(
            "bj-green-diagnosis", wide, years=[2021, 2022, 2023], con=con
        ),
        "t-esc-001-2024": service.assess(
            "t-esc-001-2024", wide, years=[2023], targets=load_targets(paths["targets"]), con=con
        ),
    }
    targets = {"t-esc-001-2024": load_targets(paths["targets"])}
    for fid, res in runs.items():  # the stored documents, as `parkesg assess --format json`
        docs = stored.documents(res, obs, frame=wide, targets=targets.get(fid))
        (results / f"{fid}.json").write_text(
            json.dumps(docs, ensure_ascii=False, indent=2, default=str),
            encoding="utf-8",
        )
        write_table(res.indicators, results / f"{fid}.csv")
    _cppc(console, runs["t-cppc-park-cpa"])
    _beijing(console, runs["bj-green-diagnosis"])
    _esc(console, runs["t-esc-001-2024"])

    _reports(folder, wide, obs, console)

    enterprises = pd.read_parquet(paths["enterprises"])
    _rating_report(folder, enterprises, console)
    jdfa = service.assess("t-jdfa-01-2025", enterprises, con=con)
    write_table(jdfa.totals, results / "t-jdfa-01-2025-totals.csv")
    _jdfa(console, jdfa)
    _energy(console, paths["energy"], results)
    console.print(f"结果已写出：{results}/（JSON 含每个数值的追溯信息）")


def _reports(folder: Path, wide: pd.DataFrame, obs: pd.DataFrame, console: Console) -> None:
    """The engagement workbooks a consultant fills, and the Word reports written from them
    (read back through the validated import, as a user's would be)."""
    from parkesg.demo.engagement import demo_engagement
    from parkesg.io.engagement import read_engagement, write_engagement_template
    from parkesg.reports.write import assess, write_report

    out = folder / "reports"
    out.mkdir(exist_ok=True)
    names = {"cppc": "清洁生产审核报告", "beijing": "绿色诊断评估报告", "esc": "园区ESG报告"}
    for kind, name in names.items():
        eng_path = folder / f"engagement-{kind}.xlsx"
        write_engagement_template(kind, eng_path, engagement=demo_engagement(kind))
        targets = load_targets(folder / "targets.csv") if kind == "esc" else None
        energy = load_data(folder / "park-energy.csv")[0] if kind == "cppc" else None
        run = assess(kind, wide, obs, targets=targets)
        report = write_report(kind, run, read_engagement(eng_path), out / f"{name}.docx",
                              energy=energy)  # fmt: skip
        console.print(f"报告已写出：{'、'.join(str(f) for f in report.files)}")


def _rating_report(folder: Path, enterprises: pd.DataFrame, console: Console) -> None:
    """The T/JDFA01 rating report and certificate of the first demo enterprise."""
    from parkesg.demo.engagement import DEMO_CONFIRMATION, demo_engagement
    from parkesg.reports.write import assess, write_report

    first = enterprises.iloc[0]
    eng = demo_engagement("jdfa", enterprise_name=str(first["name"]))
    out = folder / "reports" / f"ESG评价报告-{first.entity_id}.docx"
    run = assess("jdfa", enterprises, None, entity=str(first.entity_id),
                 confirmation=DEMO_CONFIRMATION)  # fmt: skip
    report = write_report("jdfa", run, eng, out)
    console.print(f"报告已写出：{'、'.join(str(f) for f in report.files)}")
    for n in report.notices:
        console.print(n)


def _energy(console: Console, path: Path, results: Path) -> None:
    """Balance, carbon inventory and energy-flow chart of the demo park's key enterprises."""
    from parkesg.energy.flow_chart import carrier_flows, flow_chart
    from parkesg.energy.tables import energy_tables
    from parkesg.errors import ParkesgError
    from parkesg.io.tables import write_sheets

    wide, _ = load_data(path)
    t = energy_tables(wide)
    write_sheets(
        {"能源平衡表": t.balance, "系数来源": t.coefficients}, results / "energy-balance.xlsx"
    )
    write_sheets(
        {
            "按能源品种": t.carbon_by_carrier,
            "按主体": t.carbon_by_entity,
            "系数来源": t.coefficients,
        },
        results / "carbon-inventory.xlsx",
    )
    total = t.balance[t.balance["能源品种"].str.startswith("合计")].set_index("年份")
    co2 = t.carbon_by_carrier[t.carbon_by_carrier["能源品种"] == "合计"].set_index("年份")
    last = int(total.index.max())
    console.print(
        f"能源与碳排放（{len(wide.entity_id.unique())} 家重点用能企业，{last} 年）："
        f"综合能耗 {total.loc[last, '当量值（tce）']:,.0f} tce（当量值），"
        f"二氧化碳 {co2.loc[last, '排放量（tCO2）']:,.0f} tCO2"
    )
    try:
        flow_chart(
            carrier_flows(t.rows, last, t.convention, t.names),
            results / f"energy-flow-{last}.png",
            title=f"示范园区重点用能企业能源流向图 {last} 年（当量值，tce）",
        )
    except ParkesgError as exc:  # no Chinese font: the tables are still written
        console.print(f"能流图未生成：{exc}")


def _cppc(console: Console, res: service.AssessmentResult) -> None:
    ind = res.indicators
    counts = ind.level.value_counts()
    sel = res.selection.iloc[0]
    t = Table("水平", "指标数", title="T/CPPC 工业园区清洁生产评价（2023 年）")
    for level in ("先进", "一般", "未达一般"):
        t.add_row(level, str(int(counts.get(level, 0))))
    console.print(t)
    short = ind[ind.level == "未达一般"]
    names = "；".join(f"{r.no} {r.name_zh}" for r in short.itertuples()) or "无"
    console.print(f"未达一般水平（审核重点候选，5.2.3）：{names}")
    console.print(
        "指标选择："
        + ("符合要求（13 项必选 + 各可选组，≥ 19 项）" if sel.ok else "；".join(sel.problems))
    )


def _beijing(console: Console, res: service.AssessmentResult) -> None:
    fw = load_framework("bj-green-diagnosis")
    names = {n.id: n.name.zh.replace("\n", "") for n in fw.tree}
    t = Table(
        "年份",
        *[f"{k}" for k in names],
        "总分",
        title="北京市工业园区绿色诊断（单项 ≤ 120 分，权重暂定）",
    )
    for year, nodes in res.nodes.groupby("year"):
        by = dict(zip(nodes.node_id, nodes.score))
        total = res.totals[res.totals.year == year].score.iloc[0]
        t.add_row(str(year), *[f"{by.get(k, float('nan')):.1f}" for k in names], f"{total:.1f}")
    console.print(t)
    req = res.requirements[res.requirements.year == res.years[-1]]
    failed = req[(req.met == False) & ~req.encouraged]  # noqa: E712 — nullable boolean column
    console.print(f"基础性要求（附件2-1-1）：{len(req)} 项，未符合 {len(failed)} 项")


def _esc(console: Console, res: service.AssessmentResult) -> None:
    ind = res.indicators
    with_target = ind[ind.score.notna()]
    t = Table(
        "KPI", "数值", "目标完成进度 %", title="T/ESC 001 园区 ESG 绩效指标（2023 年，相对基准）"
    )
    for r in with_target.head(8).itertuples():
        t.add_row(f"{r.no} {r.name_zh}", f"{r.value:,.3g}", f"{r.score:.1f}")
    console.print(t)
    console.print(
        f"共 {len(ind)} 项 KPI：{len(with_target)} 项有进度，{int(ind.score.isna().sum())} 项未设目标或缺数据"
    )


def _jdfa(console: Console, res: service.AssessmentResult) -> None:
    tot = res.totals
    dist = tot.grade.value_counts()
    t = Table(
        "等级",
        "企业数",
        title=f"T/JDFA01 企业 ESG 评级（{len(tot):,} 家示例企业，同业分档/正态/泊松）",
    )
    for grade in ("AAA", "AA", "A", "BBB", "BB", "B", "CCC"):
        t.add_row(grade, str(int(dist.get(grade, 0))))
    console.print(t)
    fell = res.indicators.peer_fallback.fillna(False).astype(bool)
    console.print(f"同业组不足而回退到更宽行业的指标结果：{int(fell.sum()):,} 条")

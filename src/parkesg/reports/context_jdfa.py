"""The context of the T/JDFA01 rating report and certificate, from the stored run of the rated
enterprise: its documents carry the indicator scores, the grade, the peer histogram of its
industry in the same run and who confirmed the provisional weights and score maps.

The report follows what the standard requires a rating to state: planning (6.2), sources
(6.7), score and grade with the 附录B category (6.8, 6.11), dimension and group scores, the 58
indicators ordered and grouped as 附录A with units and weights a_ij, peers (6.8 b), written
and comprehensive rating (6.10–6.11), publication and objection (6.12). A total withheld for
want of peers reads 不予评级 with its reason, and no certificate is issued; nor is one issued
while weights or score maps are provisional (a certificate never shows 暂定).
"""

from __future__ import annotations

from typing import Any

from parkesg import industries
from parkesg.engagement import Engagement
from parkesg.explain import METHOD_ZH
from parkesg.reports import display
from parkesg.reports.common import edition_note, node_names, nodes
from parkesg.reports.provisional import Marks, annex_rows, confirmation_text
from parkesg.stored import StoredRun

FW = "t-jdfa-01-2025"
RULE_ZH = {
    "violation": "违规不计分（6.9 d）",
    "missing:zero": "缺失不给分（6.9 b）",
    "missing:general": "缺失取一般（6.9 b）",
    "missing:exclude": "缺失不计入、权重重新分配",
    "short_board": "短板取最低（6.9 e）",
}
# 附录B: what each category says
CATEGORY_TEXT = {
    "领先": "ESG 评价得分高，遭受 ESG 风险弱，可持续发展能力强",
    "平均": "ESG 评价得分一般，ESG 绩效表现容易受不良因素的影响，存在一定可持续发展风险",
    "落后": "ESG 评价得分很低，ESG 绩效表现易受外界因素影响，可持续发展风险很高",
}
SOURCES_67 = [
    "a) 企业清洁生产审核验收报告；",
    "b) 企业公开披露的环境信息报告或 ESG 报告、可持续发展报告、社会责任报告；",
    "c) 企业公开披露的定期报告；",
    "d) 企业在其他渠道公开披露的相关信息或内容；",
    "e) 公共信用信息系统、政府部门、社会组织及第三方公开披露的文件（非直接披露信息须说明信息来源）；",
    "f) 其它形式的可信信息。",
]
WITHHELD = "不予评级"
WITHHELD_KEYS = ("withheld_reason", "grade_reason", "reason", "withheld")


def final_total(doc: dict[str, Any]) -> float | None:
    comp = doc.get("comprehensive") or {}
    return comp.get("total") if comp.get("total") is not None else doc.get("total")


def withheld_reason(doc: dict[str, Any]) -> str:
    """Why a total or grade was withheld, as the engine said it (6.8 b: 同业样本不足)."""
    for key in WITHHELD_KEYS:
        v = doc.get(key)
        if isinstance(v, dict) and v.get("text"):  # explain.to_json: {"issued", "text", …}
            return str(v["text"]).removeprefix(f"{WITHHELD}：")
        if isinstance(v, str) and v:
            return v
    return "未能计算总分" if doc.get("total") is None else "同业样本不足"


def _grade(run: StoredRun, grade: str | None) -> tuple[str, str]:
    """(grade, 附录B category) of a grade."""
    if not grade:
        return WITHHELD, ""
    label = next((b["label"] for b in run.edition.get("grades") or [] if b["grade"] == grade), "")
    held = run.last.get("withheld") or {}
    if isinstance(held, dict) and held.get("issued"):  # issued on too few peers: marked (6.8 b)
        return f"{grade}（同业样本不足，仅供参考）", label
    return grade, label


def certificate_refusal(run: StoredRun, eng: Engagement | None = None) -> str | None:
    """Why no certificate may be issued (None: it may): no grade, provisional values that
    nobody confirmed (a certificate never shows 暂定), or no rating organisation, certificate
    number and date to print on it (6.4 e 证书缮制与发放)."""
    doc = run.last
    comp = doc.get("comprehensive") or {}
    grade = comp.get("grade") if comp.get("total") is not None else doc.get("grade")
    if not grade:
        return f"{WITHHELD}（{withheld_reason(doc)}）"
    marks = Marks.of(run)
    pending = []
    if marks.weights:
        pending.append("权重")
    if any(marks.indicator(i) for i in doc["indicators"]):
        pending.append("指标赋分表、评分方法")
    if pending:
        return f"{'与'.join(pending)}为暂定值，尚未确认；出具证书须先记录确认人和确认日期"
    if eng is not None:
        p = eng.rating
        lacking = [name for name, v in (("评价机构", p.rating_org), ("证书编号", p.certificate_no),
                                        ("评价日期", p.rating_date)) if not v]  # fmt: skip
        if lacking:
            return f"缺少{'、'.join(lacking)}，证书无从缮制"
    return None


def _weights(run: StoredRun) -> dict[str, float]:
    """a_ij of formula (1): each indicator's share times its ancestors' shares."""
    doc = run.last
    share = {g["id"]: g.get("weight") for g in doc.get("groups") or []}
    parent = {n["id"]: n["parent"] for n in nodes(run)}
    out = {}
    for i in doc["indicators"]:
        w, node = i.get("weight"), i.get("node")
        while w is not None and node:
            s = share.get(node)
            w = None if s is None else w * s
            node = parent.get(node)
        if w is not None:
            out[i["id"]] = w
    return out


def _group_label(name: str, ind_name: str) -> str:
    """The group's name; where the source lost it, the indicator's own name."""
    return ind_name if "原文缺失" in name or not name else name


def _groups(run: StoredRun, marks: Marks) -> tuple[list[dict[str, Any]], str]:
    doc = run.last
    tree = nodes(run)
    scores = {g["id"]: g for g in doc.get("groups") or []}
    inds_of: dict[str, list[dict[str, Any]]] = {}
    for i in doc["indicators"]:
        inds_of.setdefault(i.get("node") or "", []).append(i)
    rows, seconds = [], []
    for dim in (n for n in tree if n["depth"] == 1):
        dim_inds = [i for n in tree if n["parent"] == dim["id"] for i in inds_of.get(n["id"], [])]
        d = scores.get(dim["id"], {})
        for g in (n for n in tree if n["parent"] == dim["id"]):
            inds = inds_of.get(g["id"], [])
            s = scores.get(g["id"], {})
            names = (
                [_group_label(g["name_zh"], i["name_zh"]) for i in inds]
                if "原文缺失" in g["name_zh"]
                else [g["name_zh"]]
            )
            for name in names:
                rows.append({
                    "dimension": dim["name_zh"],
                    "dimension_weight": _pct(d.get("weight")),
                    "dimension_score": display.score(d.get("score"), marks.score(dim_inds)),
                    "group": name,
                    "weight": _pct(s.get("weight")) if len(names) == 1 else display.DASH,
                    "score": display.score(s.get("score"), marks.score(inds)),
                })  # fmt: skip
            if s.get("score") is not None and len(names) == 1:
                seconds.append((g["name_zh"], s["score"]))
    seconds.sort(key=lambda kv: kv[1])
    weakest = "、".join(f"{n}（{display.score(v)} 分）" for n, v in seconds[:3])
    text = (f"二级指标中得分最低的是{weakest}，是企业 ESG 表现的主要短板；得分最高的是"
            f"{seconds[-1][0]}（{display.score(seconds[-1][1])} 分）。" if seconds else "")  # fmt: skip
    return rows, text


def _pct(w: Any) -> str:
    return display.DASH if w is None else f"{w * 100:.1f}%"


def _indicators(run: StoredRun, marks: Marks) -> list[dict[str, Any]]:
    doc = run.last
    names = node_names(run)
    parent = {n["id"]: n["parent"] for n in nodes(run)}
    a_ij = _weights(run)
    rows = []
    for i in doc["indicators"]:
        group = names.get(i.get("node") or "", "")
        t = i["trace"]
        peer = t.get("peer_group")
        by_peers = (t.get("method") or "").startswith("peer_")
        group_label = (
            industries.label(peer) if peer else (industries.WHOLE if by_peers else display.DASH)
        )
        rows.append({
            "dimension": names.get(parent.get(i.get("node") or "") or "", ""),
            "group": _group_label(group, i["name_zh"]),
            "no": i["no"],
            "name": i["name_zh"],
            "unit": display.unit(i, FW),
            "weight": f"{a_ij[i['id']] * 100:.2f}%" if i["id"] in a_ij else display.DASH,
            "value": display.value(i),
            "score": display.score(i["score"], marks.indicator(i)),
            "method": METHOD_ZH.get(t.get("method") or "", display.DASH),
            "rule": RULE_ZH.get(t.get("rule") or "", display.DASH),
            "peer": group_label + ("（回退）" if t.get("peer_fallback") and by_peers else ""),
        })  # fmt: skip
    return rows


def _region(region: str | None) -> str:
    if not region:
        return display.DASH
    return f"行政区划代码 {region}" if region.isdigit() else region


def context(run: StoredRun, eng: Engagement) -> dict[str, Any]:
    p = eng.rating
    doc = run.last
    marks = Marks.of(run)
    entity = run.entity
    industry = industries.label(entity.get("industry")) if entity.get("industry") else display.DASH
    names = {i["id"]: i["name_zh"] for i in doc["indicators"]}
    written_grade, written_cat = _grade(run, doc.get("grade"))
    prov_total = marks.score(doc["indicators"])
    ratings = [{"kind": "书面评价（6.11 b）", "score": display.score(doc.get("total"), prov_total),
                "grade": written_grade, "category": written_cat or display.DASH}]  # fmt: skip
    comp = doc.get("comprehensive") or {}
    if comp.get("total") is not None:
        g, cat = _grade(run, comp.get("grade"))
        ratings.append({"kind": "综合评价（6.11 c）", "score": display.score(comp["total"], prov_total),
                        "grade": g, "category": cat or display.DASH})  # fmt: skip
    final = ratings[-1]
    adjustments = [
        {"name": f"{i['no']} {names[i['id']]}", "written": display.score(i["score"]),
         "adjusted": display.score(i["adjustment"]["score"]), "reason": i["adjustment"]["reason"],
         "evaluator": i["adjustment"]["evaluator"], "date": str(i["adjustment"]["date"])}
        for i in doc["indicators"] if "adjustment" in i
    ]  # fmt: skip
    if final["grade"] == WITHHELD:
        result_text = (f"受评企业 {doc['year']} 年度 ESG {'综合' if len(ratings) > 1 else '书面'}评价"
                       f"{WITHHELD}：{withheld_reason(doc)}。依据 6.8 b，同业样本不足时不给出分档得分与等级。")  # fmt: skip
    else:
        result_text = (f"受评企业 {doc['year']} 年度 ESG 总分 {final['score']} 分，等级 {final['grade']}，"
                       f"属附录B“{final['category']}”类（{CATEGORY_TEXT.get(final['category'], '')}）。")  # fmt: skip
    groups, shortfall_text = _groups(run, marks)
    peers = doc.get("peers")
    if peers and peers["n"] > 1:
        where = (
            "同行业（" + industries.label(peers["label"]) + "）"
            if peers["label"] != "全部"
            else "全部"
        )
        peer_text = (f"{where}本次参评企业 {peers['n']} 家，平均总分 {display.score(peers['mean'])} 分；"
                     f"本企业总分排第 {peers['rank']} 位。总分分布与附录B 等级区间见图 1，红线为本企业。")  # fmt: skip
    else:
        peer_text = "本次评价只有本企业一家，无同业分布可比。"
    refusal = certificate_refusal(run, eng)
    return {
        "enterprise_name": p.enterprise_name,
        "credit_code": p.credit_code or display.DASH,
        "rating_org": p.rating_org or "（待填写：评价机构）",
        "evaluators": p.evaluators or "（待填写：评价人员）",
        "rating_type": p.rating_type or ("综合评价" if len(ratings) > 1 else "书面评价"),
        "rating_date": p.rating_date or "    年  月  日",
        "certificate_no": p.certificate_no or "（待填写）",
        "valid_until": p.valid_until or "（待填写）",
        "purpose": display.text(p.purpose, "评价目的、范围与准则"),
        "plan": display.text(p.plan, "评价计划"),
        "sources": p.sources or "（待填写：本次评价所用信息的来源）",
        "source_list": SOURCES_67,
        "industry": industry,
        "region": _region(entity.get("region")),
        "year": doc["year"],
        "ratings": ratings,
        "grade": final["grade"],
        "category": final["category"],
        "score": display.score(final_total(doc)),
        "result_text": result_text,
        "opinions": [c.content for c in eng.conclusions],
        "groups": groups,
        "shortfall_text": shortfall_text,
        "indicators": _indicators(run, marks),
        "score_note": marks.note("得分") if marks.any([doc]) else "",
        "peer_text": peer_text,
        "adjustments": display.blank_rows(adjustments, ["name", "written", "adjusted", "reason",
                                                        "evaluator", "date"])
        if adjustments else [],
        "adjustment_text": "本次为综合评价，现场验证后调整的指标见表 4，书面评价与综合评价的得分和等级并列于表 1。"
        if adjustments else "本次为书面评价，未开展现场验证（6.10 仅适用于综合评价）。",
        "publication": display.text(p.publication, "结果公示途径"),
        "objection": display.text(p.objection, "异议受理方式"),
        "certificate_text": "评价证书另附。" if refusal is None else f"本次未出具评价证书：{refusal}。",
        "provisional_rows": annex_rows(run, marks),
        "confirmation": confirmation_text(marks),
        "edition_note": edition_note(run),
    }  # fmt: skip

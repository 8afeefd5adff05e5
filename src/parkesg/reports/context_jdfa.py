"""The context of the T/JDFA01 rating report and certificate, from ``to_json`` of the rated
enterprise and the totals of its industry peers (both from the same assessment run)."""

from __future__ import annotations

from typing import Any

from parkesg.engagement import Engagement
from parkesg.frameworks import iter_indicators
from parkesg.frameworks.schema import Framework
from parkesg.reports import display

RULE_ZH = {
    "violation": "违规不计分（6.9 d）",
    "missing:zero": "缺失不给分（6.9 b）",
    "missing:general": "缺失取一般（6.9 b）",
    "missing:exclude": "缺失剔除并重新加权",
    "short_board": "短板取最低（6.9 e）",
}
SOURCES_67 = [
    "a) 企业清洁生产审核验收报告；",
    "b) 企业公开披露的环境信息报告或 ESG 报告、可持续发展报告、社会责任报告；",
    "c) 企业公开披露的定期报告；",
    "d) 企业在其他渠道公开披露的相关信息；",
    "e) 公共信用信息系统、政府部门、社会组织及第三方公开披露的文件（非直接披露信息注明来源）；",
    "f) 其它形式的可信信息。",
]


def _rule(r: str | None) -> str:
    if not r:
        return "—"
    return RULE_ZH.get(r, r)


def context(
    doc: dict[str, Any],
    fw: Framework,
    eng: Engagement,
    entity: dict[str, Any],
    peers: list[float],
) -> dict[str, Any]:
    """``entity``: name, industry, region from the data row; ``peers``: the totals of the
    enterprises of the same industry in this run (the rated one included)."""
    p = eng.rating
    meta = {i.id: i for i in iter_indicators(fw.tree)}
    prov = any(i["provisional"] for i in doc["indicators"])
    names = {i["id"]: i["name_zh"] for i in doc["indicators"]}
    ratings = [{"kind": "书面评价（6.11 b）", "score": display.score(doc["total"], prov),
                "grade": doc["grade"] or "—"}]  # fmt: skip
    comp = doc.get("comprehensive")
    if comp and comp.get("total") is not None:
        ratings.append({"kind": "综合评价（6.11 c）", "score": display.score(comp["total"], prov),
                        "grade": comp["grade"] or "—"})  # fmt: skip
    adjustments = [
        {"name": f"{i['no']} {names[i['id']]}", "written": display.score(i["score"]),
         "adjusted": display.score(i["adjustment"]["score"]), "reason": i["adjustment"]["reason"],
         "evaluator": i["adjustment"]["evaluator"], "date": str(i["adjustment"]["date"])}
        for i in doc["indicators"] if "adjustment" in i
    ]  # fmt: skip
    final = ratings[-1]
    return {
        "enterprise_name": p.enterprise_name,
        "credit_code": p.credit_code or "—",
        "rating_org": p.rating_org or "（待填写：评价机构）",
        "evaluators": p.evaluators or "（待填写）",
        "rating_type": p.rating_type or ("综合评价" if len(ratings) > 1 else "书面评价"),
        "rating_date": p.rating_date or "    年  月  日",
        "certificate_no": p.certificate_no or "（待填写）",
        "valid_until": p.valid_until or "（待填写）",
        "sources": p.sources or "",
        "source_list": SOURCES_67,
        "industry": entity.get("industry") or "—",
        "region": entity.get("region") or "—",
        "year": doc["year"],
        "weights_note": "权重与部分赋分表为文档化的默认值（标准未给出），得分标注“暂定”。"
        if prov
        else "",
        "ratings": ratings,
        "grade": final["grade"],
        "score": final["score"],
        "conclusions": [c.content for c in eng.conclusions] or [],
        "groups": [
            {
                "name": g["name_zh"],
                "depth": "一级" if g["depth"] == 1 else "二级",
                "score": display.score(g["score"], prov),
            }
            for g in doc["groups"]
        ],  # fmt: skip
        "indicators": [
            {
                "no": i["no"],
                "name": i["name_zh"] + ("（暂定）" if i["provisional"] else ""),
                "value": display.value(i, meta[i["id"]].kind.value),
                "score": display.score(i["score"]),
                "method": i["trace"]["method_zh"],
                "rule": _rule(i["trace"]["rule"]),
                "peer": (i["trace"]["peer_group"] or "—")
                + ("（回退）" if i["trace"]["peer_fallback"] else ""),
            }
            for i in doc["indicators"]
        ],  # fmt: skip
        "peer_text": f"同行业（{entity.get('industry') or '全部'}）本次参评企业 {len(peers)} 家，"
        "其 ESG 总分分布见图 1，红线为本企业。",
        "adjustments": adjustments,
        "adjustment_text": "本次为综合评价，现场验证后调整的指标见表 4，书面评价等级与综合评价等级并列于表 1。"
        if adjustments
        else "本次为书面评价，无现场验证调整。",
    }

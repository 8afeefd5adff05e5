"""What each framework's results page shows above the indicator table, read from the stored
results documents (``explain.to_json``) and the framework file's structure — counted and
arranged, never scored here:

- T/CPPC (附件1, 5.2.2–5.2.3): indicators per level (先进 / 一般 / 未达一般 / not assessed),
  the selection check, and the shortfalls per category — the basis of the audit focus;
- Beijing (附件2-1-1, 2-1-2): the 8 basic requirements and the group scores, one column per
  year, and the yearly total (the guide sets no grades);
- T/JDFA01 (6.8, 附录B): dimension and group scores, the grade and its band, and per
  indicator its peer group and how many enterprises of the run were in it;
- T/ESC 001 (6.3.1, 6.3.2, 表A.1): each KPI against its baseline and target.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from parkesg.frameworks import iter_indicators, load_framework
from parkesg.frameworks.schema import Framework, Node

LAYOUTS = {
    "t-cppc-park-cpa": "cppc",
    "bj-green-diagnosis": "beijing",
    "t-jdfa-01-2025": "jdfa",
    "t-esc-001-2024": "esc",
}
LEVEL_CODES = {"先进": "advanced", "一般": "general", "未达一般": "below"}


def layout(framework_id: str) -> str:
    return LAYOUTS.get(framework_id, "generic")


def _group_of(fw: Framework) -> dict[str, Node]:
    """Each indicator's top-level node (category, dimension, group)."""
    return {i.id: n for n in fw.tree for i in iter_indicators([n])}


def cppc(fw: Framework, docs: list[dict[str, Any]]) -> dict[str, Any]:
    years = []
    group = _group_of(fw)
    for d in docs:
        levels = Counter(i["level"] or "" for i in d["indicators"])
        focus: dict[str, list[dict[str, Any]]] = {}
        for i in sorted(d["shortfalls"], key=lambda s: s["level"] != "未达一般"):
            name = group[i["id"]].name.zh if i["id"] in group else ""
            focus.setdefault(name, []).append({**i, "code": LEVEL_CODES.get(i["level"], "")})
        sel = d.get("selection")
        years.append({
            "year": d["year"],
            "counts": [(code, lvl, levels.get(lvl, 0)) for lvl, code in LEVEL_CODES.items()],
            "unassessed": sum(n for lvl, n in levels.items() if lvl not in LEVEL_CODES),
            "assessed": len(d["indicators"]),
            "selection": None if sel is None else {"ok": sel["ok"], "n": len(sel["selected"]),
                                                   "problems": sel["problems"]},
            "focus": [{"category": k, "items": v} for k, v in focus.items()],
        })  # fmt: skip
    return {"years": years, "clause": fw.selection.clause if fw.selection else ""}


def beijing(fw: Framework, docs: list[dict[str, Any]]) -> dict[str, Any]:
    reqs: dict[str, dict[str, Any]] = {}
    for n, d in enumerate(docs):
        for r in d["requirements"]:
            row = reqs.setdefault(r["id"], {"no": r["no"], "text": r["text"],
                                            "encouraged": r["encouraged"],
                                            "met": [None] * len(docs)})  # fmt: skip
            row["met"][n] = r["met"]
    groups = []
    for node in fw.tree:
        scores = []
        for d in docs:
            g = next((g for g in d["groups"] if g["id"] == node.id), None)
            scores.append(g["score"] if g else None)
        groups.append({"id": node.id, "name": node.name.zh.replace("\n", ""), "scores": scores})
    return {"years": [d["year"] for d in docs], "requirements": list(reqs.values()),
            "groups": groups, "totals": [d["total"] for d in docs],
            "provisional": any(i["provisional"] for d in docs for i in d["indicators"])}  # fmt: skip


def _peer_sizes(results: dict[str, Any], year: int) -> dict[tuple[str, str], int]:
    """Per indicator, how many entities of the run were scored in its peer group this year
    (the rated entity included) — read from the engine's stored indicator table."""
    rows = [r for r in results.get("indicators", []) if r.get("year") == year]
    count: Counter[tuple[str, str]] = Counter(
        (r["indicator_id"], r.get("peer_group") or "")
        for r in rows
        if r.get("value") is not None or r.get("category") is not None
    )
    return dict(count)


def jdfa(fw: Framework, docs: list[dict[str, Any]], results: dict[str, Any]) -> dict[str, Any]:
    d = docs[-1]
    scores = {g["id"]: g["score"] for g in d["groups"]}
    dims = [{"id": n.id, "name": n.name.zh, "score": scores.get(n.id),
             "groups": [{"id": c.id, "name": c.name.zh, "score": scores.get(c.id)}
                        for c in n.children]} for n in fw.tree]  # fmt: skip
    bands = [{"grade": b.grade, "min": b.min, "max": b.max,
              "label": b.label.zh if b.label else "", "current": b.grade == d["grade"]}
             for b in fw.grades]  # fmt: skip
    sizes = _peer_sizes(results, d["year"])  # runs stored before traces carried n
    peers = {}
    for i in d["indicators"]:
        if i["trace"]["method"].startswith("peer_"):
            group = i["trace"].get("peer_group") or ""
            peer = i["trace"].get("peer") or {}
            n = peer.get("n")
            size: int = int(n) if n is not None else sizes.get((i["id"], group), 0)
            least = fw.peer.min_size if fw.peer else 2
            peers[i["id"]] = {"group": group, "size": size, "level": peer.get("level"),
                              "basis": peer.get("basis", size >= least),
                              "fallback": bool(i["trace"].get("peer_fallback"))}  # fmt: skip
    entities = len({str(t["entity_id"]) for t in results.get("totals", [])})
    return {"year": d["year"], "total": d["total"], "grade": d["grade"], "bands": bands,
            "dimensions": dims, "peers": peers, "entities": entities,
            "withheld": d.get("withheld"), "comprehensive": d.get("comprehensive"),
            "provisional": any(i["provisional"] for i in d["indicators"])}  # fmt: skip


def esc(fw: Framework, docs: list[dict[str, Any]], results: dict[str, Any]) -> dict[str, Any]:
    """KPIs with baseline and target where the run stored them (``results["targets"]``:
    [{"entity_id", "indicator_id", "baseline", "target"}], as ``service.assess`` reads them);
    a KPI without both says 未设目标."""
    d = docs[-1]
    goals = {t["indicator_id"]: t for t in results.get("targets", [])
             if str(t.get("entity_id")) == str(d["entity_id"])}  # fmt: skip
    group = _group_of(fw)
    kpis = []
    for i in d["indicators"]:
        g = goals.get(i["id"], {})
        kpis.append({"id": i["id"], "dimension": group[i["id"]].name.zh if i["id"] in group else "",
                     "baseline": g.get("baseline"), "target": g.get("target"),
                     "progress": i["score"], "set": bool(g)})  # fmt: skip
    return {
        "year": d["year"],
        "kpis": {k["id"]: k for k in kpis},
        "with_target": sum(k["set"] for k in kpis),
        "count": len(kpis),
    }


def summary(framework_id: str, results: dict[str, Any]) -> dict[str, Any]:
    docs = results["docs"]
    kind = layout(framework_id)
    if not docs or kind == "generic":
        return {}
    fw = load_framework(framework_id)
    if kind == "cppc":
        return cppc(fw, docs)
    if kind == "beijing":
        return beijing(fw, docs)
    if kind == "jdfa":
        return jdfa(fw, docs, results)
    return esc(fw, docs, results)

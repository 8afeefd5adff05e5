"""The trace of one enterprise's result (``explain.to_json``), rebuilt from the run's stored
tables — never by running the engine again — and kept on the result row once built. A trace
is refused when the framework file is no longer the edition the run used (the run's own
numbers stay readable on its page)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from parkesg.errors import DataError
from parkesg.explain import to_json
from parkesg.peers import describe
from parkesg.service import AssessmentResult
from parkesg.web.assessments.results import framework_sha256, plain
from parkesg.web.ratings import storage
from parkesg.web.ratings.criteria import framework_of
from parkesg.web.ratings.kinds import Source67
from parkesg.web.ratings.models import RatingResult, ReferenceTable
from parkesg.web.ratings.rating import reference_frame

BENCHMARK_RULE = "benchmark"


def _mine(df: pd.DataFrame, key: str) -> pd.DataFrame:
    if df.empty or "entity_id" not in df.columns:
        return df
    return df[df.entity_id.astype(str) == key].reset_index(drop=True)


def _obs(r: RatingResult, wide: pd.DataFrame, stored: pd.DataFrame) -> pd.DataFrame:
    """Sources of the inputs: the observations read (consent), else the imported file."""
    mine = _mine(stored, r.member.entity_key)
    if not mine.empty:
        return mine
    imports = r.run.inputs.get("imports") or []
    if not imports or wide.empty:
        return pd.DataFrame()
    last = imports[-1]
    label = str(Source67(last["source"]).label) if last["source"] in Source67.values else ""
    rows = [{"entity_id": r.member.entity_key, "year": int(wide.year.iloc[0]), "field": c,
             "source": f"6.7 {label}", "evidence": f"{last['file']}（sha256 {last['sha256'][:12]}）"}
            for c in wide.columns if c not in ("entity_id", "year")]  # fmt: skip
    return pd.DataFrame(rows)


def document(r: RatingResult, *, keep: bool = True) -> dict[str, Any]:
    """The to_json document of ``r`` (built once, then read from the row). ``keep=False``: a
    reader outside the rating organisation (the rated enterprise, the commissioning bank)
    gets it built without writing the rater's row — no organisation writes another's."""
    if r.trace:
        return r.trace  # type: ignore[no-any-return]
    run = r.run
    if framework_sha256(run.framework_id) != run.framework_sha256:
        raise DataError("评价体系文件已更新，与本次评价所用版本不同：本结果的追溯不再重建")
    fw = framework_of(run.framework_id, run.criteria.get("segments") or "")
    key = r.member.entity_key
    read = {name: storage.read(r.organisation_id, sha) for name, sha in run.files.items()}
    ind = _mine(read["indicators"], key)
    ind = ind.assign(rule=ind["rule"].where(ind["rule"] != BENCHMARK_RULE, None))
    reference = None
    if run.peers.get("basis") == "reference":
        ref = ReferenceTable.objects.get(pk=run.peers["reference"])
        reference = describe(reference_frame(ref), file=ref.title)
    totals = _mine(read["totals"], key)
    wide = _mine(read["wide"], key)
    result = AssessmentResult(
        framework=fw, indicators=ind, nodes=_mine(read["nodes"], key), totals=totals,
        selection=pd.DataFrame(), requirements=pd.DataFrame(), years=[r.year], wide=wide,
        energy=pd.DataFrame(), peers=read["peers"], peer_reference=reference,
    )  # fmt: skip
    docs = to_json(result, _obs(r, wide, read["obs"]))
    doc = plain(docs[0]) if docs else {}
    bench = (
        ind[ind.get("benchmark_standard", pd.Series(dtype=object)).notna()]
        if "benchmark_standard" in ind
        else ind.iloc[0:0]
    )
    marks = {b.indicator_id: {"standard": b.benchmark_standard, "level": b.benchmark_level,
                              "peer_score": plain(b.peer_or_own_score)}
             for b in bench.itertuples()}  # fmt: skip
    for i in doc.get("indicators", []):
        if i["id"] in marks:
            i["benchmark"] = marks[i["id"]]
            i["trace"]["rule"] = BENCHMARK_RULE
            i["trace"]["rule_zh"] = (f"6.9 c 对标 {marks[i['id']]['standard']}："
                                     f"{marks[i['id']]['level']}（不再与同业比较）")  # fmt: skip
    if keep:
        r.trace = doc
        r.save(update_fields=["trace"])
    return doc


def indicator(r: RatingResult, indicator_id: str, *, keep: bool = True) -> dict[str, Any] | None:
    for i in document(r, keep=keep).get("indicators", []):
        if i["id"] == indicator_id:
            return dict(i)
    return None

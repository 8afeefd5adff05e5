"""The stored result a report reads: documents carrying the framework edition and the run's
options, read back for one entity, and a report of a closed run that a later edition of the
framework file does not change (only the note on the edition says the file changed)."""

from __future__ import annotations

import hashlib
import json

import docx
import pytest
from docx.oxml.ns import qn

from parkesg import service, stored
from parkesg.demo.engagement import demo_engagement
from parkesg.errors import DataError
from parkesg.reports import common
from parkesg.reports.write import write_report
from parkesg.stored import StoredRun, read_result_file


def test_documents_carry_the_edition_and_options(runs):
    run = runs["cppc"]
    ed = run.edition
    path = stored.shipped_path("t-cppc-park-cpa")
    assert ed["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [n["id"] for n in ed["nodes"]][:2] == ["economy", "resources"]
    assert run.options["years"] == [2021, 2022, 2023] and run.options["missing_rule"]
    assert run.years == [2021, 2022, 2023]
    assert run.last["data"]["industrial_value_added"] == 4_530_000
    ind = run.last["indicators"][0]
    # keys added to the trace documents, never taken away
    assert {"no", "id", "name_zh", "value", "unit", "level", "score", "status", "provisional",
            "trace", "kind", "direction", "selection", "node", "weight"} <= set(ind)  # fmt: skip


def test_peers_are_the_whole_run_as_a_histogram(runs, enterprises):
    doc = runs["jdfa"].last
    peers = doc["peers"]
    assert sum(peers["counts"]) == peers["n"] and len(peers["counts"]) == len(peers["edges"]) - 1
    same = enterprises[enterprises.industry == doc["entity"]["industry"]]
    assert peers["label"] == doc["entity"]["industry"] and peers["n"] <= len(same)
    assert 1 <= peers["rank"] <= peers["n"]


def test_a_stored_runs_report_does_not_change_with_the_framework_file(runs, tmp_path, monkeypatch):
    """Next year's edition of the framework file: the report of this run stays as it was
    (the engine is never run again); only the note on the edition says the file changed."""

    def no_engine(*args, **kwargs):
        raise AssertionError("a report must not run the engine")

    monkeypatch.setattr(service, "assess", no_engine)
    eng = demo_engagement("beijing")
    before = tmp_path / "before.docx"
    write_report("beijing", runs["beijing"], eng, before)
    edited = tmp_path / "bj-green-diagnosis.yaml"
    text = stored.shipped_path("bj-green-diagnosis").read_text(encoding="utf-8")
    edited.write_text(text.replace("leading: 3\n", "leading: 4\n", 1), encoding="utf-8")
    assert edited.read_text(encoding="utf-8") != text
    monkeypatch.setattr(common, "shipped_path", lambda fid: edited)
    after = tmp_path / "after.docx"
    write_report("beijing", runs["beijing"], eng, after)

    def paragraphs(path):
        body = docx.Document(str(path)).element.body
        return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]

    a, b = paragraphs(before), paragraphs(after)
    changed = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    assert len(changed) == 1
    old, new = changed[0]
    assert (
        old.startswith("本报告的评价结果依据") and "此后已更新" in new and "此后已更新" not in old
    )


def test_result_file_round_trip_and_refusals(runs, tmp_path):
    path = tmp_path / "run.json"
    path.write_text(json.dumps(runs["esc"].docs, ensure_ascii=False), encoding="utf-8")
    again = StoredRun.from_documents(read_result_file(path))
    assert again.docs == runs["esc"].docs
    path.write_text('[{"framework": "x"}]', encoding="utf-8")
    with pytest.raises(DataError, match="缺少 entity_id、indicators、year"):
        read_result_file(path)
    path.write_text("not json", encoding="utf-8")
    with pytest.raises(DataError, match="不是评价结果文件"):
        read_result_file(path)
    old = [{k: v for k, v in d.items() if k != "edition"} for d in runs["esc"].docs]
    path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DataError, match="评价体系版本"):
        read_result_file(path)
    two = [*runs["esc"].docs, {**runs["esc"].docs[0], "entity_id": "other"}]
    with pytest.raises(DataError, match="请用 --entity 指定"):
        StoredRun.from_documents(two)


def test_a_report_needs_the_run_of_its_own_framework(runs, tmp_path):
    with pytest.raises(DataError, match="cppc 报告需要 t-cppc-park-cpa 的评价结果"):
        write_report("cppc", runs["esc"], demo_engagement("cppc"), tmp_path / "x.docx")


def test_confirmation_file_is_checked(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("confirmed_by: 周明远\ndate: 2025-06-20\nitems: [weights]\n", encoding="utf-8")
    assert stored.read_confirmation(p).items == ("weights",)
    p.write_text("confirmed_by: 周明远\nitems: [weights]\n", encoding="utf-8")
    with pytest.raises(DataError, match="缺少 date"):
        stored.read_confirmation(p)
    p.write_text("who: x\n", encoding="utf-8")
    with pytest.raises(DataError, match="未知的键：who"):
        stored.read_confirmation(p)


def test_industry_names_beside_codes():
    from parkesg import industries

    assert industries.label("C1713") == "C1713 棉印染精加工"
    assert industries.label("C17") == "C17 纺织业"
    assert industries.label("C1799") == "C1799（纺织业）"
    assert industries.label("全部") == "全部"

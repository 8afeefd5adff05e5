"""Benchmark: the time to rate a portfolio of N enterprises from the platform (issue 18).

    python benchmarks/ratings_platform.py [N=10000] [--repeat 2] [--seed 7]

In a fresh data dir (SQLite, temporary) a third-party rating organisation is set up through
the services (profile, evaluators, a committee of three, an approved quality document); a
project imports N generated enterprises (``parkesg.demo.enterprises``) as a CSV file through
the evidence store, its criteria are confirmed and approved, it starts, and the whole
portfolio is rated ``--repeat`` times (``ratings.services.run_rating``: the wide input read
back, one engine run with the portfolio as the peers, its tables stored, one result row per
enterprise, the peer statistics of the portfolio kept for re-ratings). Printed: the import,
each rating run (the first plans and keeps the engine's SQL, ``parkesg.plan_cache``; later
ones find it), rows per second, peak memory, and the grades checked against ``service.rate``
(the batch path of ``parkesg rate``) on the same data. Goal: under a minute for 10,000.
Tests never assert on time (``tests/web/test_ratings_batch.py`` checks the grades).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
import time
from collections import Counter


def _setup(data_dir: str) -> None:
    os.environ["PARKESG_DATA_DIR"] = data_dir
    os.environ.setdefault("PARKESG_SECRET_KEY", "benchmark-only")
    from parkesg.web.server import migrate, setup

    setup()
    migrate()


def _organisation() -> dict[str, object]:
    """The rating organisation and its people, through the services."""
    from parkesg.web.orgs.models import Organisation, OrgKind, User
    from parkesg.web.ratings import organisation
    from parkesg.web.ratings.models import CommitteeMember, Evaluator, RatingBody

    org = Organisation.objects.create(name="基准评级机构", kind=OrgKind.bank, region="320400",
                                      credit_code="91320402DEMRAT0011")  # fmt: skip
    pw = "Bench-mark-2026!"
    people = {k: User.objects.create_user(f"bench-{k}", password=pw, organisation=org, role=role)
              for k, role in (("admin", "admin"), ("lead", "editor"), ("c1", "reviewer"),
                              ("c2", "reviewer"), ("c3", "reviewer"))}  # fmt: skip
    admin, today = people["admin"], dt.date.today()
    organisation.save_body(actor=admin, obj=RatingBody(independent=True, legal_person=True))
    organisation.save_evaluator(actor=admin, obj=Evaluator(
        user=people["lead"], experience_years=5, competence="ESG 评级", knowledge="T/JDFA01",
        integrity_pledged_on=today, confidentiality_pledged_on=today))  # fmt: skip
    for k in ("c1", "c2", "c3"):
        organisation.save_committee_member(actor=admin, obj=CommitteeMember(
            user=people[k], appointed_on=today))  # fmt: skip
    doc = organisation.add_quality_document(actor=admin, title="质量控制程序", number="QC",
                                            data=b"quality\n", name="qc.txt")  # fmt: skip
    organisation.approve_document(actor=people["c1"], document_id=doc.pk)
    return people


def _csv(n: int, seed: int) -> bytes:
    from parkesg.demo.enterprises import generate_enterprises
    from parkesg.frameworks import load_catalogue
    from parkesg.frameworks.schema import Kind

    df = generate_enterprises(n, seed=seed).to_pandas()
    cat = load_catalogue()
    for c in df.columns:  # yes / no as a person writes them in a CSV
        if c in cat and cat[c].kind == Kind.boolean:
            df[c] = df[c].astype("Int64")
    return df.to_csv(index=False).encode()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int, nargs="?", default=10_000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="parkesg-bench-ratings-") as tmp:
        _setup(tmp)
        from parkesg import service
        from parkesg.web.ratings import portfolio, services
        from parkesg.web.ratings.models import RatingProject, RatingResult

        people = _organisation()
        lead = people["lead"]
        today = dt.date.today()
        p = services.save_project(actor=lead, obj=RatingProject(
            title="基准组合", rating_type="third_party", purpose="基准测试", year=2024,
            starts_on=today, data_due=today, report_due=today))  # fmt: skip
        data = _csv(args.n, args.seed)
        t = time.perf_counter()
        portfolio.import_portfolio(actor=lead, project_id=p.pk, data=data, name="portfolio.csv",
                                   source="e", note="公开信息（基准）")  # fmt: skip
        imported = time.perf_counter() - t
        services.declare(actor=lead, project_id=p.pk, has_conflict=False)
        services.confirm_criteria(actor=lead, project_id=p.pk)
        services.approve_criteria(actor=people["c1"], project_id=p.pk)
        services.move(actor=lead, project_id=p.pk, event="start")
        print(f"组合 portfolio: {args.n:,} 家企业，CSV {len(data) / 2**20:.1f} MiB")
        print(f"导入 import (检查每个单元格、存证、建立评价对象): {imported:.1f} s")
        times = []
        for i in range(args.repeat):
            t = time.perf_counter()
            run = services.run_rating(actor=lead, project_id=p.pk)
            times.append(time.perf_counter() - t)
            what = "首次（规划并保存 SQL）" if i == 0 else "再次（读取保存的 SQL）"
            print(f"评价 rating #{run.no} {what}: {times[-1]:.1f} s "
                  f"({args.n / times[-1]:,.0f} 家/s)")  # fmt: skip
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"峰值内存 peak RSS: {peak:,.0f} MiB")
        grades = Counter(RatingResult.objects.filter(run=run).values_list("grade", flat=True))
        print("等级分布 grades:", dict(sorted(grades.items())))
        # the batch path of ``parkesg rate`` on the same data
        from parkesg.frameworks import load_catalogue
        from parkesg.io.tables import read_wide

        path = os.path.join(tmp, "portfolio.csv")
        with open(path, "wb") as fh:
            fh.write(data)
        con = service.connect()
        table = con.create_table("bench", read_wide(path, fields=load_catalogue()))
        batch = con.execute(service.rate_totals("t-jdfa-01-2025", table, con=con))
        mine = {e: g for e, g in RatingResult.objects.filter(run=run)
                .values_list("member__entity_key", "grade")}  # fmt: skip
        same = sum(1 for r in batch.itertuples()
                   if mine.get(str(r.entity_id)) == (r.grade if isinstance(r.grade, str) else ""))  # fmt: skip
        print(
            f"与 parkesg rate 相同的等级 grades equal to the batch path: {same:,} / {len(batch):,}"
        )
        best = min(times)
        goal = "met" if best < 60 else "NOT met"
        print(f"目标 goal: {args.n:,} 家 < 60 s — {goal} ({best:.1f} s)")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

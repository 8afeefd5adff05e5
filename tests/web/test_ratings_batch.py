"""The platform rates a portfolio the way ``parkesg rate`` does: the grades of a project run
over imported enterprises equal the CLI's batch rating of the same file (issue 18; the time of
10,000 is measured by ``benchmarks/ratings_platform.py``, never asserted here)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from ratings_world import population_csv, project, rater
from typer.testing import CliRunner

from parkesg.cli.main import app
from parkesg.web.ratings import services
from parkesg.web.ratings.models import RatingResult

pytestmark = pytest.mark.django_db


def test_platform_grades_equal_parkesg_rate_on_the_same_data(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = rater(world)
    p = project(r, n=0, start=False)
    data = population_csv(300, seed=11)
    from parkesg.web.ratings import portfolio

    portfolio.remove_member(actor=r["lead"], member_id=p.members.get().pk)  # the file only
    portfolio.import_portfolio(actor=r["lead"], project_id=p.pk, data=data, name="p.csv",
                               source="e", note="公开信息")  # fmt: skip
    services.confirm_criteria(actor=r["lead"], project_id=p.pk)
    services.approve_criteria(actor=r["committee1"], project_id=p.pk)
    services.move(actor=r["lead"], project_id=p.pk, event="start")
    run = services.run_rating(actor=r["lead"], project_id=p.pk)
    platform = {x.member.entity_key: (x.grade, x.score, x.withheld)
                for x in RatingResult.objects.filter(run=run).select_related("member")}  # fmt: skip
    (tmp_path / "p.csv").write_bytes(data)
    out = tmp_path / "ratings.parquet"
    got = CliRunner().invoke(app, ["rate", "t-jdfa-01-2025", str(tmp_path / "p.csv"), "-o",
                                   str(out)])  # fmt: skip
    assert got.exit_code == 0, got.output
    cli = pd.read_parquet(out)
    assert len(cli) == len(platform) == 300
    for row in cli.itertuples():
        grade, score, withheld = platform[str(row.entity_id)]
        assert grade == (row.grade if isinstance(row.grade, str) else ""), row.entity_id
        assert bool(withheld) == bool(row.withheld)
        if score is not None:
            assert score == pytest.approx(row.score, abs=1e-9)
    assert run.entities == 300 and sum(run.grades.values()) == 300

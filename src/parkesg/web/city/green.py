"""The green-credit list (常州方案 16, issue 19 item 5): enterprises whose published grade
in force meets a threshold, or whose stored green score (a configured node of a framework,
e.g. T/JDFA01's environment dimension) does — with grade, date and rating organisation.

The published grade is public (T/JDFA01 6.12 a). A score is not: it is read only from the
rating results the reader may see (``RatingResult.objects.for_user``: the rater, the
commissioning bank, the rated enterprise), so a reader who may not see it gets the list by
grade alone — the page says so. Configuration: ``data/green_credit.yaml`` (provisional).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from parkesg.frameworks import load_framework
from parkesg.web.core.roles import Action
from parkesg.web.orgs.models import OrgKind, region_prefix

DATA = Path(__file__).parent / "data" / "green_credit.yaml"


class Score(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    framework: str
    node: str
    min: float


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    min_grade: str
    provisional: bool
    note: str
    score: Score


@cache
def config() -> Config:
    """The defaults, checked: the grade is on the framework's scale, the node is one of its
    first-level nodes (the dimensions a rating result stores)."""
    c = Config.model_validate(yaml.safe_load(DATA.read_text(encoding="utf-8")))
    fw = load_framework(c.score.framework)
    if c.min_grade not in {b.grade for b in fw.grades}:
        raise ValueError(f"{DATA.name}: min_grade {c.min_grade!r} is not a grade of {fw.id}")
    if c.score.node not in {n.id for n in fw.tree}:
        raise ValueError(f"{DATA.name}: node {c.score.node!r} is not a dimension of {fw.id}")
    return c


def scale() -> list[str]:
    """The grades best first (T/JDFA01 附录B)."""
    return [b.grade for b in load_framework(config().score.framework).grades]


def node_label() -> str:
    fw = load_framework(config().score.framework)
    node = next(n for n in fw.tree if n.id == config().score.node)
    return f"{node.name.zh}（{fw.id} {node.id}）"


def may_read(user: Any) -> bool:
    """Banks (for credit) and governments (the city) read the list."""
    org = getattr(user, "organisation", None)
    return org is not None and org.kind in (OrgKind.bank, OrgKind.government)


@dataclass(frozen=True)
class Row:
    enterprise: str
    credit_code: str
    region: str
    industry: str
    grade: str
    rated_on: Any
    rating_org: str
    certificate: str
    score: float | None  # the green score, where the reader may see the result
    basis: str  # why listed: "grade", "score" or "both"


def _scores(user: Any, member_ids: set[int]) -> dict[int, float]:
    """The configured node's score of the current results of ``member_ids`` that ``user``
    may see."""
    from parkesg.web.ratings.models import RatingResult

    node = config().score.node
    qs = RatingResult.objects.for_user(user, Action.view).filter(
        member_id__in=member_ids, current=True
    )
    out: dict[int, float] = {}
    for member_id, dims in qs.values_list("member_id", "dimensions"):
        value = (dims or {}).get(node)
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[member_id] = float(value)
    return out


def listing(user: Any, *, min_grade: str = "", min_score: float | None = None, region: str = "",
            industry: str = "", rating_org: str = "", query: str = "") -> list[Row]:  # fmt: skip
    """The list for ``user``: a government's own region only; a bank's any region."""
    from parkesg.web.ratings.published import published_grades

    c = config()
    grades = scale()
    floor = min_grade if min_grade in grades else c.min_grade
    good = set(grades[: grades.index(floor) + 1])
    threshold = c.score.min if min_score is None else min_score
    if user.organisation.kind == OrgKind.government:
        own = region_prefix(user.organisation.region)
        if region and not region.startswith(own):
            return []
        region = region if region.startswith(own) else own
    qs = published_grades(region=region, industry=industry, rating_org=rating_org, query=query)
    rows = list(qs.values_list("member_id", "enterprise_name", "credit_code", "region",
                               "industry", "grade", "rated_on", "rating_org",
                               "certificate_number"))  # fmt: skip
    scores = _scores(user, {r[0] for r in rows})
    out = []
    for member_id, name, code, reg, ind, grade, on, org, cert in rows:
        score = scores.get(member_id)
        by_grade, by_score = grade in good, score is not None and score >= threshold
        if by_grade or by_score:
            basis = "both" if by_grade and by_score else "grade" if by_grade else "score"
            out.append(Row(name, code, reg, ind, grade, on, org, cert, score, basis))
    return sorted(out, key=lambda r: (grades.index(r.grade) if r.grade in grades else 99,
                                      -(r.score or 0), r.enterprise))  # fmt: skip

"""What a framework file and a field-catalogue file may say (DESIGN.md “Frameworks”).

Every model forbids unknown keys, so a typo in a framework file is an error naming the key,
never a silently ignored setting. Cross-checks that need the whole file (formula names, weights,
grade bands, selection groups) live in ``checks.py``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A name or note in Chinese first, English beside it."""

    zh: str
    en: str = ""


class Kind(StrEnum):
    quantitative = "quantitative"  # 定量
    boolean = "boolean"  # 是/否, 具备, 达标
    ordinal = "ordinal"  # ordered categories: 绿/蓝/黄/红/黑, I/II/III 级


class Direction(StrEnum):
    higher = "higher"  # higher is better
    lower = "lower"  # type: ignore[assignment]  # lower is better (shadows str.lower)


class Method(StrEnum):
    levels = "levels"  # general / advanced thresholds → 先进 / 一般 / 未达一般
    leading_ratio = "leading_ratio"  # value ÷ leading value × 100, capped
    boolean = "boolean"  # true → 100, false → 0
    ordinal = "ordinal"  # category → score table
    peer_percentile = "peer_percentile"  # tiered ranking in a peer group
    peer_normal = "peer_normal"  # normal fit in a peer group
    peer_poisson = "peer_poisson"  # Poisson fit for counts in a peer group
    progress = "progress"  # toward a target from a baseline (T/ESC 001 6.3)


class MissingRule(StrEnum):
    zero = "zero"  # 不给分
    general = "general"  # 取一般
    exclude = "exclude"  # excluded and the weights of its node re-normalised


class EvidenceRule(StrEnum):
    """How several pieces of evidence make one indicator (T/JDFA01 6.9 e and "任一具备即为是")."""

    short_board = "short_board"  # all must hold: the lowest piece counts (6.9 e)
    any = "any"  # one known “yes” is enough


class SmallPeers(StrEnum):
    """What a rating does when even the widest peer group is below ``min_size`` (6.8 b)."""

    withhold = "withhold"  # 同业样本不足: no peer score, the total and grade withheld (不予评级)
    issue = "issue"  # scored against the small group anyway, the total marked


# ── field catalogue ────────────────────────────────────────────────────────────────────


class FieldDef(Strict):
    """One raw quantity, entered once and read by every framework that needs it.

    Accepted values (quantitative fields, in ``unit``): ``minimum`` … ``maximum`` where given;
    without ``minimum`` a quantitative field is a non-negative quantity (an amount, a count, a
    mass, an area …) unless ``signed: true`` says it may fall below zero (a change, a balance).
    A share in % says ``maximum: 100``.
    """

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Text
    unit: str = "1"
    kind: Kind = Kind.quantitative
    categories: list[str] = []  # ordinal: best first
    description: str = ""
    sources: list[str] = []  # the clauses that define or use it
    entity_kind: Literal["park", "enterprise", "any"] = "any"
    minimum: float | None = None
    maximum: float | None = None
    signed: bool = False

    def bounds(self) -> tuple[float | None, float | None]:
        """(lowest, highest) accepted value in ``unit``; None where unbounded."""
        if self.kind != Kind.quantitative:
            return None, None
        low = self.minimum if self.minimum is not None else (None if self.signed else 0.0)
        return low, self.maximum


class CatalogueFile(Strict):
    catalogue: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    title: Text
    fields: list[FieldDef]


# ── frameworks ─────────────────────────────────────────────────────────────────────────


class Source(Strict):
    code: str
    title: Text
    clause: str = ""
    status: str = "published"  # published, draft, guide …
    date: str = ""


class Thresholds(Strict):
    """`general`/`advanced` for levels; `required` for a single-value requirement
    (100 %, 具备, 达标, 0 次); `leading` for a leading ratio."""

    general: float | None = None
    advanced: float | None = None
    required: float | None = None
    leading: float | None = None


class Provenance(Strict):
    provisional: bool = False
    note: str = ""


# a serial number as printed ("7", "A.3"); a bare YAML number is read as its text
Serial = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v)]


class Caution(Strict):
    """A condition under which the indicator's value needs a person's reading (e.g. an
    elasticity whose sign means nothing): the score stands, every output shows ``text``."""

    when: str  # a condition in the formula language over catalogue fields
    text: str


class Indicator(Strict):
    no: Serial  # the serial number printed in the standard
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Text
    unit: str = "1"
    kind: Kind = Kind.quantitative
    direction: Direction = Direction.higher
    formula: str | None = None  # over catalogue fields; None → reported directly
    evidence: list[str] = []  # several fields judged together (``evidence_rule``)
    evidence_rule: EvidenceRule = EvidenceRule.short_board
    violations: list[str] = []  # a recorded violation → score 0 (6.9 d)
    method: Method
    thresholds: Thresholds = Thresholds()
    cap: float | None = None  # leading_ratio: single-indicator maximum (e.g. 120)
    categories: dict[str, float] = {}  # ordinal: category → score
    weight: float | None = None
    selection: str = "mandatory"  # "mandatory" or the id of a selection group
    clause: str
    attribute: str = ""  # e.g. 定性 / 定量 as printed
    explanation: str = ""
    provisional: bool = False
    note: str = ""  # why provisional, or a discrepancy in the source and our reading
    cautions: list[Caution] = []  # marks a reader must see beside the score


class Node(Strict):
    """A dimension, category or group; holds either child nodes or indicators."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")]
    name: Text
    weight: float | None = None
    note: str = ""
    children: list[Node] = []
    indicators: list[Indicator] = []


class SelectionGroup(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    min: int = 1
    note: str = ""


class Selection(Strict):
    """Which indicators an assessment must include (T/CPPC Annex 1: 13 mandatory, one of
    each optional group, ≥ 19 in all)."""

    groups: list[SelectionGroup] = []
    min_total: int = 0
    clause: str = ""


class Peer(Strict):
    """Peer groups by GB/T 4754 industry code prefix, widest last; a group with fewer than
    `min_size` members falls back to the next wider one (T/JDFA01 6.8 b)."""

    levels: list[Annotated[int, Field(ge=0, le=5)]] = [5, 3, 1, 0]
    min_size: Annotated[int, Field(ge=2)] = 30
    tiers: list[tuple[float, float]] = [(0.2, 100), (0.4, 80), (0.6, 60), (0.8, 40), (1.0, 20)]
    small_peers: SmallPeers = SmallPeers.withhold  # even the widest group below min_size
    provisional: bool = True
    note: str = ""


class Rules(Strict):
    """Scoring rules (T/JDFA01 6.9)."""

    missing: MissingRule = MissingRule.exclude
    general_score: float = 60.0  # what “取一般” gives
    clause: str = ""
    note: str = ""


class Band(Strict):
    grade: str
    min: float
    max: float
    label: Text | None = None


class Aggregation(Strict):
    method: Literal["weighted_sum", "none"] = "weighted_sum"
    clause: str = ""
    weights: Provenance = Provenance()


class Requirement(Strict):
    """A basic requirement checked as yes / no before scoring (Beijing Annex 2-1-1)."""

    no: Serial
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    text: str
    field: str
    encouraged: bool = False  # “鼓励”: reported, not pass/fail
    clause: str = ""


class Gap(Strict):
    """Something the printed source lost or left open, recorded rather than guessed."""

    key: str
    note: str


class DimensionKind(StrEnum):
    industry = "industry"  # a GB/T 4754 code prefix (1 character: the section 门类)
    size_class = "size_class"  # 大/中/小/微 by the national classification (classifications/)
    field = "field"  # a field or an entity column, as given


SIZE_CLASSES = ("大", "中", "小", "微")


class Dimension(Strict):
    """One thing a segment is told by (T/JDFA01 6.8 b: peers “同行业、同规模”)."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Text
    kind: DimensionKind
    prefix: Annotated[int, Field(ge=1, le=5)] = 1  # industry: characters of the code
    column: str = ""  # size_class: a column giving the class directly; field: what is read
    note: str = ""


class SegmentModel(Strict):
    """A segment: which entities (``when``: dimension → accepted values, all must hold), the
    weights that differ from the framework's (node or indicator id → weight, siblings
    re-normalised as in formula (1)), and the dimensions its peer groups are split by."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Text
    when: dict[str, list[str]] = {}
    weights: dict[str, float] = {}
    peer_by: list[str] | None = None  # None: the block's ``peer_by``
    note: str = ""


class Segments(Strict):
    """Segment models (issue 5 item 3): the first model whose ``when`` holds applies; an
    entity no model takes is in segment ``default`` (the framework's own weights)."""

    dimensions: list[Dimension]
    models: list[SegmentModel]
    peer_by: list[str] = []  # peers by industry × these dimensions (default segment too)
    clause: str = ""
    provisional: bool = False
    note: str = ""


class SegmentsFile(Strict):
    """A segment model kept beside a framework rather than in it (``with_segments``)."""

    framework: str
    title: Text
    segments: Segments


class Framework(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    title: Text
    source: Source
    entity_kind: Literal["park", "enterprise"]
    years: Annotated[int, Field(ge=1)] = 1  # how many years an assessment looks at
    fields: list[FieldDef] = []  # fields of this framework only (none elsewhere)
    requirements: list[Requirement] = []
    tree: list[Node]
    selection: Selection | None = None
    peer: Peer | None = None
    rules: Rules = Rules()
    aggregation: Aggregation = Aggregation()
    grades: list[Band] = []
    segments: Segments | None = None
    gaps: list[Gap] = []
    notes: list[str] = []

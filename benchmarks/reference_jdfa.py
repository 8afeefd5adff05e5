"""An independent reference recomputation of T/JDFA01—2025 ratings, row by row.

Written from the standard (6.8 formula (1), 6.8 b, 6.9, Annex A, Annex B) and parkesg's
documented choices only — README “Scoring conventions”, “Data formats”, “Adding a framework”
(the formula language), “Segment models”, and the framework file's ``peer:`` and ``rules:``
notes — never from the engine. It is deliberately simple and shaped unlike a columnar plan:

* every indicator value is a walk of the parsed formula over one row's dict;
* for every entity-year and indicator the peer group is found by *scanning the year's
  population* for the codes that start with the level's prefix (5 → 3 → 1 → 全部), taking the
  narrowest group holding at least ``min_size`` enterprises with a value (a scan per distinct
  prefix is memoised, nothing else);
* the score is computed from that group's list of values (scipy.stats for Φ and the Poisson
  distribution), then the rules of 6.9 in their documented order, then formula (1) node by
  node, then Annex B's bands at 9 decimals.

Where the documentation leaves a detail open the reading chosen is named ``READING:`` in a
comment, so a disagreement can be traced to it. The main ones:

* short-board (6.9 e) with a known “no” beside a missing piece: 0 under every missing rule,
  ``exclude`` included (the minimum is 0 whatever the missing piece holds);
* a recorded violation (6.9 d) decides the score (0) before the missing-data rule and before
  同业样本不足: such an indicator does not withhold the total;
* ``small_peers="issue"`` scores against the widest group there is (全部);
* formula (1) re-normalises node by node (README), not over a dimension's indicators;
* against a ``population``: n is the population group's size (the entity not counted), so
  p = better ÷ (n − 1) may exceed 1 (→ the last tier);
* σ = 0 when a group's values are all equal (no rounding noise); λ is the mean of the values
  as given; a boolean field is 是 when non-zero; an ordinal outside its categories is missing;
  a reported ``indicator:<id>`` value stands in for the formula and the evidence;
* under segments, peers share the peer-key text; 全部 stays within the key.

API: ``reference_indicators``, ``reference_assess``, ``compare``; the formula walker
``evaluate`` / ``evaluate_formula``; the segment placement ``reference_size_class`` /
``reference_segment``; the method functions ``tiered_score``, ``normal_score``,
``poisson_score`` and ``grade_of``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import pandas as pd
from scipy import stats

from parkesg.formula.parse import Binary, Call, Field, Node, Num, Unary, parse
from parkesg.frameworks import load_framework
from parkesg.frameworks.schema import (
    DimensionKind,
    EvidenceRule,
    Framework,
    Indicator,
    Method,
    MissingRule,
    SmallPeers,
)
from parkesg.frameworks.schema import Node as TreeNode
from parkesg.frameworks.size_classes import load_size_classification

ALL = "全部"
PEER_METHODS = {Method.peer_percentile, Method.peer_normal, Method.peer_poisson}
REPORTED = "indicator:"  # README “Data formats”: a directly reported value, column indicator:<id>

Value = float | bool | str | None  # None: not computable
Lookup = Callable[[str, int], Any]


def _missing(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and v.strip() == ""


# ── the formula language (README “Adding a framework”), walked on one row ────────────────────
# A missing input or a zero divisor → not computable (None); inf / NaN → not computable.


def _number(v: Value) -> float | None:
    if v is None or isinstance(v, str):
        return None  # a category is not a number
    return float(v)


def _finite(x: float | bool) -> Value:
    if isinstance(x, bool):
        return x
    if isinstance(x, complex) or not math.isfinite(x):
        return None
    return float(x)


def evaluate(node: Node, lookup: Lookup) -> Value:
    """The value of ``node`` for one row; ``lookup(field, lag)`` gives a field's raw value."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Field):
        v = lookup(node.name, node.lag)
        if _missing(v):
            return None
        if isinstance(v, str):
            try:
                return float(v)
            except ValueError:
                return v  # an ordinal category, read as given
        if isinstance(v, bool):
            return v
        return _finite(float(v))
    if isinstance(node, Unary):
        a = evaluate(node.operand, lookup)
        if a is None or isinstance(a, str):
            return None
        return (not a) if node.op == "not" else _finite(-float(a))
    if isinstance(node, Binary):
        return _binary(node.op, evaluate(node.left, lookup), evaluate(node.right, lookup))
    if isinstance(node, Call):
        return _call(node.func, node.args, lookup)
    raise TypeError(f"unknown formula node {node!r}")


def _binary(op: str, a: Value, b: Value) -> Value:
    if a is None or b is None or isinstance(a, str) or isinstance(b, str):
        return None
    if op == "and":
        return bool(a) and bool(b)
    if op == "or":
        return bool(a) or bool(b)
    x, y = float(a), float(b)
    comparisons = {
        "<": x < y,
        "<=": x <= y,
        ">": x > y,
        ">=": x >= y,
        "==": x == y,
        "!=": x != y,
    }
    if op in comparisons:
        return comparisons[op]
    try:
        if op == "+":
            return _finite(x + y)
        if op == "-":
            return _finite(x - y)
        if op == "*":
            return _finite(x * y)
        if op == "/":
            return None if y == 0 else _finite(x / y)
        if op == "**":
            return _finite(x**y)
    except (OverflowError, ZeroDivisionError):
        return None
    raise ValueError(f"unknown operator {op}")


def _call(func: str, args: tuple[Node, ...], lookup: Lookup) -> Value:
    if func == "if":
        cond = evaluate(args[0], lookup)
        if cond is None or isinstance(cond, str):
            return None
        return evaluate(args[1] if cond else args[2], lookup)  # the other branch is not needed
    if func == "coalesce":
        for a in args:
            v = evaluate(a, lookup)
            if v is not None:
                return v
        return None
    values = [_number(evaluate(a, lookup)) for a in args]
    if any(v is None for v in values):
        return None  # min / max / abs of a missing input: not computable
    nums = [v for v in values if v is not None]
    if func == "abs":
        return abs(nums[0])
    if func == "min":
        return min(nums)
    if func == "max":
        return max(nums)
    raise ValueError(f"unknown function {func}")


def evaluate_formula(src: str, lookup: Lookup) -> float | bool | None:
    v = evaluate(parse(src), lookup)
    return None if isinstance(v, str) else v


# ── the methods of 6.8 b (README “Scoring conventions”) ─────────────────────────────────────


def _better(a: float, b: float, direction: str) -> bool:
    """Is ``a`` strictly better than ``b``?"""
    return a < b if direction == "lower" else a > b


def tiered_score(
    x: float, values: Iterable[float], direction: str, tiers: list[tuple[float, float]]
) -> float:
    """分档排序法: p = (members strictly better than x) ÷ (n − 1), p = 0 when n = 1; ties
    share the better position; the score of the first tier whose bound p does not exceed,
    compared exactly (the bound read as the decimal it is written as)."""
    vals = list(values)
    n = len(vals)
    better = sum(1 for v in vals if _better(v, x, direction))
    p = Fraction(0) if n <= 1 else Fraction(better, n - 1)
    for bound, score in tiers:
        if p <= Fraction(repr(float(bound))):  # READING: 0.6 means 3/5, not the double 0.59999…
            return float(score)
    return float(tiers[-1][1])  # “else 20”: the last tier


def normal_score(x: float, values: Iterable[float], direction: str) -> float:
    """Normal fit: μ and the sample σ (n − 1); 100·Φ(z); σ = 0 or n = 1 → 50."""
    vals = list(values)
    n = len(vals)
    if n <= 1 or max(vals) == min(vals):  # READING: identical values have σ = 0 exactly
        return 50.0
    mu = math.fsum(vals) / n
    sigma = math.sqrt(math.fsum((v - mu) ** 2 for v in vals) / (n - 1))
    if sigma == 0:
        return 50.0
    z = (mu - x) / sigma if direction == "lower" else (x - mu) / sigma
    return 100.0 * float(stats.norm.cdf(z))


def round_half_away(x: float) -> int:
    """The count k of a value: rounded half away from zero (2.5 → 3, −2.5 → −3)."""
    a = abs(x)
    whole = math.floor(a)
    k = whole + (1 if a - whole >= 0.5 else 0)  # a − floor(a) is exact for doubles
    return int(k if x >= 0 else -k)


def poisson_score(x: float, values: Iterable[float], direction: str) -> float:
    """Poisson fit: λ = the group's mean, k = x rounded half away from zero; more is better:
    100·P(X ≤ k); fewer is better: 100·P(X ≥ k), k ≤ 0 → 100; λ = 0 → P(X ≤ k) = 1, k ≥ 0.
    scipy's distribution functions: exact for any count."""
    vals = list(values)
    lam = math.fsum(vals) / len(vals)  # READING: the mean of the values as given, not of k
    k = round_half_away(x)
    if direction == "lower":
        if k <= 0:
            return 100.0
        if lam == 0:
            return 0.0  # P(X ≥ k) = 1 − P(X ≤ k − 1) = 0
        return 100.0 * float(stats.poisson.sf(k - 1, lam))
    if k < 0:
        return 0.0
    if lam == 0:
        return 100.0
    return 100.0 * float(stats.poisson.cdf(k, lam))


def grade_of(score: float | None, fw: Framework) -> str | None:
    """Annex B: lower bound inclusive, upper exclusive, the top band includes its maximum;
    the total compared at 9 decimals (74.99999999999999 is AA)."""
    if score is None:
        return None
    t = round(score, 9)
    top = max(b.max for b in fw.grades)
    for band in fw.grades:
        if band.min <= t < band.max or (t == band.max == top):
            return band.grade
    return None


# ── segments (README “Segment models”): placement by the national size rule ──────────────────


def reference_size_class(row: dict[str, Any], column: str = "") -> str | None:
    given = row.get(column) if column else None
    if isinstance(given, str) and given.strip().removesuffix("型") in ("大", "中", "小", "微"):
        return given.strip().removesuffix("型")
    cls = load_size_classification()
    code = "" if _missing(row.get("industry")) else str(row["industry"])
    if not code:
        return None
    by_prefix = sorted(((c, r) for r in cls.industries for c in r.codes), key=lambda p: -len(p[0]))
    fallback = next(r for r in cls.industries if not r.codes)
    size_row = next((r for c, r in by_prefix if code.startswith(c)), fallback)
    known = {m: float(row[f]) for m, f in cls.measures.items() if not _missing(row.get(f))}
    for size in ("大", "中", "小"):
        bounds = size_row.lower[size]
        if all(m in known and known[m] >= b for m, b in bounds.items()):
            return size
    below_small = any(m in known and known[m] < b for m, b in size_row.lower["小"].items())
    return "微" if below_small else None


def reference_segment(fw: Framework, row: dict[str, Any]) -> dict[str, str]:
    """{"segment": …, "peer_key": …} of one row under ``fw.segments``."""
    assert fw.segments is not None
    dims: dict[str, str | None] = {}
    for d in fw.segments.dimensions:
        if d.kind == DimensionKind.industry:
            code = "" if _missing(row.get("industry")) else str(row["industry"])[: d.prefix]
            dims[d.id] = code or None
        elif d.kind == DimensionKind.size_class:
            dims[d.id] = reference_size_class(row, d.column)
        else:
            v = row.get(d.column)
            dims[d.id] = None if _missing(v) else str(v)
    model = next(
        (m for m in fw.segments.models if all(dims[k] in vs for k, vs in m.when.items())), None
    )
    peer_by = fw.segments.peer_by if model is None or model.peer_by is None else model.peer_by
    key = "·".join(dims[d] or "未知" for d in peer_by)
    return {"segment": model.id if model else "default", "peer_key": key}


# ── one row's own values (before any peer is looked at) ───────────────────────────────────────


@dataclass
class Own:
    """What one entity-year's data says about one indicator, before peers and rules."""

    value: float | None = None  # a number (booleans 1 / 0), None when not known
    category: str | None = None  # ordinal
    base: float | None = None  # a score known without peers (boolean, ordinal, evidence)
    undetermined: bool = False  # evidence: no decision without the missing pieces
    missing_pieces: tuple[str, ...] = ()
    violation: bool = False
    reported: bool = False


@dataclass
class Entity:
    entity_id: Any
    year: int
    code: str | None
    peer_key: str
    segment: str
    own: dict[str, Own] = field(default_factory=dict)


def _indicators(nodes: list[TreeNode]) -> list[tuple[Indicator, str]]:
    out: list[tuple[Indicator, str]] = []
    for node in nodes:
        out += [(ind, node.id) for ind in node.indicators]
        out += _indicators(node.children)
    return out


def _yes(v: Value) -> bool | None:
    """A boolean piece: 1 = 是, 0 = 否 (catalogue); READING: any non-zero number is 是."""
    if v is None or isinstance(v, str):
        return None
    return bool(v)


def _own(ind: Indicator, row: dict[str, Any], lookup: Lookup) -> Own:
    own = Own()
    for src in ind.violations:  # 6.9 d: a recorded count > 0; no record → no violation
        v = _number(evaluate(parse(src), lookup))
        if v is not None and v > 0:
            own.violation = True
    reported = row.get(REPORTED + ind.id)
    if not _missing(reported):  # READING: a reported value stands in for formula and evidence
        own.reported = True
        raw: Value = reported if isinstance(reported, str) else float(reported)
        if isinstance(raw, str) and ind.method != Method.ordinal:
            raw = float(raw)
        return _from_value(ind, raw, own)
    if ind.evidence:
        pieces = [(src, _yes(evaluate(parse(src), lookup))) for src in ind.evidence]
        own.missing_pieces = tuple(src for src, v in pieces if v is None)
        known = [v for _, v in pieces if v is not None]
        if ind.evidence_rule == EvidenceRule.any:
            if any(known):
                own.base, own.value = 100.0, 1.0  # one known “yes” satisfies it
            elif own.missing_pieces:
                own.undetermined = True  # no known yes, something missing: 6.9 b
            else:
                own.base, own.value = 0.0, 0.0  # all known “no”
        else:  # short-board (6.9 e): all must hold
            if not all(known):
                # READING: a known “no” decides the minimum (0) whatever a missing piece
                # holds, under every missing rule (exclude included)
                own.base, own.value = 0.0, 0.0
            elif own.missing_pieces:
                own.undetermined = True  # the missing pieces count at the missing rule
            else:
                own.base, own.value = 100.0, 1.0
        return own
    if ind.formula is None:
        return own  # reported only, and not reported
    return _from_value(ind, evaluate(parse(ind.formula), lookup), own)


def _from_value(ind: Indicator, v: Value, own: Own) -> Own:
    if v is None:
        return own
    if ind.method == Method.ordinal:
        cat = v if isinstance(v, str) else None
        if cat is not None and cat in ind.categories:  # READING: an unknown category = missing
            own.category, own.base = cat, float(ind.categories[cat])
        return own
    if isinstance(v, str):
        return own  # a category where a number is needed: not computable
    if ind.method == Method.boolean:
        yes = bool(v)
        own.value, own.base = (1.0 if yes else 0.0), (100.0 if yes else 0.0)
        return own
    if ind.method in PEER_METHODS:
        own.value = float(v)
        return own
    raise NotImplementedError(f"{ind.id}: method {ind.method} is not a T/JDFA01 method")


def _entities(fw: Framework, data: pd.DataFrame) -> list[Entity]:
    rows = data.to_dict("records")
    by_key = {(r["entity_id"], int(r["year"])): r for r in rows}
    out = []
    indicators = _indicators(fw.tree)
    for row in rows:
        year = int(row["year"])

        def lookup(name: str, lag: int, row: dict[str, Any] = row, year: int = year) -> Any:
            if lag == 0:
                return row.get(name)
            earlier = by_key.get((row["entity_id"], year - lag))
            return None if earlier is None else earlier.get(name)

        code = None if _missing(row.get("industry")) else str(row["industry"]).strip() or None
        seg = reference_segment(fw, row) if fw.segments else {"segment": "", "peer_key": ""}
        ent = Entity(row["entity_id"], year, code, seg["peer_key"], seg["segment"])
        for ind, _ in indicators:
            ent.own[ind.id] = _own(ind, row, lookup)
        out.append(ent)
    return out


# ── peer groups (6.8 b, README “Scoring conventions”) ─────────────────────────────────────────


class Peers:
    """The population a score is placed in: per (indicator, year, peer key) the list of
    (industry code, value) of every enterprise with a value; a group is a scan of it."""

    def __init__(self, fw: Framework, population: list[Entity]) -> None:
        self.fw = fw
        peer_scored = {i.id for i, _ in _indicators(fw.tree) if i.method in PEER_METHODS}
        self.pool: dict[tuple[str, int, str], list[tuple[str | None, float]]] = {}
        for ent in population:
            for ind_id, own in ent.own.items():
                if ind_id in peer_scored and own.value is not None:
                    key = (ind_id, ent.year, ent.peer_key)
                    self.pool.setdefault(key, []).append((ent.code, own.value))
        self._groups: dict[tuple[str, int, str, str], list[float]] = {}

    def group(self, ind_id: str, year: int, key: str, prefix: str) -> list[float]:
        """Every enterprise of that year (and key) whose code starts with ``prefix`` and that
        has a value; prefix "" is 全部 (with or without a code)."""
        memo = (ind_id, year, key, prefix)
        if memo not in self._groups:
            pool = self.pool.get((ind_id, year, key), [])
            self._groups[memo] = [
                v
                for code, v in pool
                if prefix == "" or (code is not None and code.startswith(prefix))
            ]
        return self._groups[memo]

    def choose(self, ind_id: str, ent: Entity) -> tuple[str, int, list[float], bool, bool]:
        """(prefix, level, values, fallen back, sufficient): the narrowest level whose group
        holds at least ``min_size``; a code shorter than a level has no group there."""
        assert self.fw.peer is not None
        levels = self.fw.peer.levels
        tried: list[tuple[str, int, list[float]]] = []
        for i, level in enumerate(levels):
            if level == 0:
                prefix = ""
            elif ent.code is None or len(ent.code) < level:
                continue
            else:
                prefix = ent.code[:level]
            values = self.group(ind_id, ent.year, ent.peer_key, prefix)
            tried.append((prefix, level, values))
            if len(values) >= self.fw.peer.min_size:
                return prefix, level, values, i > 0, True
        if not tried:
            return "", 0, [], True, False
        prefix, level, values = tried[-1]  # the widest group there is: 全部 when listed
        return prefix, level, values, True, False


def _framework(fw: Framework | str) -> Framework:
    return load_framework(fw) if isinstance(fw, str) else fw


def _label(fw: Framework, key: str, prefix: str) -> str:
    name = prefix or ALL
    return f"{key}|{name}" if fw.segments else name


# ── indicators and totals ─────────────────────────────────────────────────────────────────────


def reference_indicators(
    fw: Framework | str,
    data: pd.DataFrame,
    *,
    missing_rule: str | None = None,
    small_peers: str | None = None,
    population: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per entity, year and indicator: value, category, the peer group (label, level
    as the prefix length with 0 for 全部, n, fallback), the method's score, the score after
    the rules of 6.9, the rule applied and the missing evidence pieces.

    ``population``: a wide table of other enterprises; the entities of ``data`` are then
    placed among its groups (a reference peer table's semantics) instead of their own."""
    fw = _framework(fw)
    rule = MissingRule(missing_rule or fw.rules.missing)
    small = SmallPeers(small_peers or (fw.peer.small_peers if fw.peer else SmallPeers.withhold))
    missing_score = {
        MissingRule.general: fw.rules.general_score,
        MissingRule.zero: 0.0,
        MissingRule.exclude: None,
    }[rule]
    entities = _entities(fw, data)
    peers = Peers(fw, entities if population is None else _entities(fw, population))
    methods = {
        Method.peer_percentile: lambda x, vals, d: tiered_score(
            x, vals, d, fw.peer.tiers if fw.peer else []
        ),
        Method.peer_normal: normal_score,
        Method.peer_poisson: poisson_score,
    }
    out = []
    for ent in entities:
        for ind, node_id in _indicators(fw.tree):
            own = ent.own[ind.id]
            rec: dict[str, Any] = {
                "entity_id": ent.entity_id,
                "year": ent.year,
                "no": ind.no,
                "indicator_id": ind.id,
                "node_id": node_id,
                "method": str(ind.method),
                "value": own.value,
                "category": own.category,
                "reported": own.reported,
                "peer_group": None,
                "peer_level": None,
                "peer_n": None,
                "peer_fallback": None,
                "peer_score": None,
                "score": None,
                "rule": None,
                "missing_pieces": own.missing_pieces,
            }
            if fw.segments:
                rec["segment"] = ent.segment
            insufficient = False
            if ind.method in PEER_METHODS and own.value is not None:
                prefix, level, values, fallback, enough = peers.choose(ind.id, ent)
                rec.update(
                    peer_group=_label(fw, ent.peer_key, prefix),
                    peer_level=level,
                    peer_n=len(values),
                    peer_fallback=fallback,
                )
                if values:
                    rec["peer_score"] = methods[ind.method](own.value, values, str(ind.direction))
                insufficient = not enough
                rec["score"] = rec["peer_score"]
            else:
                rec["score"] = own.base
            # the rules of 6.9, in the documented order
            if own.violation:  # d) whatever the value
                rec["score"], rec["rule"] = 0.0, "violation"
            elif own.undetermined or (rec["score"] is None and not insufficient):  # b), e), any
                rec["score"], rec["rule"] = missing_score, f"missing:{rule.value}"
            elif insufficient:  # no rating against oneself
                if small == SmallPeers.withhold:
                    rec["score"], rec["rule"] = None, "peer_insufficient"
                else:
                    rec["rule"] = "peer_insufficient:issue"
            out.append(rec)
    return pd.DataFrame(out)


def _weights(fw: Framework, segment: str) -> dict[str, float]:
    """Node and indicator weights of a segment: the model's where it gives one, else the
    framework's; an indicator without a weight shares what its siblings leave equally."""
    given: dict[str, float] = {}
    if fw.segments:
        model = next((m for m in fw.segments.models if m.id == segment), None)
        if model is not None:
            given = dict(model.weights)
    weights: dict[str, float] = {}

    def visit(items: list[tuple[str, float | None]]) -> None:
        resolved = [(i, given.get(i, w)) for i, w in items]
        unset = [i for i, w in resolved if w is None]
        rest = 1.0 - sum(w for _, w in resolved if w is not None)
        for i, w in resolved:
            weights[i] = w if w is not None else rest / len(unset)

    def walk(nodes: list[TreeNode]) -> None:
        for n in nodes:
            siblings = [(c.id, c.weight) for c in n.children] + [
                (i.id, i.weight) for i in n.indicators
            ]
            visit(siblings)
            walk(n.children)

    visit([(n.id, n.weight) for n in fw.tree])
    walk(fw.tree)
    return weights


def _mean(parts: list[tuple[float, float]]) -> float | None:
    """Formula (1) at one node: Σ wᵢ·sᵢ ÷ Σ wᵢ over the children with a score."""
    total_w = math.fsum(wi for wi, _ in parts)
    if not parts or total_w == 0:
        return None
    return math.fsum(wi * si for wi, si in parts) / total_w


def _node_score(
    node: TreeNode, scores: dict[str, float | None], w: dict[str, float]
) -> float | None:
    parts = [(w[c.id], s) for c in node.children if (s := _node_score(c, scores, w)) is not None]
    parts += [(w[i.id], s) for i in node.indicators if (s := scores.get(i.id)) is not None]
    return _mean(parts)


def total_score(
    fw: Framework, scores: dict[str, float | None], w: dict[str, float]
) -> float | None:
    """S of formula (1), node by node, over the indicators with a score."""
    return _mean([(w[n.id], s) for n in fw.tree if (s := _node_score(n, scores, w)) is not None])


def reference_assess(
    fw: Framework | str,
    data: pd.DataFrame,
    *,
    missing_rule: str | None = None,
    small_peers: str | None = None,
    population: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per entity-year: score (formula (1)), grade (Annex B) and ``withheld`` (不予评级: an
    indicator lacked a peer basis under small_peers withhold; score and grade then None);
    ``marked`` when a total was issued on a small group (small_peers issue)."""
    fw = _framework(fw)
    rows = reference_indicators(
        fw, data, missing_rule=missing_rule, small_peers=small_peers, population=population
    )
    return totals_of(fw, rows)


def totals_of(fw: Framework, rows: pd.DataFrame) -> pd.DataFrame:
    """``reference_assess`` from the rows ``reference_indicators`` gave."""
    out = []
    for (entity_id, year), g in rows.groupby(["entity_id", "year"], sort=False):
        segment = g["segment"].iloc[0] if "segment" in g else ""
        withheld = bool((g["rule"] == "peer_insufficient").any())
        marked = bool((g["rule"] == "peer_insufficient:issue").any())
        scores = {
            r.indicator_id: (None if pd.isna(r.score) else float(r.score)) for r in g.itertuples()
        }
        score = None if withheld else total_score(fw, scores, _weights(fw, segment))
        rec: dict[str, Any] = {
            "entity_id": entity_id,
            "year": year,
            "score": score,
            "grade": grade_of(score, fw),
            "withheld": withheld,
            "marked": marked,
        }
        if fw.segments:
            rec["segment"] = segment
        out.append(rec)
    return pd.DataFrame(out)


# ── comparison ────────────────────────────────────────────────────────────────────────────────


def _withheld(row: Any, suffix: str) -> bool:
    flag = getattr(row, "withheld" + suffix, None)
    if flag is not None and not _missing(flag):
        return bool(flag)
    grade = getattr(row, "grade" + suffix, None)
    return _missing(getattr(row, "score" + suffix, None)) or grade == "不予评级"


def compare(engine_totals: pd.DataFrame, reference_totals: pd.DataFrame) -> tuple[float, int, int]:
    """(max |Δ total| over rows both score, grade mismatches — a withheld total on one side
    only, or a row on one side only, counts as one — rows compared)."""

    def side(t: pd.DataFrame, suffix: str) -> pd.DataFrame:
        cols = ["score", "grade"] + (["withheld"] if "withheld" in t else [])
        t = t[["entity_id", "year", *cols]].assign(present=True)
        return t.rename(columns={c: c + suffix for c in [*cols, "present"]})

    both = side(engine_totals, "_eng").merge(
        side(reference_totals, "_ref"), on=["entity_id", "year"], how="outer"
    )
    max_diff, mismatches = 0.0, 0
    for row in both.itertuples():
        if _missing(row.present_eng) or _missing(row.present_ref):
            mismatches += 1
            continue
        we, wr = _withheld(row, "_eng"), _withheld(row, "_ref")
        if we != wr:
            mismatches += 1
            continue
        if we:
            continue
        max_diff = max(max_diff, abs(float(row.score_eng) - float(row.score_ref)))
        if row.grade_eng != row.grade_ref:
            mismatches += 1
    return max_diff, mismatches, len(both)

"""Hypothesis properties (DESIGN.md “Tests”): the formula language, formulas run on DuckDB,
scoring monotonicity, grade bands and unit conversion.

(a) the parser accepts every expression the grammar generates (and returns exactly the tree
    it was generated from) and refuses anything else with ``FormulaError`` — no other
    exception, and nothing is ever executed;
(b) compiled formulas run on DuckDB agree with a small reference interpreter written here,
    including NULL inputs and zero divisors (value NULL, and the reason);
(c) a better value never scores lower: ``levels``, ``leading_ratio`` (both directions, with a
    cap) and the three peer methods within one peer group, through ``service.assess``;
(d) grade bands: every score in [0, 100] gets exactly one grade, lower bound inclusive;
(e) unit factors round-trip, compose, and incompatible units raise ``DataError``.

Engine-backed properties keep their example counts small: each example is one ``assess``
call over a whole batch of entities, so a handful of examples covers many cases.
"""

from __future__ import annotations

import math
import statistics
import sys
from collections.abc import Callable
from typing import Any

import ibis
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scipy import stats

from parkesg.engine.aggregate import grade_of
from parkesg.errors import DataError, FormulaError, FrameworkError, ParkesgError
from parkesg.formula.compile import compile_formula
from parkesg.formula.parse import (
    COMPARISONS,
    FUNCTIONS,
    KEYWORDS,
    MAX_LAG,
    MAX_LENGTH,
    Binary,
    Call,
    Field,
    Node,
    Num,
    Unary,
    fields,
    parse,
)
from parkesg.frameworks.checks import check_framework
from parkesg.frameworks.loader import list_frameworks, load_catalogue, load_framework
from parkesg.frameworks.schema import (
    Band,
    FieldDef,
    Framework,
    Indicator,
    Kind,
    Peer,
    Source,
    Text,
    Thresholds,
)
from parkesg.frameworks.schema import (
    Node as TreeNode,
)
from parkesg.service import assess
from parkesg.units import factor


def engine(max_examples: int) -> Any:
    """Settings for engine-backed properties: few examples, no deadline (DuckDB warms up)."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.fixture(scope="module")
def con() -> Any:
    return ibis.duckdb.connect()


# ══ (a) the formula grammar ═══════════════════════════════════════════════════════════════

# precedence level of what each node renders as (9 = atom) and the least level each operand
# must have to be written without parentheses — read straight off the grammar:
#   or := and ('or' and)*   and := not ('and' not)*   not := 'not' not | cmp
#   cmp := sum (CMP sum)?   sum := term (('+'|'-') term)*   term := unary (('*'|'/') unary)*
#   unary := '-' unary | power   power := atom ('**' unary)?
LEVEL = {"or": 1, "and": 2, **dict.fromkeys(COMPARISONS, 4), "+": 5, "-": 5, "*": 6, "/": 6}
LEVEL["**"] = 8
OPERANDS = {"or": (1, 2), "and": (2, 3), **dict.fromkeys(COMPARISONS, (5, 5))}
OPERANDS.update({"+": (5, 6), "-": (5, 6), "*": (6, 7), "/": (6, 7), "**": (9, 7)})


def _tokens(node: Node, wrap: Callable[[], bool]) -> tuple[list[str], int]:
    def sub(child: Node, need: int) -> list[str]:
        toks, level = _tokens(child, wrap)
        return ["(", *toks, ")"] if level < need or wrap() else toks

    match node:
        case Num(value):
            return [repr(value) if math.isfinite(value) else "1e999"], 9
        case Field(name, 0):
            return [name], 9
        case Field(name, lag):
            return [name, "[", "-", str(lag), "]"], 9
        case Call(func, args):
            out = [func, "("]
            for n, arg in enumerate(args):
                out += [","] * (n > 0) + sub(arg, 1)
            return [*out, ")"], 9
        case Unary("not", operand):
            return ["not", *sub(operand, 3)], 3
        case Unary("-", operand):
            return ["-", *sub(operand, 7)], 7
        case Binary(op, left, right):
            need_left, need_right = OPERANDS[op]
            return [*sub(left, need_left), op, *sub(right, need_right)], LEVEL[op]
    raise AssertionError(node)


def _wordish(ch: str) -> bool:
    return ch.isalnum() or ch in "_."


def render(node: Node, wrap: Callable[[], bool] = lambda: False, compact: bool = False) -> str:
    """Write a tree back as formula text with the fewest parentheses the grammar needs
    (``wrap`` may add redundant ones); ``compact`` drops every space it can."""
    toks, _ = _tokens(node, wrap)
    if not compact:
        return " ".join(toks)
    out = toks[0]
    for tok in toks[1:]:
        out += (" " if _wordish(out[-1]) and _wordish(tok[0]) else "") + tok
    return out


names = st.from_regex(r"[a-z_][a-z0-9_]{0,7}", fullmatch=True).filter(lambda s: s not in KEYWORDS)
numbers = st.one_of(
    st.integers(0, 10**9).map(float),
    st.floats(min_value=0.0, max_value=1e300, allow_nan=False, allow_infinity=False).map(abs),
)
grammar_leaves = st.one_of(
    numbers.map(Num),
    names.map(Field),
    st.builds(Field, names, st.integers(1, MAX_LAG)),
)


def _calls(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    def of(func: str) -> st.SearchStrategy[Node]:
        low, high = FUNCTIONS[func]
        args = st.lists(children, min_size=low, max_size=high or low + 2)
        return args.map(lambda a: Call(func, tuple(a)))

    return st.sampled_from(sorted(FUNCTIONS)).flatmap(of)


def _grammar_extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    return st.one_of(
        st.builds(Binary, st.sampled_from(sorted(OPERANDS)), children, children),
        st.builds(Unary, st.sampled_from(["-", "not"]), children),
        _calls(children),
    )


grammar_trees = st.recursive(grammar_leaves, _grammar_extend, max_leaves=15)


def _assert_well_formed(node: Node) -> None:
    """A parse result contains only the whitelisted node kinds, operators and functions."""
    match node:
        case Num(value):
            assert isinstance(value, float) and value >= 0
        case Field(name, lag):
            assert name.isidentifier() and name.isascii() and name not in KEYWORDS
            assert 0 <= lag <= MAX_LAG
        case Unary(op, operand):
            assert op in ("-", "not")
            _assert_well_formed(operand)
        case Binary(op, left, right):
            assert op in OPERANDS
            _assert_well_formed(left)
            _assert_well_formed(right)
        case Call(func, args):
            low, high = FUNCTIONS[func]
            assert low <= len(args) <= (high or len(args))
            for arg in args:
                _assert_well_formed(arg)
        case _:
            raise AssertionError(f"unexpected node {node!r}")


@settings(max_examples=300, deadline=None)
@given(tree=grammar_trees, data=st.data())
def test_parser_accepts_every_expression_of_the_grammar(tree: Node, data: st.DataObject) -> None:
    rnd = data.draw(st.randoms(use_true_random=False))
    for text in (
        render(tree),
        render(tree, compact=True),
        render(tree, wrap=lambda: rnd.random() < 0.2, compact=rnd.random() < 0.5),
    ):
        if len(text) <= MAX_LENGTH:
            assert parse(text) == tree, text


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("a[-1]", Field("a", 1)),
        ("-a ** 2", Unary("-", Binary("**", Field("a"), Num(2.0)))),
        ("a ** b ** c", Binary("**", Field("a"), Binary("**", Field("b"), Field("c")))),
        ("a ** -b", Binary("**", Field("a"), Unary("-", Field("b")))),
        ("a - b - c", Binary("-", Binary("-", Field("a"), Field("b")), Field("c"))),
        ("a / b * c", Binary("*", Binary("/", Field("a"), Field("b")), Field("c"))),
        ("not a < b", Unary("not", Binary("<", Field("a"), Field("b")))),
        ("a or b and c", Binary("or", Field("a"), Binary("and", Field("b"), Field("c")))),
        ("1e5 + 2E-3 + 3.25", Binary("+", Binary("+", Num(1e5), Num(2e-3)), Num(3.25))),
        ("order + notes + android", Binary("+", Binary("+", Field("order"), Field("notes")), Field("android"))),
        ("min + max", Binary("+", Field("min"), Field("max"))),  # names, not calls
        ("if(a >= 1, min(a, b, 2), coalesce(c, 0))", Call("if", (
            Binary(">=", Field("a"), Num(1.0)),
            Call("min", (Field("a"), Field("b"), Num(2.0))),
            Call("coalesce", (Field("c"), Num(0.0))),
        ))),
    ],
)  # fmt: skip
def test_parser_examples(text: str, tree: Node) -> None:
    assert parse(text) == tree


REFUSED = [
    "a +* b",
    "__import__('os')",
    "a.b",
    "lambda: 1",
    "a[1]",
    "a[-0]",
    "a[-11]",
    "a[-1.0]",
    "",
    "   ",
    "a b",
    "a < b < c",
    "a = b",
    "min(a)",
    "abs(a, b)",
    "if(a, b)",
    "f(a)",
    "1.e5",
    "not",
    "a and",
    "(a",
    "a)",
    "a,b",
    "a ^ b",
    "a % b",
    "a // b",
    "a if b else c",
    "x" * (MAX_LENGTH + 1),
]


@pytest.mark.parametrize("text", REFUSED)
def test_parser_refuses_text_outside_the_grammar(text: str) -> None:
    with pytest.raises(FormulaError):
        parse(text)


JUNK = [
    "_", ".", "'", '"', ";", "@", "{", "}", ":", "lambda", "import", "__import__", "os",
    "exec", "eval", "(", ")", "[", "]", "-", "+", "*", "/", "**", ",", "=", "!", "<", ">",
    "not", "and", "or", "min", "if", "abs", "1", "0", "2.5", "e", "a", "b", " ", "\t", "\n",
    "\\", "#", "$", "%", "`", "能", "（", "\x00",
]  # fmt: skip
junk_text = st.one_of(
    st.lists(st.sampled_from(JUNK), max_size=25).map("".join),
    st.text(max_size=40),
)


@settings(max_examples=400, deadline=None)
@given(text=junk_text)
def test_parser_refuses_arbitrary_text_only_with_formula_error(text: str) -> None:
    """Any text: either a well-formed whitelisted tree that re-renders to itself, or
    FormulaError — never another exception."""
    try:
        tree = parse(text)
    except FormulaError:
        return
    _assert_well_formed(tree)
    assert parse(render(tree)) == tree


NEVER_IN_A_FORMULA = list("'\";@{}:#$?`~|&^%\\") + ["\x00", "能", "＋", "lambda: "]


@settings(max_examples=200, deadline=None)
@given(tree=grammar_trees, bad=st.sampled_from(NEVER_IN_A_FORMULA), data=st.data())
def test_a_foreign_character_anywhere_is_refused(tree: Node, bad: str, data: st.DataObject) -> None:
    text = render(tree)
    at = data.draw(st.integers(0, len(text)))
    with pytest.raises(FormulaError):
        parse(text[:at] + bad + text[at:])


PAYLOADS = [
    "__import__('sys').modules.setdefault('parkesg_pwned', 1)",
    "exec(\"import sys; sys.modules['parkesg_pwned'] = 1\")",
    "eval('__import__(\"sys\")').modules.setdefault('parkesg_pwned', 1)",
    "().__class__.__bases__[0].__subclasses__()",
    "open('/tmp/parkesg_pwned', 'w')",
    "a; import os",
    "a if __import__('sys').modules.setdefault('parkesg_pwned', 1) else b",
    "{'a': 1}",
    "[x for x in a]",
    "lambda a: a",
    "a @ b",
    "f'{a}'",
]


@settings(max_examples=100, deadline=None)
@given(payload=st.sampled_from(PAYLOADS), prefix=st.sampled_from(["", "a + ", "min(a, "]))
def test_python_payloads_are_refused_and_never_run(payload: str, prefix: str) -> None:
    with pytest.raises(FormulaError):
        parse(prefix + payload)
    assert "parkesg_pwned" not in sys.modules


@pytest.mark.parametrize(
    "text",
    [
        "(" * 150 + "a" + ")" * 150,  # 301 characters
        "-" * 990 + "a",
        "a" + " ** a" * 300,
        "a+" * 999 + "a",  # 1999 characters: parses, but reading its fields recurses
    ],
    ids=["parentheses-150", "minus-990", "power-300", "sum-1000"],
)
def test_deep_formulas_are_a_formula_error_not_a_crash(text: str) -> None:
    """Under MAX_LENGTH every text either parses (and its fields can be read) or is a
    FormulaError; a RecursionError would be a traceback in the CLI."""
    assert len(text) <= MAX_LENGTH
    try:
        fields(parse(text))
    except FormulaError:
        pass


# ══ (b) compiled formulas on DuckDB vs a reference interpreter ════════════════════════════

REF_FIELDS = ("a", "b", "c")
ref_numbers = st.one_of(
    st.sampled_from([0.0, 1.0, 2.0, 0.5, 10.0, 10000.0]),
    st.integers(0, 20).map(float),
)
ref_values = st.one_of(
    st.none(),
    st.just(0.0),
    st.integers(-20, 20).map(float),
    st.floats(-1000, 1000, allow_nan=False).filter(lambda v: v == 0 or abs(v) >= 1e-3),
)
arith_leaves = st.one_of(ref_numbers.map(Num), st.sampled_from(REF_FIELDS).map(Field))


def _arith_extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    return st.one_of(
        st.builds(Binary, st.sampled_from(["+", "-", "*", "/"]), children, children),
        st.builds(Unary, st.just("-"), children),
    )


def _full_extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    ops = sorted(set(OPERANDS) - {"**"})
    return st.one_of(
        st.builds(Binary, st.sampled_from(ops), children, children),
        st.builds(Unary, st.sampled_from(["-", "not"]), children),
        _calls(children),
    )


arith_trees = st.recursive(arith_leaves, _arith_extend, max_leaves=10)
full_trees = st.recursive(arith_leaves, _full_extend, max_leaves=10)
rows = st.lists(st.fixed_dictionaries({f: ref_values for f in REF_FIELDS}), min_size=1, max_size=8)

Result = tuple[float | None, list[str]]  # value, reasons in the order the engine reports them


def reference(node: Node, row: dict[str, float | None], src: str) -> Result:
    """The formula language's meaning, written plainly: any reason makes the value NULL; the
    reason reported is the first one met left to right, a node's own after its operands'."""

    def ev(n: Node) -> Result:
        return reference(n, row, src)

    match node:
        case Num(value):
            return value, []
        case Field(name, _):
            v = row[name]
            return (None, [f"缺少数据：{name}"]) if v is None else (v, [])
        case Unary(op, operand):
            v, why = ev(operand)
            if why:
                return None, why
            return (-v if op == "-" else float(v == 0)), []  # type: ignore[operator]
        case Binary(op, left, right):
            (x, wx), (y, wy) = ev(left), ev(right)
            if wx or wy:
                return None, wx + wy
            assert x is not None and y is not None
            if op == "/":
                return (None, [f"除数为零：{src}"]) if y == 0 else (x / y, [])
            table = {
                "+": lambda: x + y, "-": lambda: x - y, "*": lambda: x * y,
                "<": lambda: float(x < y), "<=": lambda: float(x <= y),
                ">": lambda: float(x > y), ">=": lambda: float(x >= y),
                "==": lambda: float(x == y), "!=": lambda: float(x != y),
                "and": lambda: float(x != 0 and y != 0), "or": lambda: float(x != 0 or y != 0),
            }  # fmt: skip
            return table[op](), []
        case Call(func, args):
            evs = [ev(a) for a in args]
            why = [w for _, ws in evs for w in ws]
            if func == "if":
                (c, wc), then, other = evs
                if wc:
                    return None, wc
                return then if c != 0 else other
            if func == "coalesce":
                for v, ws in evs:
                    if not ws:
                        return v, []
                return None, why
            if why:
                return None, why
            vals = [v for v, _ in evs]
            if func == "abs":
                return abs(vals[0]), []  # type: ignore[arg-type]
            return (min if func == "min" else max)(vals), []  # type: ignore[type-var]
    raise AssertionError(node)


def _run_compiled(con: Any, src: str, data: list[dict[str, float | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(data, columns=list(REF_FIELDS), dtype="float64")
    frame["i"] = range(len(frame))
    table = ibis.memtable(frame)
    compiled = compile_formula(src, lambda name, lag: table[name])
    out = con.execute(table.select("i", value=compiled.value, reason=compiled.reason))
    return out.sort_values("i").reset_index(drop=True)


def _check_against_reference(con: Any, tree: Node, data: list[dict[str, float | None]]) -> None:
    src = render(tree)
    out = _run_compiled(con, src, data)
    for row, (_, got) in zip(data, out.iterrows(), strict=True):
        want, why = reference(tree, row, src)
        if why:
            assert pd.isna(got.value), (src, row)
            assert got.reason == why[0], (src, row)
        else:
            assert pd.isna(got.reason), (src, row, got.reason)
            assert not pd.isna(got.value), (src, row)
            assert got.value == pytest.approx(want, rel=1e-9, abs=1e-12), (src, row)


@engine(50)
@given(tree=arith_trees, data=rows)
@example(tree=Binary("/", Field("a"), Field("b")), data=[{"a": 1.0, "b": 0.0, "c": None}])
@example(
    tree=Binary("/", Field("a"), Binary("-", Field("b"), Field("b"))),
    data=[{"a": None, "b": 3.0, "c": 1.0}],
)
@example(tree=Binary("+", Field("a"), Field("c")), data=[{"a": 0.0, "b": 0.0, "c": None}])
def test_arithmetic_on_duckdb_agrees_with_reference(con: Any, tree: Node, data: list[dict[str, float | None]]) -> None:  # fmt: skip
    _check_against_reference(con, tree, data)


@engine(50)
@given(tree=full_trees, data=rows)
@example(
    tree=Call("if", (Binary(">", Field("a"), Num(0.0)), Field("b"), Field("c"))),
    data=[{"a": 1.0, "b": 2.0, "c": None}, {"a": None, "b": 2.0, "c": 3.0}],
)
@example(tree=Call("coalesce", (Field("a"), Binary("/", Field("b"), Num(0.0)), Field("c"))), data=[{"a": None, "b": 1.0, "c": None}])  # fmt: skip
# where SQL would skip an unknown (NULL AND FALSE is FALSE, LEAST ignores a NULL, CASE takes
# ELSE on a NULL condition) the value must still be unknown, with its reason
@example(tree=Binary("and", Binary(">", Field("a"), Num(0.0)), Binary(">", Field("b"), Num(0.0))), data=[{"a": None, "b": -1.0, "c": None}])  # fmt: skip
@example(tree=Binary("or", Binary(">", Field("a"), Num(0.0)), Binary(">", Field("b"), Num(0.0))), data=[{"a": None, "b": 1.0, "c": None}])  # fmt: skip
@example(tree=Call("min", (Field("a"), Field("b"))), data=[{"a": None, "b": 1.0, "c": None}])
# found by hypothesis in CI: Ibis writes (NOT x) IS NULL as NOT x IS NULL, i.e. NOT (x IS NULL)
@example(tree=Call("if", (Unary("not", Field("a")), Num(0.0), Num(0.0))), data=[{"a": None, "b": None, "c": None}])  # fmt: skip
@example(tree=Call("if", (Unary("not", Num(0.0)), Num(0.0), Num(0.0))), data=[{"a": None, "b": None, "c": None}])  # fmt: skip
@example(tree=Call("if", (Field("a"), Field("b"), Field("c"))), data=[{"a": None, "b": 1.0, "c": 2.0}])  # fmt: skip
def test_functions_and_conditions_on_duckdb_agree_with_reference(con: Any, tree: Node, data: list[dict[str, float | None]]) -> None:  # fmt: skip
    _check_against_reference(con, tree, data)


@pytest.mark.parametrize(
    ("src", "a", "b"),
    [
        ("a * 1e999", 2.0, 1.0),  # a literal that is inf
        ("a ** -1", 0.0, 1.0),  # 0 ** -1: a division by zero in disguise
        ("a * b", 1e200, 1e200),  # overflow
    ],
)
def test_no_inf_or_nan_leaves_a_formula(con: Any, src: str, a: float, b: float) -> None:
    """DESIGN.md: “never a silent NaN or inf” — a value is finite, or NULL with a reason.
    (Alternatively the parser may refuse the formula with FormulaError.)"""
    try:
        out = _run_compiled(con, src, [{"a": a, "b": b, "c": 1.0}])
    except FormulaError:
        return
    value, reason = out.value[0], out.reason[0]
    assert (not pd.isna(value) and math.isfinite(value)) or (pd.isna(value) and not pd.isna(reason)), (value, reason)  # fmt: skip


def test_a_long_formula_runs_or_is_refused(con: Any) -> None:
    """A 499-character sum (well under MAX_LENGTH) must compute or be a ParkesgError."""
    src = "+".join(["a"] * 250)
    try:
        out = _run_compiled(con, src, [{"a": 1.0, "b": 1.0, "c": 1.0}])
    except ParkesgError:
        return
    assert out.value[0] == 250.0


# ══ (c) a better value never scores lower ═════════════════════════════════════════════════

RANK = {"未达一般": 0, "一般": 1, "先进": 2}


def _framework(indicators: list[Indicator], own: list[FieldDef], **extra: Any) -> Framework:
    fw = Framework(
        id="prop-test",
        title=Text(zh="性质测试"),
        source=Source(code="TEST", title=Text(zh="性质测试")),
        entity_kind="enterprise",
        fields=own,
        tree=[TreeNode(id="N", name=Text(zh="节点"), indicators=indicators)],
        **extra,
    )
    check_framework(fw, load_catalogue(), "in-memory")  # the same checks as a file
    return fw


def _indicator(no: int, ident: str, formula: str, method: str, **kw: Any) -> Indicator:
    return Indicator(
        no=str(no),
        id=ident,
        name=Text(zh=ident),
        formula=formula,
        method=method,
        clause="测试",
        **kw,
    )


def _better_or_equal(x: float, y: float, direction: str) -> bool:
    return x >= y if direction == "higher" else x <= y


moderate = st.floats(-1e4, 1e4, allow_nan=False).map(lambda v: v + 0.0)  # no -0.0


@st.composite
def single_value_cases(draw: st.DrawFn) -> dict[str, Any]:
    # thresholds as a standard prints them (≤ 6 decimals); see the test after this one
    printed = moderate.map(lambda v: round(v, 6) + 0.0)
    low, high = sorted(draw(st.lists(printed, min_size=2, max_size=2)))
    required = draw(printed)
    leading = draw(st.floats(0.01, 1e4))
    cap = draw(st.one_of(st.just(120.0), st.floats(50, 300)))
    special = [low, high, required, leading, 0.0, leading * cap / 100, leading * 100 / cap, -1.0]
    values = draw(st.lists(st.one_of(moderate, st.sampled_from(special)), min_size=2, max_size=10))
    return {"low": low, "high": high, "required": required, "leading": leading, "cap": cap, "values": values}  # fmt: skip


def _expected_level(v: float, direction: str, t: Thresholds) -> str:
    # the engine compares the value rounded to 9 decimals, so that 1.331 ** (1/3) meets 1.1
    def meets(limit: float) -> bool:
        return _better_or_equal(round(v, 9), limit, direction)

    if t.required is not None:
        return "先进" if meets(t.required) else "未达一般"
    if t.advanced is not None and meets(t.advanced):
        return "先进"
    return "一般" if meets(t.general or 0.0) else "未达一般"


def _expected_leading(v: float, direction: str, leading: float, cap: float) -> float:
    """higher: v / L × 100; lower: L / v × 100 (v ≤ 0 → cap); kept within [0, cap]."""
    if direction == "higher":
        ratio = v / leading * 100
    else:
        ratio = cap if v <= 0 else leading / v * 100
    return min(max(ratio, 0.0), cap)


@engine(12)
@given(case=single_value_cases())
@example(case={"low": 1.0, "high": 2.0, "required": 1.0, "leading": 2.0, "cap": 120.0, "values": [0.0, 1.0, 2.0, 2.4, 2.5, 3.0, -1.0, 1e4]})  # fmt: skip
def test_levels_and_leading_ratio_never_score_a_better_value_lower(case: dict[str, Any]) -> None:
    low, high, req = case["low"], case["high"], case["required"]
    thresholds = {
        "levels_higher": ("higher", Thresholds(general=low, advanced=high)),
        "levels_lower": ("lower", Thresholds(general=high, advanced=low)),
        "required_higher": ("higher", Thresholds(required=req)),
        "required_lower": ("lower", Thresholds(required=req)),
    }
    inds = [
        _indicator(n, ident, "prop_x", "levels", direction=d, thresholds=t)
        for n, (ident, (d, t)) in enumerate(thresholds.items(), start=1)
    ]
    for n, d in enumerate(("higher", "lower"), start=len(inds) + 1):
        inds.append(
            _indicator(n, f"leading_{d}", "prop_x", "leading_ratio", direction=d,
                       thresholds=Thresholds(leading=case["leading"]), cap=case["cap"])
        )  # fmt: skip
    fw = _framework(inds, [FieldDef(id="prop_x", name=Text(zh="x"))])
    values = case["values"]
    data = pd.DataFrame(
        {"entity_id": [f"e{i}" for i in range(len(values))], "year": 2023, "prop_x": values}
    )
    res = assess(fw, data, years=[2023])

    for ind in inds:
        got = res.indicators[res.indicators.indicator_id == ind.id].set_index("entity_id")
        d = ind.direction.value
        by_entity = {f"e{i}": v for i, v in enumerate(values)}
        for e, v in by_entity.items():
            row = got.loc[e]
            assert row.value == v
            if ind.method.value == "levels":
                assert row.level == _expected_level(v, d, ind.thresholds), (ind.id, v)
            else:
                want = _expected_leading(v, d, case["leading"], case["cap"])
                assert row.score == pytest.approx(want, rel=1e-12), (ind.id, v)
                assert row.score <= case["cap"]
        for e1, v1 in by_entity.items():
            for e2, v2 in by_entity.items():
                if _better_or_equal(v1, v2, d):
                    r1, r2 = got.loc[e1], got.loc[e2]
                    if ind.method.value == "levels":
                        assert RANK[r1.level] >= RANK[r2.level], (ind.id, v1, v2)
                    else:
                        assert r1.score >= r2.score, (ind.id, v1, v2, r1.score, r2.score)


@pytest.mark.parametrize("direction", ["higher", "lower"])
@pytest.mark.parametrize("kind", ["general", "required"])
def test_a_value_equal_to_its_threshold_meets_it(direction: str, kind: str) -> None:
    """“value ≥ general → 一般” (lower: ≤), whatever the threshold's decimals: the engine
    rounds the value to 9 decimals before comparing, and must not lose an exact tie."""
    t = 1.0000000001234
    ind = _indicator(
        1, "lv", "prop_x", "levels", direction=direction, thresholds=Thresholds(**{kind: t})
    )
    fw = _framework([ind], [FieldDef(id="prop_x", name=Text(zh="x"))])
    data = pd.DataFrame({"entity_id": ["e"], "year": [2023], "prop_x": [t]})
    level = assess(fw, data, years=[2023]).row("e", 2023, "lv")["level"]
    assert level == ("一般" if kind == "general" else "先进")


def test_leading_ratio_lower_without_cap_does_not_score_the_best_value_lowest() -> None:
    """Lower is better and no cap: a value ≤ 0 (zero emissions) is the best possible value.
    It must not score below a worse value — or the loader must demand a cap."""
    ind = _indicator(
        1, "leading_lower_no_cap", "prop_x", "leading_ratio",
        direction="lower", thresholds=Thresholds(leading=2.0),
    )  # fmt: skip
    try:
        fw = _framework([ind], [FieldDef(id="prop_x", name=Text(zh="x"))])
    except FrameworkError:
        return
    data = pd.DataFrame({"entity_id": ["zero", "worse"], "year": 2023, "prop_x": [0.0, 4.0]})
    res = assess(fw, data, years=[2023])
    best, worse = res.row("zero", 2023, ind.id), res.row("worse", 2023, ind.id)
    assert worse["score"] == pytest.approx(50.0)  # 2 / 4 × 100
    assert pd.isna(best["score"]) or best["score"] >= worse["score"], best["score"]


PEER_METHODS = ("peer_percentile", "peer_normal", "peer_poisson")
DEFAULT_TIERS = Peer().tiers


@st.composite
def peer_batches(draw: st.DrawFn) -> pd.DataFrame:
    """Several peer groups (each its own 5-character industry, ≥ 2 members with a value),
    floats for percentile / normal and counts for Poisson; sometimes an entity with nothing."""
    rows_: list[dict[str, Any]] = []
    for g in range(draw(st.integers(1, 5))):
        industry = f"C{17 + g:02d}{draw(st.integers(10, 99))}"
        pool = draw(st.lists(moderate, min_size=1, max_size=3))  # repeated values → ties
        floats = st.one_of(moderate, st.sampled_from(pool))
        for _ in range(draw(st.integers(2, 7))):
            rows_.append({"industry": industry, "prop_f": draw(floats), "prop_n": float(draw(st.integers(0, 30)))})  # fmt: skip
        if draw(st.booleans()):
            rows_.append({"industry": industry, "prop_f": None, "prop_n": None})
    frame = pd.DataFrame(rows_)
    frame.insert(0, "entity_id", [f"e{i:03d}" for i in range(len(frame))])
    frame.insert(1, "year", 2023)
    return frame


TINY_SPREAD = 1e-150  # engine/peer.py: below it σ² underflows and backends disagree (0 or not)


def _expected_peer(method: str, direction: str, x: float, peers: list[float]) -> float:
    higher = direction == "higher"
    n = len(peers)
    if method == "peer_percentile":
        rank = 1 + sum(1 for p in peers if (p > x if higher else p < x))
        p = 0.0 if n == 1 else (rank - 1) / (n - 1)
        return next(score for bound, score in DEFAULT_TIERS if p <= bound)
    mu = statistics.fmean(peers)
    if method == "peer_normal":
        sd = statistics.stdev(peers) if n > 1 else 0.0  # exact sums: no cancellation
        if sd < TINY_SPREAD:  # as the engine: a σ whose square underflows is no spread
            return 50.0
        z = (x - mu) / sd if higher else (mu - x) / sd
        return 100 * float(stats.norm.cdf(z))
    k = round(x)
    if higher:
        return 100 * float(stats.poisson.cdf(k, mu)) if mu > 0 else 100.0
    if k <= 0:
        return 100.0
    return 100 * float(stats.poisson.sf(k - 1, mu)) if mu > 0 else 0.0


@engine(5)
@given(data=peer_batches())
@example(
    data=pd.DataFrame(
        {
            "entity_id": ["t1", "t2", "t3", "t4", "t5", "u1", "u2"],
            "year": 2023,
            "industry": ["C2614"] * 5 + ["C3011"] * 2,
            "prop_f": [3.0, 3.0, 1.0, 0.0, 3.0, 5.0, 5.0],  # ties; a group of equal values
            "prop_n": [0.0, 0.0, 2.0, 7.0, 1.0, 0.0, 0.0],  # λ = 0 in C3011
        }
    )
)
def test_peer_methods_never_score_a_better_value_lower(data: pd.DataFrame) -> None:
    inds = [
        _indicator(n, f"{m}_{d}", "prop_n" if m == "peer_poisson" else "prop_f", m, direction=d)
        for n, (m, d) in enumerate(((m, d) for m in PEER_METHODS for d in ("higher", "lower")), 1)
    ]
    own = [FieldDef(id="prop_f", name=Text(zh="f")), FieldDef(id="prop_n", name=Text(zh="n"), unit="次")]  # fmt: skip
    fw = _framework(inds, own, peer=Peer(levels=[5, 3, 0], min_size=2))
    res = assess(fw, data, years=[2023])
    out = res.indicators.merge(data[["entity_id", "industry"]], on="entity_id")

    for ind in inds:
        m, d = ind.method.value, ind.direction.value
        for industry, grp in out[out.indicator_id == ind.id].groupby("industry"):
            have = grp[grp.value.notna()]
            assert len(have) >= 2
            assert set(have.peer_group) == {industry} and not have.peer_fallback.any()
            assert grp[grp.value.isna()].score.isna().all()  # rules.missing = exclude
            peers = list(have.value)
            for _, r in have.iterrows():
                assert 0 <= r.score <= 100
                want = _expected_peer(m, d, r.value, peers)
                assert r.score == pytest.approx(want, abs=1e-6), (ind.id, r.value, peers)
            for _, r1 in have.iterrows():
                for _, r2 in have.iterrows():
                    if _better_or_equal(r1.value, r2.value, d):
                        assert r1.score >= r2.score, (ind.id, r1.value, r2.value, peers)


# ══ (d) grade bands ═══════════════════════════════════════════════════════════════════════

# T/JDFA01—2025 Annex B: AAA 90–100, AA 75–90, A 60–75, BBB 45–60, BB 30–45, B 15–30, CCC 0–15
ANNEX_B = [
    Band(grade=g, min=lo, max=hi)
    for g, lo, hi in [
        ("AAA", 90, 100), ("AA", 75, 90), ("A", 60, 75), ("BBB", 45, 60),
        ("BB", 30, 45), ("B", 15, 30), ("CCC", 0, 15),
    ]
]  # fmt: skip
GRADED: dict[str, list[Band]] = {"annex-b-in-memory": ANNEX_B}
for _fid in list_frameworks():
    if load_framework(_fid).grades:
        GRADED[_fid] = list(load_framework(_fid).grades)


def _bands_containing(score: float, bands: list[Band]) -> list[str]:
    top = max(b.max for b in bands)
    return [b.grade for b in bands if b.min <= score < b.max or score == b.max == top]


def _edges(bands: list[Band]) -> list[float]:
    out: list[float] = []
    for b in bands:
        for v in (b.min, b.max):
            below, above = math.nextafter(v, -math.inf), math.nextafter(v, math.inf)
            out += [v, below, above, v - 0.001, v - 1e-8, v + 1e-8]
    return [v for v in out if 0 <= v <= 100]


@engine(50)
@pytest.mark.parametrize("fid", sorted(GRADED))
@given(scores=st.lists(st.floats(0, 100), min_size=1, max_size=40))
def test_every_score_gets_exactly_one_grade(con: Any, fid: str, scores: list[float]) -> None:
    bands = GRADED[fid]
    scores = scores + _edges(bands)
    table = ibis.memtable(pd.DataFrame({"i": range(len(scores)), "score": scores}))
    got = con.execute(table.select("i", "score", grade=grade_of(table.score, bands)))
    got = got.sort_values("i")
    for s, g in zip(got.score, got.grade, strict=True):
        assert len(_bands_containing(s, bands)) == 1, s  # the bands cover [0, 100] once
        # the engine grades the score rounded to 9 decimals (a float sum of 74.99999999999999
        # is 75, the AA bound); skip the rare score whose 10th decimal is a rounding tie
        if abs((s * 1e9) % 1 - 0.5) < 1e-3:
            continue
        hits = _bands_containing(round(s, 9), bands)
        assert len(hits) == 1, (s, hits)
        assert g == hits[0], (s, g, hits)


@pytest.mark.parametrize(
    ("score", "grade"),
    [(100.0, "AAA"), (90.0, "AAA"), (89.999, "AA"), (75.0, "AA"), (74.999, "A"), (60.0, "A"),
     (45.0, "BBB"), (30.0, "BB"), (15.0, "B"), (14.999, "CCC"), (0.0, "CCC")],
)  # fmt: skip
def test_annex_b_bands_lower_bound_inclusive(score: float, grade: str) -> None:
    assert _bands_containing(score, ANNEX_B) == [grade]


def test_annex_b_grades_through_assess() -> None:
    """End to end: an ordinal indicator gives exactly the score (one node, one indicator, so
    total = node = indicator score) and the totals carry the Annex B grade."""
    cases = {"s100": 100.0, "s90": 90.0, "s89": 89.999, "s75": 75.0, "s74": 74.999, "s15": 15.0, "s14": 14.999, "s0": 0.0}  # fmt: skip
    field = FieldDef(id="prop_cat", name=Text(zh="类别"), kind=Kind.ordinal, categories=list(cases))
    ind = _indicator(1, "graded", "prop_cat", "ordinal", kind=Kind.ordinal, categories=cases)
    fw = _framework([ind], [field], grades=ANNEX_B)
    data = pd.DataFrame({"entity_id": list(cases), "year": 2023, "prop_cat": list(cases)})
    totals = assess(fw, data, years=[2023]).totals.set_index("entity_id")
    for cat, score in cases.items():
        assert totals.loc[cat, "score"] == score
        assert totals.loc[cat, "grade"] == _bands_containing(score, ANNEX_B)[0], cat
    assert totals.loc["s75", "grade"] == "AA" and totals.loc["s74", "grade"] == "A"
    assert totals.loc["s100", "grade"] == "AAA" and totals.loc["s0", "grade"] == "CCC"


# ══ (e) units ═════════════════════════════════════════════════════════════════════════════

UNIT_GROUPS = [
    ["万元", "亿元", "元"],
    ["tce", "kgce", "吨标准煤", "万吨标准煤"],
    ["t", "kg", "万吨", "吨"],
    ["m3", "万立方米", "立方米", "m³"],
    ["km2", "m2", "亩", "公顷", "平方公里"],
    ["kWh", "万kWh", "千瓦时"],
    ["%", "‰", "1"],
]
same_group = st.sampled_from(UNIT_GROUPS).flatmap(
    lambda g: st.tuples(st.sampled_from(g), st.sampled_from(g), st.sampled_from(g))
)
two_groups = st.lists(st.sampled_from(range(len(UNIT_GROUPS))), min_size=2, max_size=2, unique=True)


@settings(max_examples=200, deadline=None)
@given(units=same_group)
def test_unit_factors_round_trip_and_compose(units: tuple[str, str, str]) -> None:
    a, b, c = units
    assert factor(a, b) * factor(b, a) == pytest.approx(1.0, rel=1e-12)
    assert factor(a, b) * factor(b, c) == pytest.approx(factor(a, c), rel=1e-12)
    assert factor(a, a) == 1.0


@settings(max_examples=100, deadline=None)
@given(groups=two_groups, data=st.data())
def test_incompatible_units_raise_data_error(groups: list[int], data: st.DataObject) -> None:
    a = data.draw(st.sampled_from(UNIT_GROUPS[groups[0]]))
    b = data.draw(st.sampled_from(UNIT_GROUPS[groups[1]]))
    with pytest.raises(DataError):
        factor(a, b)


@pytest.mark.parametrize(
    ("source", "target", "value"),
    [("万元", "元", 1e4), ("亿元", "万元", 1e4), ("tce", "kgce", 1e3), ("万吨", "t", 1e4),
     ("万立方米", "m3", 1e4), ("km2", "m2", 1e6), ("公顷", "m2", 1e4), ("亩", "m2", 2000 / 3),
     ("万kWh", "kWh", 1e4), ("%", "‰", 10.0), ("%", "1", 0.01)],
)  # fmt: skip
def test_unit_factor_values(source: str, target: str, value: float) -> None:
    assert factor(source, target) == pytest.approx(value, rel=1e-12)

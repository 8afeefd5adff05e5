"""Compile a formula tree into one columnar (Ibis) expression plus the reason it may fail.

Each node yields ``(value, reason)``: ``reason`` is NULL where the value is computable and a
Chinese sentence otherwise (a missing input, a zero divisor, a negative base under a root).
Every node's value is *strict* — NULL exactly where its reason is not — so a missing input
never hides behind ``min``/``max``, ``and``/``or`` or an ``if`` condition, and no NaN or inf
ever leaves the engine. That invariant lets the value be computed without its reason, and the
reason be evaluated only on the rows whose value is NULL: the sentence costs nothing on the
rows that compute.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from parkesg.formula.parse import Binary, Call, Field, Node, Num, Unary, parse

ColumnFor = Callable[[str, int], ir.Value]

_NO_REASON = ibis.literal(None, type="string")


@dataclass(frozen=True)
class Compiled:
    value: ir.FloatingValue
    reason: ir.StringValue


@dataclass(frozen=True)
class _Part:
    value: ir.Value
    reason: ir.StringValue
    boolean: bool = False

    def num(self) -> ir.NumericValue:
        return self.value.cast("float64") if self.boolean else self.value

    def cond(self) -> ir.BooleanValue:
        return self.value if self.boolean else (self.value != 0)


def _first(*reasons: ir.StringValue) -> ir.StringValue:
    return ibis.coalesce(*reasons)


def _when(cond: ir.BooleanValue, text: str) -> ir.StringValue:
    return ibis.ifelse(cond, ibis.literal(text), _NO_REASON)


def _strict(value: ir.Value, *args: ir.Value) -> ir.Value:
    """``value``, NULL where any of ``args`` is (for the operations SQL lets skip a NULL)."""
    # a boolean is tested as a number: Ibis writes ``(NOT x) IS NULL`` without parentheses,
    # and SQL reads ``NOT x IS NULL`` as ``NOT (x IS NULL)``
    tested = [a.cast("float64") if a.type().is_boolean() else a for a in args]
    unknown = functools.reduce(operator.or_, [a.isnull() for a in tested])
    return ibis.ifelse(unknown, ibis.null(value.type()), value)


def _field_label(name: str, lag: int) -> str:
    return name if lag == 0 else f"{name}[-{lag}]"


def fold(node: Node) -> float | None:
    """The value of a constant sub-expression (numbers only), or None."""
    match node:
        case Num(value):
            return value
        case Unary("-", operand):
            inner = fold(operand)
            return None if inner is None else -inner
        case Binary(op, left, right) if op in ("+", "-", "*", "/", "**"):
            a, b = fold(left), fold(right)
            if a is None or b is None or (op == "/" and b == 0) or (op == "**" and a < 0):
                return None
            try:
                result = {"+": a + b, "-": a - b, "*": a * b}.get(op)
                if result is None:
                    result = a / b if op == "/" else float(a**b)
            except OverflowError:
                return None
            return result if math.isfinite(result) else None
    return None


class _Compiler:
    def __init__(self, column: ColumnFor, src: str) -> None:
        self.column, self.src = column, src

    def visit(self, node: Node) -> _Part:
        constant = fold(node)
        if constant is not None:  # exact in Python; Spark SQL would type 1.0/3 as DECIMAL(…,6)
            return _Part(ibis.literal(constant, type="float64"), _NO_REASON)
        match node:
            case Num(value):
                return _Part(ibis.literal(value, type="float64"), _NO_REASON)
            case Field(name, lag):
                col = self.column(name, lag)
                return _Part(col, _when(col.isnull(), f"缺少数据：{_field_label(name, lag)}"))
            case Unary("-", operand):
                part = self.visit(operand)
                return _Part(-part.num(), part.reason)
            case Unary("not", operand):
                part = self.visit(operand)
                return _Part(~part.cond(), part.reason, boolean=True)
            case Binary(op, left, right):
                return self.binary(op, self.visit(left), self.visit(right), right)
            case Call(func, args):
                return self.call(func, [self.visit(a) for a in args])
        raise AssertionError(f"unknown node {node!r}")  # the parser builds no other node

    def binary(self, op: str, a: _Part, b: _Part, right: Node) -> _Part:
        reason = _first(a.reason, b.reason)
        if op in ("and", "or"):  # SQL: NULL AND FALSE is FALSE; here it is unknown
            value = a.cond() & b.cond() if op == "and" else a.cond() | b.cond()
            return _Part(_strict(value, a.value, b.value), reason, boolean=True)
        x, y = a.num(), b.num()
        if op in ("<", "<=", ">", ">=", "==", "!="):
            ops = {
                "<": x < y,
                "<=": x <= y,
                ">": x > y,
                ">=": x >= y,
                "==": x == y,
                "!=": x != y,
            }
            return _Part(ops[op], reason, boolean=True)
        if op == "/":
            zero = y == 0
            return _Part(
                ibis.ifelse(zero, ibis.null(), x / y),
                _first(reason, _when(zero, f"除数为零：{self.src}")),
            )
        if op == "**":
            integral = isinstance(right, Num) and float(right.value).is_integer()
            if integral:
                return _Part(x**y, reason)
            bad = x < 0
            return _Part(
                ibis.ifelse(bad, ibis.null(), x**y),
                _first(reason, _when(bad, f"负数不能开方：{self.src}")),
            )
        arith = {"+": x + y, "-": x - y, "*": x * y}
        return _Part(arith[op], reason)

    def call(self, func: str, args: list[_Part]) -> _Part:
        reasons = _first(*(a.reason for a in args))
        nums = [a.num() for a in args]
        if func == "abs":
            return _Part(nums[0].abs(), args[0].reason)
        if func == "min":  # LEAST and GREATEST skip a NULL
            return _Part(_strict(ibis.least(*nums), *nums), reasons)
        if func == "max":
            return _Part(_strict(ibis.greatest(*nums), *nums), reasons)
        if func == "if":  # CASE takes the ELSE branch on an unknown condition
            cond, then, other = args
            return _Part(
                _strict(ibis.ifelse(cond.cond(), then.num(), other.num()), cond.value),
                _first(cond.reason, ibis.ifelse(cond.cond(), then.reason, other.reason)),
            )
        # coalesce: computable when any argument is; its reason is the first one's otherwise
        value = ibis.coalesce(*nums)
        return _Part(value, ibis.ifelse(value.isnull(), reasons, _NO_REASON))


def compile_formula(src: str, column: ColumnFor) -> Compiled:
    """Columnar value and reason for ``src``; ``column(name, lag)`` supplies each input."""
    part = _Compiler(column, src).visit(parse(src))
    value = part.num().cast("float64")
    # inf or NaN from overflow (1e200 * 1e200, 0 ** -1) is “not computable”, never a number
    overflow = (value.abs() > 1.7e308) | value.isnan()
    reason = _first(part.reason, _when(value.notnull() & overflow, f"数值溢出：{src}"))
    final = ibis.ifelse(overflow, ibis.null(), value).cast("float64")  # NULL stays NULL
    return Compiled(value=final, reason=ibis.ifelse(final.isnull(), reason, _NO_REASON))

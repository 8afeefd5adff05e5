"""The formula language (DESIGN.md “Formula language”), parsed by a whitelist grammar.

Arithmetic ``+ - * / **``, parentheses, numbers, field names, ``field[-k]`` (the value k
years earlier), ``min max abs if coalesce``, comparisons and ``and or not``. Nothing else
is accepted, and nothing is ever evaluated as Python: the parser returns a small tree that
``compile.py`` turns into columnar expressions.

Grammar::

    expr  := or                     or  := and ('or' and)*      and := not ('and' not)*
    not   := 'not' not | cmp        cmp := sum (CMP sum)?
    sum   := term (('+'|'-') term)* term := unary (('*'|'/') unary)*
    unary := '-' unary | power      power := atom ('**' unary)?
    atom  := NUMBER | NAME ('[' '-' INT ']')? | FUNC '(' expr (',' expr)* ')' | '(' expr ')'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Union

from parkesg.errors import FormulaError

FUNCTIONS = {"min": (2, None), "max": (2, None), "abs": (1, 1), "if": (3, 3), "coalesce": (2, None)}
COMPARISONS = ("<=", ">=", "==", "!=", "<", ">")
KEYWORDS = {"and", "or", "not"}
MAX_LAG = 10
MAX_LENGTH = 2000
MAX_TOKENS = 200  # far above any standard's formula; keeps every compiler's tree shallow

_TOKEN = re.compile(
    r"\s*(?:(?P<num>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\*\*|<=|>=|==|!=|[-+*/()<>\[\],]))"
)


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Field:
    name: str
    lag: int = 0  # years back: field[-k] → lag k


@dataclass(frozen=True)
class Unary:
    op: str  # "-" or "not"
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str  # + - * / ** < <= > >= == != and or
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple[Node, ...]


Node = Union[Num, Field, Unary, Binary, Call]


@dataclass(frozen=True)
class _Tok:
    kind: str  # num, name, op, end
    text: str
    pos: int


def _tokenize(src: str) -> list[_Tok]:
    toks, pos = [], 0
    while pos < len(src):
        if src[pos:].strip() == "":
            break
        m = _TOKEN.match(src, pos)
        if not m or m.end() == pos:
            bad = len(src[:pos]) + (len(src[pos:]) - len(src[pos:].lstrip()))
            raise FormulaError(f"含不允许的字符 “{src[bad]}”", formula=src, position=bad)
        kind = m.lastgroup or "op"
        toks.append(_Tok(kind, m.group(kind), m.start(kind)))
        pos = m.end()
    toks.append(_Tok("end", "", len(src)))
    if len(toks) > MAX_TOKENS:
        raise FormulaError(f"公式过长（超过 {MAX_TOKENS} 个记号）", formula=src[:40] + "…")
    return toks


class _Parser:
    def __init__(self, src: str) -> None:
        self.src, self.toks, self.i = src, _tokenize(src), 0

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def error(self, message: str, tok: _Tok | None = None) -> FormulaError:
        return FormulaError(message, formula=self.src, position=(tok or self.tok).pos)

    def take(self, text: str) -> bool:
        if self.tok.kind in ("op", "name") and self.tok.text == text:
            self.i += 1
            return True
        return False

    def expect(self, text: str) -> None:
        if not self.take(text):
            found = self.tok.text or "结尾"
            raise self.error(f"此处应为 “{text}”，实为 “{found}”")

    def parse(self) -> Node:
        node = self.or_()
        if self.tok.kind != "end":
            raise self.error(f"多余的内容 “{self.tok.text}”")
        return node

    def or_(self) -> Node:
        node = self.and_()
        while self.take("or"):
            node = Binary("or", node, self.and_())
        return node

    def and_(self) -> Node:
        node = self.not_()
        while self.take("and"):
            node = Binary("and", node, self.not_())
        return node

    def not_(self) -> Node:
        if self.take("not"):
            return Unary("not", self.not_())
        return self.cmp()

    def cmp(self) -> Node:
        node = self.sum()
        if self.tok.kind == "op" and self.tok.text in COMPARISONS:
            op = self.tok.text
            self.i += 1
            node = Binary(op, node, self.sum())
        return node

    def sum(self) -> Node:
        node = self.term()
        while self.tok.kind == "op" and self.tok.text in "+-":
            op = self.tok.text
            self.i += 1
            node = Binary(op, node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.tok.kind == "op" and self.tok.text in ("*", "/"):
            op = self.tok.text
            self.i += 1
            node = Binary(op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.take("-"):
            return Unary("-", self.unary())
        return self.power()

    def power(self) -> Node:
        node = self.atom()
        if self.take("**"):
            node = Binary("**", node, self.unary())
        return node

    def atom(self) -> Node:
        tok = self.tok
        if tok.kind == "num":
            self.i += 1
            number = float(tok.text)
            if not math.isfinite(number):
                raise self.error(f"数值 “{tok.text}” 超出范围", tok)
            return Num(number)
        if tok.kind == "op" and tok.text == "(":
            self.i += 1
            node = self.or_()
            self.expect(")")
            return node
        if tok.kind == "name" and tok.text not in KEYWORDS:
            self.i += 1
            if tok.text in FUNCTIONS and self.tok.text == "(":
                return self.call(tok)
            if self.take("["):
                return Field(tok.text, self.lag())
            return Field(tok.text)
        raise self.error(f"此处应为数值、字段或括号，实为 “{tok.text or '结尾'}”")

    def lag(self) -> int:
        self.expect("-")
        tok = self.tok
        if tok.kind != "num" or not tok.text.isdigit() or not 1 <= int(tok.text) <= MAX_LAG:
            raise self.error(f"年份偏移应为 1 到 {MAX_LAG} 的整数，如 field[-1]")
        self.i += 1
        self.expect("]")
        return int(tok.text)

    def call(self, name: _Tok) -> Node:
        self.expect("(")
        args = [self.or_()]
        while self.take(","):
            args.append(self.or_())
        self.expect(")")
        low, high = FUNCTIONS[name.text]
        if len(args) < low or (high is not None and len(args) > high):
            want = f"{low}" if low == high else f"至少 {low}"
            raise self.error(f"函数 {name.text} 需要 {want} 个参数，给了 {len(args)} 个", name)
        return Call(name.text, tuple(args))


@lru_cache(maxsize=2048)
def parse(src: str) -> Node:
    """Parse a formula into a tree; FormulaError (with position) on anything else."""
    if not isinstance(src, str) or not src.strip():
        raise FormulaError("公式为空", formula=str(src))
    if len(src) > MAX_LENGTH:
        raise FormulaError(f"公式过长（超过 {MAX_LENGTH} 个字符）", formula=src[:40] + "…")
    try:
        return _Parser(src).parse()
    except RecursionError:
        raise FormulaError("嵌套层次过深", formula=src[:40] + "…") from None


def fields(node: Node) -> set[tuple[str, int]]:
    """Every (field, lag) the formula reads."""
    match node:
        case Field(name, lag):
            return {(name, lag)}
        case Unary(_, operand):
            return fields(operand)
        case Binary(_, left, right):
            return fields(left) | fields(right)
        case Call(_, args):
            return set().union(*(fields(a) for a in args))
    return set()

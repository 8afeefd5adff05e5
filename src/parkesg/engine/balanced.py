"""Combine many expressions as a balanced tree, not a left-deep chain, so that a 100-term sum
or a 58-indicator union stays shallow for every backend's compiler (PySpark's recursion
limit is the first to break)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def reduce_balanced(items: Sequence[T], combine: Callable[[T, T], T]) -> T:
    """((a∘b)∘(c∘d))∘… for any associative ``combine``; depth log2(n)."""
    if not items:
        raise ValueError("nothing to combine")
    level = list(items)
    while len(level) > 1:
        pairs = [combine(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        level = pairs + ([level[-1]] if len(level) % 2 else [])
    return level[0]

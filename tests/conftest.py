"""Shared fixtures: the row-by-row pandas reference of benchmarks/rate.py, loaded once."""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

# Kept compiled plans (``parkesg.plan_cache``) would let one test's plan serve another and
# bypass a monkeypatched engine: off, and in a folder of their own, unless a test turns them on.
os.environ["PARKESG_PLAN_CACHE"] = "off"
os.environ["PARKESG_CACHE_DIR"] = tempfile.mkdtemp(prefix="parkesg-test-cache-")

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "rate.py"


@pytest.fixture(scope="session")
def bench() -> ModuleType:
    """benchmarks/rate.py as a module (its ``reference_assess``, ``compare`` …)."""
    spec = importlib.util.spec_from_file_location("parkesg_bench_rate", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Kept plans on, in a folder of this test's own (the folder of plan files is returned)."""
    from parkesg import plan_cache

    monkeypatch.setenv("PARKESG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PARKESG_PLAN_CACHE", "on")
    plan_cache._memory.clear()
    yield tmp_path / "cache" / "plans"
    plan_cache._memory.clear()

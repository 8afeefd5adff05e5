"""Shared fixtures: the row-by-row pandas reference of benchmarks/rate.py, loaded once."""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
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

from __future__ import annotations

import pytest

from parkesg.cli.data import load_data
from parkesg.demo.run import write_demo_inputs


@pytest.fixture(scope="session")
def demo_inputs(tmp_path_factory):
    return write_demo_inputs(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def park(demo_inputs):
    """(wide, observations) of the demo park, read through the validated workbook import."""
    return load_data(demo_inputs["park"])

from __future__ import annotations

import pandas as pd
import pytest
from report_helpers import ENTITY, KINDS, engagement_of

from parkesg.cli.data import load_data, load_targets
from parkesg.demo.energy import demo_energy
from parkesg.demo.engagement import DEMO_CONFIRMATION
from parkesg.demo.run import write_demo_inputs
from parkesg.reports.write import assess, write_report


@pytest.fixture(scope="session")
def demo_inputs(tmp_path_factory):
    return write_demo_inputs(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def park(demo_inputs):
    """(wide, observations) of the demo park, read through the validated workbook import."""
    return load_data(demo_inputs["park"])


@pytest.fixture(scope="session")
def enterprises(demo_inputs):
    """The first 300 demo enterprises: enough peers, quick to rate."""
    return pd.read_parquet(demo_inputs["enterprises"]).head(300)


@pytest.fixture(scope="session")
def runs(park, demo_inputs, enterprises):
    """The stored run of each report kind (the jdfa one with its weights confirmed)."""
    wide, obs = park
    return {
        "cppc": assess("cppc", wide, obs),
        "beijing": assess("beijing", wide, obs),
        "esc": assess("esc", wide, obs, targets=load_targets(demo_inputs["targets"])),
        "jdfa": assess("jdfa", enterprises, None, entity=ENTITY, confirmation=DEMO_CONFIRMATION),
    }


@pytest.fixture(scope="session")
def written(runs, enterprises, tmp_path_factory):
    """Every report of the demo and of a blank engagement (.docx): kind → Report."""
    folder = tmp_path_factory.mktemp("reports")
    out = {}
    for blank in (False, True):
        for kind in KINDS:
            name = f"{kind}-blank" if blank else kind
            energy = demo_energy() if kind == "cppc" and not blank else None
            eng = engagement_of(kind, enterprises, blank=blank)
            out[name] = write_report(kind, runs[kind], eng, folder / f"{name}.docx", energy=energy)
    return out

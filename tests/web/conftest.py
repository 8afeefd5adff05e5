"""The ``world`` fixture: see ``world.py`` for who is in it and which grants are in force."""

from __future__ import annotations

import pytest
from world import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()

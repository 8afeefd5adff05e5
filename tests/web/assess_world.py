"""Approved observations and stored assessments for the assessment tests, made through the
services (enter → submit → approve by a reviewer who is not the maker), like a user would."""

from __future__ import annotations

from world import World

from parkesg.web.assessments.models import Assessment
from parkesg.web.assessments.services import run_assessment
from parkesg.web.observations.models import Observation
from parkesg.web.observations.services import review, save_observation

# T/CPPC worked example for 园区A, 2024 (the world holds a draft gdp of 2023) (values in catalogue units: 万元, tce, 人)
PARK_2024 = {"gdp": 1000.0, "high_tech_value_added": 400.0, "industrial_value_added": 200.0,
             "energy_consumption": 50.0}  # fmt: skip
DRAFT = ("industrial_employees", 10.0)  # entered, never submitted: must not be used


def enter(world: World, org: str, field: str, year: int, value: float, *, approve: bool = True
          ) -> Observation:  # fmt: skip
    editor = world.user(org, "editor")
    obs = Observation(year=year, field_id=field, value=value, source="park_statistics",
                      evidence=f"{field} {year} 年统计报表")  # fmt: skip
    obs = save_observation(actor=editor, obs=obs)
    if approve:
        review(actor=editor, observation_id=obs.pk, event="submit")
        review(actor=world.user(org, "reviewer"), observation_id=obs.pk, event="approve")
    return obs


def park_data(world: World) -> None:
    for field, value in PARK_2024.items():
        enter(world, "park_a", field, 2024, value)
    enter(world, "park_a", DRAFT[0], 2024, DRAFT[1], approve=False)


def park_run(world: World) -> Assessment:
    park_data(world)
    return run_assessment(actor=world.user("park_a", "editor"), entity_id=world.orgs["park_a"].pk,
                          framework_id="t-cppc-park-cpa")  # fmt: skip


def enterprise_run(world: World) -> Assessment:
    enter(world, "ent_a1", "ent_output_value", 2024, 5000.0)
    enter(world, "ent_a1", "ent_energy_consumption", 2024, 800.0)
    return run_assessment(actor=world.user("ent_a1", "editor"), entity_id=world.orgs["ent_a1"].pk,
                          framework_id="t-jdfa-01-2025")  # fmt: skip

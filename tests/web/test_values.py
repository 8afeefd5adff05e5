"""Values that make sense on the platform: the catalogue's ranges and the year window refused by
field in forms and the API (the workbook's refusals by cell: test_collection_upload)."""

from __future__ import annotations

from django.test import Client
from test_api import _client, _post

from parkesg.web.observations.models import Observation


def test_form_refuses_negative_quantity_and_share_above_100_by_field(world):
    c = Client()
    c.force_login(world.user("ent_a1", "editor"))
    form = {"year": 2024, "field_id": "ent_wastewater_discharged", "value": "-90", "unit": "m3",
            "source": "official"}  # fmt: skip
    r = c.post("/observations/add/", form)
    assert r.status_code == 200
    errors = r.context["form"].errors
    assert errors["value"] == [
        "“-90 m3” 不能为负数：字段 ent_wastewater_discharged（企业废水排放量）是数量，应大于或等于 0"
    ]
    share = form | {"field_id": "ent_controlling_shareholder_votes", "value": "101", "unit": "%"}
    errors = c.post("/observations/add/", share).context["form"].errors
    assert errors["value"][0].startswith("“101 %” 超过上限 100 %")
    assert not Observation.objects.filter(year=2024).exists()


def test_api_refuses_by_field_with_422(world, monkeypatch):
    monkeypatch.setenv("PARKESG_YEAR_MAX", "2025")
    c = _client(world.user("ent_a1", "editor"))
    body = {"year": 2024, "field_id": "ent_wastewater_discharged", "value": -90, "unit": "m3",
            "source": "official"}  # fmt: skip
    r = _post(c, "/api/observations", body)
    assert r.status_code == 422 and "不能为负数" in r.json()["detail"]["value"][0]
    r = _post(c, "/api/observations", body | {"value": 90, "year": 2026})
    assert r.status_code == 422
    assert r.json()["detail"]["year"][0].startswith("年份 2026 超出允许范围 1990—2025")
    assert _post(c, "/api/observations", body | {"value": 90}).status_code == 201

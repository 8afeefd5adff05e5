"""The JSON API enters and reviews observations through the same services as the pages."""

from __future__ import annotations

from django.test import Client

from parkesg.web.audit.models import AuditRecord
from parkesg.web.observations.models import Observation


def _client(user) -> Client:
    c = Client(enforce_csrf_checks=True)
    c.force_login(user)
    c.get("/")  # sets the CSRF cookie
    return c


def _post(c: Client, url: str, body: dict, method: str = "post"):
    token = c.cookies["csrftoken"].value
    return getattr(c, method)(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)


def test_enter_correct_and_review_through_the_api(world):
    maker, checker = (
        _client(world.user("ent_a2", "editor")),
        _client(world.user("ent_a2", "reviewer")),
    )
    body = {"year": 2024, "field_id": "ent_output_value", "value": 3, "unit": "亿元",
            "source": "official"}  # fmt: skip
    r = _post(maker, "/api/observations", body)
    assert r.status_code == 201, r.content
    obs = r.json()
    assert obs["value_std"] == 30000.0  # 3 亿元 = 3 × 10 000 万元
    r = _post(maker, f"/api/observations/{obs['id']}", {"value": 2.5, "unit": "亿元",
              "source": "official"}, method="put")  # fmt: skip
    assert r.status_code == 200 and r.json()["value_std"] == 25000.0
    assert (
        _post(maker, f"/api/observations/{obs['id']}/review", {"event": "submit"}).status_code
        == 200
    )
    r = _post(maker, f"/api/observations/{obs['id']}/review", {"event": "approve"})
    assert r.status_code == 403  # an editor may not approve
    r = _post(checker, f"/api/observations/{obs['id']}/review", {"event": "approve"})
    assert r.status_code == 200 and r.json()["state"] == "approved"
    assert Observation.objects.get(pk=obs["id"]).revisions.count() == 4
    assert AuditRecord.objects.filter(action="approve", object_id=str(obs["id"])).exists()


def test_api_errors_are_422_by_field_never_500(world):
    c = _client(world.user("ent_a2", "editor"))
    body = {"year": 2024, "field_id": "ent_output_value", "value": 3, "unit": "tce",
            "source": "official"}  # fmt: skip
    r = _post(c, "/api/observations", body)
    assert r.status_code == 422 and "unit" in r.json()["detail"]
    r = _post(c, "/api/observations", body | {"field_id": "no_such_field", "unit": "万元"})
    assert r.status_code == 422 and "field_id" in r.json()["detail"]
    r = _post(c, "/api/observations", body | {"source": "rumour"})
    assert r.status_code == 422  # not a 9.1.2 category


def test_api_writes_need_csrf_and_rights(world):
    c = Client(enforce_csrf_checks=True)
    c.force_login(world.user("ent_a2", "editor"))
    body = {"year": 2024, "field_id": "ent_output_value", "value": 1, "source": "official"}
    assert c.post("/api/observations", body, content_type="application/json").status_code == 403
    bank = _client(world.user("bank_ok", "admin"))
    obs = world.obs["ent_a1"]  # the bank may view it (consent), never change it
    r = _post(bank, f"/api/observations/{obs.pk}", {"value": 1, "source": "official"}, "put")
    assert r.status_code == 403
    outsider = _client(world.user("ent_b1", "admin"))
    r = _post(outsider, f"/api/observations/{obs.pk}", {"value": 1, "source": "official"}, "put")
    assert r.status_code == 404


def test_api_rejects_what_the_database_would(world):
    c = _client(world.user("ent_a1", "editor"))
    body = {"year": 2023, "field_id": "ent_output_value", "value": 1, "source": "official"}
    r = _post(c, "/api/observations", body)  # the world already holds 企业A1's 2023 value
    assert r.status_code == 422
    r = _post(c, "/api/observations", body | {"year": 2024, "evidence": "x" * 301})
    assert r.status_code == 422 and "evidence" in r.json()["detail"]
    r = _post(c, "/api/observations", body | {"year": 40000})  # the schema allows 1900–2100
    assert r.status_code == 422 and [e["loc"][-1] for e in r.json()["detail"]] == ["year"]
    r = _post(c, "/api/observations", body | {"year": 2024, "value": float("nan")})
    assert r.status_code == 422

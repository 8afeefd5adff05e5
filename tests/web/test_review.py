"""Observations: entry with unit conversion, maker–checker review, the value history."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from parkesg.web.audit.models import AuditRecord
from parkesg.web.core.appendonly import AppendOnlyError
from parkesg.web.core.review import ReviewState
from parkesg.web.observations import services
from parkesg.web.observations.models import Observation, ObservationRevision


def _new(world, org="ent_a1", role="editor", **kw):
    values = {"year": 2024, "field_id": "ent_output_value", "value": 2.5, "unit": "亿元",
              "source": "official"} | kw  # fmt: skip
    obs = Observation(**values)
    return services.save_observation(actor=world.user(org, role), obs=obs)


def test_value_converted_to_catalogue_unit(world):
    obs = _new(world)
    # ent_output_value is in 万元; 2.5 亿元 = 2.5 × 10 000 万元 = 25 000 万元
    assert obs.value_std == pytest.approx(25000.0)
    assert (obs.state, obs.maker, obs.organisation) == (
        ReviewState.draft,
        world.user("ent_a1", "editor"),
        world.orgs["ent_a1"],
    )


def test_incompatible_unit_is_a_form_error(world):
    with pytest.raises(ValidationError) as exc:
        _new(world, unit="tce")
    assert "unit" in exc.value.message_dict


def test_field_must_suit_the_entity(world):
    with pytest.raises(ValidationError) as exc:
        _new(world, field_id="gdp", unit="万元")  # a park field, asked of an enterprise
    assert "field_id" in exc.value.message_dict


def test_maker_checker_flow_keeps_history(world):
    obs = _new(world)
    maker, checker = world.user("ent_a1", "editor"), world.user("ent_a1", "reviewer")
    services.review(actor=maker, observation_id=obs.pk, event="submit")
    with pytest.raises(ValidationError, match="under review"):
        obs.refresh_from_db()
        obs.value = 3.0
        services.save_observation(actor=maker, obs=obs)
    services.review(actor=checker, observation_id=obs.pk, event="reject", note="附证明")
    obs = Observation.objects.get(pk=obs.pk)
    obs.value = 3.0
    services.save_observation(actor=maker, obs=obs)
    services.review(actor=maker, observation_id=obs.pk, event="submit")
    services.review(actor=checker, observation_id=obs.pk, event="approve")
    obs.refresh_from_db()
    assert (obs.state, obs.checker) == (ReviewState.approved, checker)
    history = list(obs.revisions.order_by("no").values_list("no", "event", "value", "state"))
    assert history == [
        (1, "edit", 2.5, "draft"),
        (2, "submit", 2.5, "submitted"),
        (3, "reject", 2.5, "rejected"),
        (4, "edit", 3.0, "draft"),
        (5, "submit", 3.0, "submitted"),
        (6, "approve", 3.0, "approved"),
    ]
    actions = list(
        AuditRecord.objects.filter(object_type="observations.observation", object_id=str(obs.pk))
        .order_by("seq").values_list("action", flat=True)
    )  # fmt: skip
    assert actions == ["create", "submit", "reject", "change", "submit", "approve"]


def test_checker_is_not_maker(world):
    admin = world.user("ent_a1", "admin")  # admin may both edit and approve …
    obs = _new(world, role="admin")
    services.review(actor=admin, observation_id=obs.pk, event="submit")
    with pytest.raises(ValidationError, match="checker cannot be the maker"):
        services.review(actor=admin, observation_id=obs.pk, event="approve")
    # … so another person must check it
    services.review(actor=world.user("ent_a1", "reviewer"), observation_id=obs.pk, event="approve")


def test_editor_cannot_approve_and_outsiders_cannot_review(world):
    obs = _new(world)
    services.review(actor=world.user("ent_a1", "editor"), observation_id=obs.pk, event="submit")
    with pytest.raises(PermissionDenied):  # sees it, may not approve
        services.review(actor=world.user("ent_a1", "viewer"), observation_id=obs.pk,
                        event="approve")  # fmt: skip
    with pytest.raises(PermissionDenied):  # a bank with consent views, never approves
        services.review(actor=world.user("bank_ok", "admin"), observation_id=obs.pk,
                        event="approve")  # fmt: skip
    from django.http import Http404

    with pytest.raises(Http404):  # no grant: it does not exist for them
        services.review(actor=world.user("ent_b1", "admin"), observation_id=obs.pk,
                        event="approve")  # fmt: skip


def test_history_cannot_be_rewritten(world):
    rev = _new(world).revisions.get()
    rev.value = 1.0
    with pytest.raises(AppendOnlyError):
        rev.save()
    with pytest.raises(AppendOnlyError):
        ObservationRevision.objects.all().delete()


def test_form_pages_enter_and_review(world):
    maker, checker = Client(), Client()
    maker.force_login(world.user("ent_a2", "editor"))
    checker.force_login(world.user("ent_a2", "reviewer"))
    form = {"year": "2024", "field_id": "ent_output_value", "value": "120", "unit": "万元",
            "source": "official", "evidence": "2024 年报 第 12 页"}  # fmt: skip
    r = maker.post("/observations/add/", form)
    assert r.status_code == 302, r.content.decode()[:500]
    obs = Observation.objects.get(organisation=world.orgs["ent_a2"], year=2024)
    again = maker.post("/observations/add/", form)  # same entity, year, field
    assert again.status_code == 200 and "已有数据" in again.content.decode()
    bad = maker.post("/observations/add/", form | {"year": "2025", "unit": "吨"})
    assert bad.status_code == 200 and "量纲不同" in bad.content.decode()
    assert maker.post(f"/observations/{obs.pk}/review/submit/").status_code == 302
    page = checker.get(f"/observations/{obs.pk}/").content.decode()
    assert "审核通过" in page and "2024 年报" in page
    checker.post(f"/observations/{obs.pk}/review/approve/", {"note": "ok"})
    obs.refresh_from_db()
    assert obs.state == ReviewState.approved

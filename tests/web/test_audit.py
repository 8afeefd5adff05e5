"""The audit log: written by the services, one hash chain per organisation, append-only in the
ORM and in the database, and ``parkesg audit verify`` names the first altered record."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from typer.testing import CliRunner

from parkesg.cli.main import app
from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditRecord
from parkesg.web.core.appendonly import AppendOnlyError, trigger_names
from parkesg.web.orgs import services as org_services

TABLE = "audit_auditrecord"


def _events(world, n=3):
    actor = world.user("park_a", "admin")
    for i in range(n):
        audit.record(action="change", actor=actor, after={"i": i})


def test_chain_links_each_record_to_the_previous(world):
    _events(world)
    a = world.orgs["park_a"]
    rows = list(AuditRecord.objects.filter(chain=f"org:{a.pk}").order_by("seq"))
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[0].prev_hash == "0" * 64
    assert rows[1].prev_hash == rows[0].hash and rows[2].prev_hash == rows[1].hash
    assert rows[0].organisation_id == a.pk and rows[0].actor_name == "park_a_admin"
    assert audit.verify_chains() == (3, [])


def test_orm_refuses_update_and_delete(world):
    _events(world, 1)
    r = AuditRecord.objects.get()
    r.action = "login"
    with pytest.raises(AppendOnlyError):
        r.save()
    with pytest.raises(AppendOnlyError):
        r.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.update(action="login")
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.all().delete()


def test_database_refuses_raw_update(world):
    _events(world, 1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"UPDATE {TABLE} SET action = 'login'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE}")


def _tamper(sql: str) -> None:
    """What someone with the database owner's rights could do: drop the guard, edit rows."""
    with connection.cursor() as cur:
        for name in trigger_names(TABLE, connection.vendor):
            on = f" ON {TABLE}" if connection.vendor == "postgresql" else ""
            cur.execute(f"DROP TRIGGER {name}{on}")
        cur.execute(sql)


def test_verify_names_the_first_altered_record(world):
    _events(world, 4)
    chain = f"org:{world.orgs['park_a'].pk}"
    _tamper(f"UPDATE {TABLE} SET after = '{{\"i\": 99}}' WHERE chain = '{chain}' AND seq = 2")
    total, breaks = audit.verify_chains()
    assert total == 4 and len(breaks) == 1
    assert (breaks[0].chain, breaks[0].seq) == (chain, 2)
    assert "content altered" in breaks[0].reason
    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert f"审计链 {chain} 第 2 条" in result.output


def test_verify_finds_a_deleted_record(world):
    _events(world, 3)
    _tamper(f"DELETE FROM {TABLE} WHERE seq = 2")
    _total, breaks = audit.verify_chains()
    assert [(b.seq, "sequence gap" in b.reason) for b in breaks] == [(3, True)]


def test_cli_verify_intact(world):
    _events(world, 2)
    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 0 and "已检查 2 条记录" in result.output


def test_chains_are_per_organisation(world):
    audit.record(action="change", actor=world.user("park_a"))
    audit.record(action="change", actor=world.user("ent_b1"))
    audit.record(action="change", actor=world.user("park_a"))
    seqs = sorted(AuditRecord.objects.values_list("chain", "seq"))
    a, b = world.orgs["park_a"].pk, world.orgs["ent_b1"].pk
    assert seqs == sorted([(f"org:{a}", 1), (f"org:{a}", 2), (f"org:{b}", 1)])


def test_changes_record_before_and_after_without_secrets(world):
    admin = world.user("ent_a1", "admin")
    viewer = world.user("ent_a1", "viewer")
    org_services.change_user(actor=admin, user_id=viewer.pk, role="editor")
    r = AuditRecord.objects.filter(object_type="orgs.user").get()
    assert (r.action, r.before["role"], r.after["role"]) == ("change", "viewer", "editor")
    assert "password" not in r.after and r.at.utcoffset().total_seconds() == 0


def test_denied_access_is_recorded(world):
    c = Client()
    c.force_login(world.user("ent_b1", "viewer"))
    obs = world.obs["ent_a1"]
    assert c.get(f"/observations/{obs.pk}/").status_code == 404
    r = AuditRecord.objects.get(action="denied")
    assert r.actor == world.user("ent_b1", "viewer")
    assert r.after == {"model": "observations.observation", "id": str(obs.pk), "wanted": "view"}


def test_audit_pages_for_own_admins_only(world):
    _events(world, 1)
    rec = AuditRecord.objects.get()
    own, other = Client(), Client()
    own.force_login(world.user("park_a", "admin"))
    other.force_login(world.user("park_a", "viewer"))
    assert own.get(f"/audit/{rec.pk}/").status_code == 200
    assert other.get(f"/audit/{rec.pk}/").status_code == 404
    assert len(own.get("/api/audit").json()["items"]) >= 1

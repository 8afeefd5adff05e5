"""Rows that are written once and never changed or deleted through the ORM (audit records,
value histories). A database trigger backs this where a migration installs one."""

from __future__ import annotations

from typing import Any

from django.db import models


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an append-only row."""


_REFUSED = "只能追加，不能修改或删除 / append-only: rows cannot be changed or deleted"


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(_REFUSED)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(_REFUSED)


AppendOnlyManager = models.Manager.from_queryset(AppendOnlyQuerySet)


class AppendOnlyModel(models.Model):
    objects = AppendOnlyManager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(_REFUSED)
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(_REFUSED)


# ── database triggers (used by migrations) ────────────────────────────────────────────────
# PostgreSQL: a plpgsql trigger refuses UPDATE / DELETE / TRUNCATE; SQLite: RAISE(ABORT).
# Only the database owner, outside the application, can drop them — and then
# ``parkesg audit verify`` names what was changed.
_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION parkesg_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = 'append-only table (只能追加): ' || TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def _trigger_sql(table: str) -> dict[str, tuple[list[str], list[str]]]:
    name = f"parkesg_{table}_append_only"
    pg_up = [
        _PG_FUNCTION,
        f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION parkesg_append_only();",
        f"CREATE TRIGGER {name}_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION parkesg_append_only();",
    ]
    pg_down = [f"DROP TRIGGER IF EXISTS {n} ON {table};" for n in (name, f"{name}_truncate")]
    sqlite_up = [
        f"CREATE TRIGGER {name}_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'append-only table {table}'); END;"
        for op in ("UPDATE", "DELETE")
    ]
    sqlite_down = [f"DROP TRIGGER IF EXISTS {name}_{op};" for op in ("update", "delete")]
    return {"postgresql": (pg_up, pg_down), "sqlite": (sqlite_up, sqlite_down)}


def append_only_trigger(table: str) -> Any:
    """A migration operation installing (and on reverse removing) the triggers on ``table``."""
    from django.db import migrations

    sql = _trigger_sql(table)

    def run(direction: int) -> Any:
        def apply(apps: Any, schema_editor: Any) -> None:
            for statement in sql.get(schema_editor.connection.vendor, ([], []))[direction]:
                schema_editor.execute(statement)

        return apply

    return migrations.RunPython(run(0), run(1))


def trigger_names(table: str, vendor: str) -> list[str]:
    """Names of the triggers installed on ``table`` (for tests that tamper on purpose)."""
    name = f"parkesg_{table}_append_only"
    if vendor == "sqlite":
        return [f"{name}_update", f"{name}_delete"]
    return [name, f"{name}_truncate"]

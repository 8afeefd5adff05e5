"""The blank (or pre-filled) template of ``parkesg.io.template`` for one organisation: its
fields, its 主体编号 and name, optionally the values it already has — each year's own source and
evidence, and the revision of each value (hidden sheet “数据版本”, so that an upload can tell a
value changed since). ``write_template`` escapes every text cell (``io.safety.escape_cell``)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
from django.db.models import Max

from parkesg.errors import DataError
from parkesg.io.template import write_template
from parkesg.web.collection.upload import TEMPLATE_SOURCE, entity_key, standard_value
from parkesg.web.core.roles import Action
from parkesg.web.observations.models import Observation
from parkesg.web.observations.services import fields_for_entity
from parkesg.web.orgs.models import Organisation
from parkesg.years import year_window

MAX_YEARS = 10


def default_years(today: dt.date) -> list[int]:
    """The last three complete years: data is reported for years that have ended."""
    return [today.year - 3, today.year - 2, today.year - 1]


def parse_years(text: str) -> list[int]:
    """“2021,2022,2023” → [2021, 2022, 2023]; DataError (Chinese) otherwise."""
    try:
        years = sorted({int(y) for y in text.split(",") if y.strip()})
    except ValueError:
        raise DataError(f"年份 “{text[:40]}” 无效，应为逗号分隔的四位年份") from None
    first, last = year_window()
    if not years or len(years) > MAX_YEARS or not all(first <= y <= last for y in years):
        raise DataError(f"年份应为 {first}—{last} 之间的 1—{MAX_YEARS} 个年份")
    return years


def _values(org: Organisation, user: Any, years: list[int]) -> tuple[pd.DataFrame, dict[Any, int]]:
    """The stored values of ``years`` as the template writes them, and the revision of each."""
    rows = list(
        Observation.objects.for_user(user, Action.view)
        .filter(organisation=org, year__in=years)
        .annotate(last_no=Max("revisions__no"))
    )
    revisions = {(o.field_id, o.year): o.last_no or 0 for o in rows}
    return pd.DataFrame(
        [
            {"field": o.field_id, "year": o.year, "value": standard_value(o), "text": o.category or None,
             "source": TEMPLATE_SOURCE.get(o.source, ""), "evidence": o.evidence}
            for o in rows
        ],
        columns=["field", "year", "value", "text", "source", "evidence"],
    ), revisions  # fmt: skip


def template_bytes(org: Organisation, user: Any, years: list[int], *, with_values: bool) -> bytes:
    """The .xlsx for ``org`` (``user`` reads the values through ``for_user``)."""
    fields = fields_for_entity(org)
    values, revisions = _values(org, user, years) if with_values else (None, None)
    with tempfile.TemporaryDirectory(prefix="parkesg-template-") as tmp:
        path = Path(tmp) / "template.xlsx"
        write_template(
            fields, path, years=years, entity_id=entity_key(org), entity_name=org.name,
            title=f"{org.name} 数据填报", industry=org.industry, region=org.region,
            values=values, revisions=revisions,
        )  # fmt: skip
        return path.read_bytes()

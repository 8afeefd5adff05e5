"""Template filters over the one formatter (``parkesg.formatting``) and the vocabularies
(``core.vocab``), in the current language: ``{% load fmt %}`` then

``{{ v|num:"万元" }}`` 1,631,000.00 · ``{{ t|when }}`` 2026-03-02 02:05 (Asia/Shanghai) ·
``{{ t|utcstamp }}`` 2026-03-01T18:05:09Z · ``{{ d|day }}`` · ``{{ b|yesno_zh }}`` 是 ·
``{{ u|unit_shown:framework_id }}`` 吨标煤/万元 · ``{{ s|score }}`` · ``{{ code|vlabel:"status" }}``
· ``{% indicator_value cell row framework_id %}`` (status, 是/否, category or number).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from parkesg import formatting
from parkesg.web.core import vocab

register = template.Library()


def _lang() -> str:
    return get_language() or "zh"


@register.filter
def num(value: Any, unit: str = "") -> str:
    return formatting.number(value, unit=unit or None, lang=_lang())


@register.filter
def exact(value: Any) -> str:
    return formatting.exact(value)


@register.filter
def when(value: Any) -> str:
    return formatting.datetime_local(value)


@register.filter
def when_s(value: Any) -> str:
    return formatting.datetime_local(value, seconds=True)


@register.filter
def utcstamp(value: Any) -> str:
    return formatting.datetime_utc(value)


@register.filter
def day(value: Any) -> str:
    return formatting.date(value)


@register.filter
def yesno_zh(value: Any) -> str:
    return formatting.boolean(value, lang=_lang())


@register.filter
def unit_shown(value: Any, framework: str = "") -> str:
    return formatting.unit(value, framework=framework or None)


@register.filter
def score(value: Any, provisional: Any = False) -> str:
    return formatting.score(value, provisional=bool(provisional), lang=_lang())


@register.filter
def vlabel(value: Any, name: str) -> str:
    return vocab.label(name, value, _lang())


@register.filter
def peer_group(label: Any) -> str:
    """A peer group's name as the engine gives it (“C33”, “大|C26”, “全部”), the widest
    group in the page's language."""
    if not label:
        return vocab.label("peer_level", "0", _lang())
    key, sep, prefix = str(label).rpartition("|")
    if prefix == "全部":
        prefix = vocab.label("peer_level", "0", _lang())
    return f"{key}{sep}{prefix}"


@register.simple_tag
def indicator_value(cell: dict[str, Any], row: dict[str, Any]) -> str:
    """An indicator's value in one year (``cell``) as its row (kind, unit, id) says."""
    return formatting.value(
        cell.get("value"), kind=row.get("kind", "quantitative"), unit=row.get("unit"),
        indicator=row.get("id"), status=cell.get("status"), reason=cell.get("reason"),
        lang=_lang(),
    )  # fmt: skip


@register.simple_tag
def threshold(value: Any, row: dict[str, Any], bound: bool = True) -> str:
    return formatting.threshold(value, direction=row.get("direction", "higher"),
                                kind=row.get("kind", "quantitative"), bound=bound, lang=_lang())  # fmt: skip


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """``{{ d|lookup:key }}``: a dict's entry (None when absent)."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def plain(value: Any) -> str:
    """A number as printed in a standard's table: no trailing zeros (“90”, “0.5”)."""
    return formatting.number(value, digits=6, trim=True)

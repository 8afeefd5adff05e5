"""``{% load esg %}``: the ESG system's section menu (by clause) on every page of the app."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("esg/_menu.html", takes_context=True)
def esg_menu(context: Any) -> dict[str, Any]:
    from parkesg.web.esg.views.pages import menu

    request = context.get("request")
    return {"sections": menu(), "path": request.path if request else ""}

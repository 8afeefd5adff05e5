"""API lists in pages: django-ninja's ``LimitOffsetPagination`` (``?limit=&offset=``, answer
``{"items": […], "count": n}``, ``NINJA_PAGINATION_PER_PAGE`` by default, at most
``NINJA_PAGINATION_MAX_LIMIT``). ``@paged`` under ``@router.get`` on a route that returns a
``for_user`` queryset in a fixed order."""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, paginate

MAX_OFFSET = 10**9  # beyond any list; an offset past 64 bits would make SQLite fail


class Pages(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1,
                           le=settings.NINJA_PAGINATION_MAX_LIMIT)  # fmt: skip
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


def paged(fn: Callable[..., Any]) -> Callable[..., Any]:
    # The modules write ``from __future__ import annotations``: resolve the hints here, in the
    # route's own module, before ninja reads them through its pagination wrapper.
    fn.__annotations__ = typing.get_type_hints(fn, include_extras=True)
    return paginate(Pages)(fn)  # type: ignore[no-any-return]

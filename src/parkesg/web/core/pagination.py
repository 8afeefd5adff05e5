"""API lists in pages: django-ninja's ``LimitOffsetPagination`` (``?limit=&offset=``, answer
``{"items": […], "count": n}``, ``NINJA_PAGINATION_PER_PAGE`` by default, at most
``NINJA_PAGINATION_MAX_LIMIT``). ``@paged`` under ``@router.get`` on a route that returns a
``for_user`` queryset in a fixed order."""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any

from ninja.pagination import LimitOffsetPagination, paginate


def paged(fn: Callable[..., Any]) -> Callable[..., Any]:
    # The modules write ``from __future__ import annotations``: resolve the hints here, in the
    # route's own module, before ninja reads them through its pagination wrapper.
    fn.__annotations__ = typing.get_type_hints(fn, include_extras=True)
    return paginate(LimitOffsetPagination)(fn)  # type: ignore[no-any-return]

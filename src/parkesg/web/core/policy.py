"""Every page and API route declares who may use it — one line above the view or route.

The declaration is the contract the authorisation suite (``tests/web/test_authz_suite.py``)
checks on every URL pattern and API operation, as every role inside and outside the owning
organisation and anonymously: a view without one fails the suite the day it is added.

    @policy.public                              # login, language: anyone, no data
    @policy.signed_in                           # any signed-in person (home, own password)
    @policy.member(Action.add)                  # a member whose role allows the action in its
                                                # own organisation; rows narrowed by for_user
    @policy.obj(Observation, Action.change)     # the URL's ``pk`` names an Observation the
                                                # user may ``change`` (for_user), else 404/403
    @policy.obj(Observation, "view", kwarg="obs_id")   # an API route's path parameter
    @policy.duty("audit")                       # platform staff of one duty (三员分立)
    @policy.member(Action.add, upload="workbook")   # a multipart file field: the hostile
                                                    # corpus is sent to it

For Django views the decorator goes above ``@login_required``; for ninja routes below
``@router.get(...)``. The generic views (``core.views.urls``) declare theirs by themselves.
A declaration only records: each view still checks through ``for_user`` / ``get_for_user``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

PUBLIC, SIGNED_IN, MEMBER, OBJECT, DUTY = "public", "signed_in", "member", "object", "duty"
DUTIES = ("system", "security", "audit")
ATTR = "access_policy"


@dataclass(frozen=True)
class Policy:
    kind: str
    action: str = "view"
    model: Any = None  # OBJECT: the model the URL parameter names
    kwarg: str = "pk"  # OBJECT: the URL parameter
    duties: tuple[str, ...] = ()
    upload: str = ""  # the multipart field a file is sent in ("" : no upload)

    def __str__(self) -> str:
        what = {OBJECT: f"{getattr(self.model, '__name__', self.model)}.{self.action}",
                MEMBER: self.action, DUTY: "/".join(self.duties)}.get(self.kind, "")  # fmt: skip
        return f"{self.kind}({what})" if what else self.kind


def _mark(p: Policy) -> Callable[[F], F]:
    def mark(fn: F) -> F:
        setattr(fn, ATTR, p)
        return fn

    return mark


def public(fn: F) -> F:
    """Anyone, signed in or not; shows no organisation's data."""
    return _mark(Policy(PUBLIC))(fn)


def signed_in(fn: F) -> F:
    """Any signed-in person; shows only what concerns that person."""
    return _mark(Policy(SIGNED_IN))(fn)


def member(action: str = "view", *, upload: str = "") -> Callable[[F], F]:
    """A member of an organisation whose role allows ``action`` on its own organisation."""
    return _mark(Policy(MEMBER, action=str(action), upload=upload))


def obj(
    model: Any, action: str = "view", *, kwarg: str = "pk", upload: str = ""
) -> Callable[[F], F]:
    """The URL parameter ``kwarg`` names a ``model`` row the user may ``action``."""
    return _mark(Policy(OBJECT, action=str(action), model=model, kwarg=kwarg, upload=upload))


def duty(*duties: str) -> Callable[[F], F]:
    """Platform staff holding one of ``duties`` (system, security, audit)."""
    assert duties and set(duties) <= set(DUTIES), duties
    return _mark(Policy(DUTY, duties=tuple(duties)))


# Views the project did not write (Django's language switch, ninja's schema and docs),
# declared by URL name.
BY_URL_NAME: dict[str, Policy] = {}


def declare_url(name: str, p: Policy) -> None:
    BY_URL_NAME[name] = p


def of(view: Any, url_name: str = "") -> Policy | None:
    """The policy declared on ``view`` (through decorators that wrap it), else by URL name."""
    seen = 0
    while view is not None and seen < 20:
        p = getattr(view, ATTR, None)
        if isinstance(p, Policy):
            return p
        view = getattr(view, "__wrapped__", None)
        seen += 1
    return BY_URL_NAME.get(url_name)


@dataclass(frozen=True)
class Endpoint:
    """One page or API operation: its route (Django syntax), URL name, HTTP methods (empty:
    any), the callable and its declared policy (None: undeclared)."""

    route: str
    name: str
    methods: tuple[str, ...]
    view: Any
    policy: Policy | None
    api: bool


def _ninja_path_view(callback: Any) -> Any:
    import inspect

    try:
        owner = inspect.getclosurevars(callback).nonlocals.get("self")
    except (TypeError, ValueError):
        return None
    return owner if type(owner).__name__ == "PathView" else None


def endpoints() -> list[Endpoint]:
    """Every URL pattern of the project and every operation of its ninja APIs (once each)."""
    seen: set[tuple[str, tuple[str, ...]]] = set()
    out = []
    for e in _walk(None, "", ""):
        if (e.route, e.methods) not in seen:
            seen.add((e.route, e.methods))
            out.append(e)
    return out


def _walk(patterns: Any, prefix: str, namespace: str) -> list[Endpoint]:
    from django.urls import URLPattern, URLResolver, get_resolver

    out: list[Endpoint] = []
    for p in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            ns = ":".join(n for n in (namespace, p.namespace or "") if n)
            out += _walk(p.url_patterns, route, ns)
            continue
        assert isinstance(p, URLPattern)
        name = ":".join(n for n in (namespace, p.name or "") if n)
        path_view = _ninja_path_view(p.callback)
        if path_view is None:
            out.append(Endpoint(route, name, (), p.callback, of(p.callback, name), False))
            continue
        for op in path_view.operations:
            label = f"{namespace}:{op.view_func.__name__}"
            out.append(Endpoint(route, label, tuple(op.methods), op.view_func,
                                of(op.view_func), True))  # fmt: skip
    return out

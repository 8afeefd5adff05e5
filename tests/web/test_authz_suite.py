"""One authorisation suite over every endpoint (issue 20, item 6).

Every URL pattern and every API operation (``core.policy.endpoints()``: found by walking the
URLconf, so a view added tomorrow is in it) must declare its access policy; each is then
requested, read (GET) and write (its other methods; POST for pages), as every role of the
owning organisation (企业A1) and of six organisations around it, as the platform's three
staff duties and anonymously. For each answer:

- anonymous: the login page (pages) or 401 / 403 (API), unless the endpoint is public;
- an object endpoint: 404 for whoever may not see the object, 403 (or 404) for whoever sees
  it but may not take the declared action — the policy's ``for_user`` decides;
- whoever is outside the object's circle, written by hand in ``authz_samples`` (not computed
  by the policy under test): never a success, whatever the policy says;
- no answer to anyone outside 企业A1's data circle carries its marker (``MARK``), on any
  page, list or API answer;
- after every write request, the rows (and stored files) of every organisation but the
  requester's own are unchanged: zero cross-organisation writes;
- no server error for anyone.

Each request runs in a transaction rolled back afterwards, so every request meets the same
world. The figures are printed (``-s``) and recorded in README "Security".
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from typing import Any

from authz_samples import DATA_CIRCLE, MARK, circle, sample
from django.apps import apps
from django.db import connection, models, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from parkesg.web.core import policy
from parkesg.web.orgs.accounts import create_staff
from parkesg.web.orgs.models import Organisation, User

# Owner, the organisations its data reaches (and does not), and strangers (world.py).
ORGS = ["ent_a1", "park_a", "bank_ok", "prov_nopledge", "ent_a2", "gov_cz", "ent_b1"]
ROLES = ["admin", "editor", "reviewer", "viewer"]
DUTIES = ["system", "security", "audit"]
REFUSED_OBJECT = {404, 405}  # not even visible: nothing said about the object
REFUSED_ACTION = {403, 404, 405}
CONVERTER_VALUES = {"int": "1", "slug": "x", "str": "x", "path": "x"}
# (``slug``: a record kind of the engagements, a register of the ESG system)
NAMED_VALUES = {"year": "2024", "event": "approve", "indicator": "energy_intensity",
                "slug": "members"}  # fmt: skip


def test_every_endpoint_declares_an_access_policy():
    missing = [f"{e.route} ({e.name or e.view})" for e in policy.endpoints() if e.policy is None]
    assert missing == [], "declare @policy.… on: " + ", ".join(missing)


def test_every_api_upload_is_declared_as_one():
    """An operation taking a file (multipart) names its field in ``upload=``: the hostile
    corpus (``test_hostile_files``) is sent to every one."""
    from parkesg.web.api import api

    schema = api.get_openapi_schema()
    for e in policy.endpoints():
        if not e.api:
            continue
        op = schema["paths"].get(_openapi_path(e.route), {}).get(e.methods[0].lower(), {})
        multipart = "multipart/form-data" in op.get("requestBody", {}).get("content", {})
        assert multipart == bool(e.policy and e.policy.upload), e.route


def _openapi_path(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def _url(e: policy.Endpoint, pk: int | None) -> str:
    def fill(m: re.Match[str]) -> str:
        conv, name = m.group(1) or "str", m.group(2)
        if e.policy and e.policy.kind == policy.OBJECT and name == e.policy.kwarg:
            return str(pk)
        return NAMED_VALUES.get(name, CONVERTER_VALUES.get(conv, "x"))

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, e.route)


def _minimal(schema: dict[str, Any], root: dict[str, Any], ids: dict[str, int]) -> Any:
    """The smallest body the schema accepts: required properties only (ids: the samples')."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return _minimal(root["components"]["schemas"][name], root, ids)
    if "anyOf" in schema:
        return _minimal(schema["anyOf"][0], root, ids)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {k: _minimal(v, root, ids) if not k.endswith("_id") else ids.get(k, 1)
                for k, v in schema.get("properties", {}).items()
                if k in schema.get("required", [])}  # fmt: skip
    if kind == "array":
        return []
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    return "x"


ACCOUNTS = {"orgs.organisation", "orgs.user"}  # what platform staff may change by duty


def _fingerprint(owners: dict[int, str]) -> dict[tuple[str, str], str]:
    """A hash of each organisation's rows in every model that belongs to one (directly or
    through one foreign key), and of its stored files: (organisation, "accounts" | "data")."""
    from django.conf import settings

    rows: dict[tuple[int, str], list[str]] = {
        (o, p): [] for o in owners for p in ("accounts", "data")
    }
    for model in apps.get_models():
        path = _org_path(model)
        if path is None or model._meta.label_lower == "audit.auditrecord":
            continue
        part = "accounts" if model._meta.label_lower in ACCOUNTS else "data"
        names = [f.attname for f in model._meta.concrete_fields if f.attname != "last_login"]
        for values in model._default_manager.values_list(path, *names).order_by("pk"):
            if values[0] in owners:
                rows[values[0], part].append(model._meta.label + repr(values[1:]))
    for oid in owners:
        for store in ("evidence", "reports"):
            folder = settings.DATA_DIR / store / str(oid)
            if folder.exists():
                rows[oid, "data"] += sorted(str(p) for p in folder.rglob("*") if p.is_file())
    return {(owners[o], p): hashlib.sha256("\n".join(r).encode()).hexdigest()
            for (o, p), r in rows.items()}  # fmt: skip


_WRITE = re.compile(r'^\s*(INSERT|UPDATE|DELETE)\b(?:\s+(?:INTO|FROM))?\s+"?(\w+)', re.I)
_UNWATCHED = ("audit_auditrecord", "axes_", "django_session")


def _writes(sql: str) -> bool:
    m = _WRITE.match(sql)
    return bool(m) and not m.group(2).lower().startswith(_UNWATCHED)


def _org_path(model: type[models.Model]) -> str | None:
    if model is Organisation:
        return "pk"
    fields = {f.name: f for f in model._meta.concrete_fields}
    if "organisation" in fields and fields["organisation"].related_model is Organisation:
        return "organisation"
    for f in fields.values():  # one hop: an upload change → its upload → its organisation
        if f.is_relation and f.related_model is not None and f.related_model is not User:
            rel = {g.name: g for g in f.related_model._meta.concrete_fields}
            if "organisation" in rel and rel["organisation"].related_model is Organisation:
                return f"{f.name}__organisation"
    return None


def _outcome(
    e: policy.Endpoint, who: str, user: Any, obj: Any, method: str
) -> tuple[set[int] | None, bool]:
    """(statuses allowed, or None: any but a server error) and whether ``who`` lies inside
    the hand-written circle of the object (or of 企业A1's data for the rest)."""
    p = e.policy
    assert p is not None
    if who == "anonymous":
        if p.kind == policy.PUBLIC:
            return None, False
        return ({401, 403} if e.api else {302}) | ({405} if not e.api else set()), False
    if p.kind == policy.DUTY:
        duty = user.staff_duty
        return (None if duty in p.duties else {403, 404, 405}), False
    if p.kind != policy.OBJECT:
        return None, who in DATA_CIRCLE
    inside = who in circle(type(obj))
    model = type(obj)
    if not model.objects.for_user(user, "view").filter(pk=obj.pk).exists():
        return REFUSED_OBJECT | ({422} if e.api and method != "GET" else set()), inside
    if p.action != "view" and not model.objects.for_user(user, p.action).filter(pk=obj.pk).exists():
        return REFUSED_ACTION | ({422} if e.api and method != "GET" else set()), inside
    return None, inside


def _people(world: Any) -> dict[str, Any]:
    people: dict[str, Any] = {"anonymous": None}
    for org in ORGS:
        for role in ROLES:
            people[f"{org}:{role}"] = world.user(org, role)
    for duty in DUTIES:
        people[f"duty:{duty}"] = create_staff(username=f"staff_{duty}", duty=duty,
                                              password="Zx9!staff-password")  # fmt: skip
    return people


def test_every_endpoint_as_every_role_inside_and_outside(world, capsys):
    from django.conf import settings

    from parkesg.web.api import api

    schema = api.get_openapi_schema()
    made: dict[str, Any] = {}
    endpoints = policy.endpoints()
    objects = {e.route: sample(e.policy.model, world, made)
               for e in endpoints if e.policy and e.policy.kind == policy.OBJECT}  # fmt: skip
    ids = {f"{m.split('.')[-1].replace('evidencefile', 'evidence')}_id": o.pk
           for m, o in made.items()}  # fmt: skip
    owners = {o.pk: k for k, o in world.orgs.items()}
    people = _people(world)
    clients: dict[str, Client] = {}
    for who, user in people.items():
        clients[who] = Client()
        if user is not None:
            clients[who].force_login(user)
    baseline = _fingerprint(owners)
    problems: list[str] = []
    tally: Counter[str] = Counter()
    for e in endpoints:
        obj = objects.get(e.route)
        url = _url(e, obj.pk if obj is not None else None)
        methods = list(e.methods) if e.api else ["GET", "POST"]
        for method in methods:
            body: Any = None
            if e.api and method != "GET":
                op = schema["paths"].get(_openapi_path(e.route), {}).get(method.lower(), {})
                content = op.get("requestBody", {}).get("content", {})
                if "application/json" in content:
                    body = _minimal(content["application/json"]["schema"], schema, ids)
            for who, user in people.items():
                org = who.split(":")[0] if ":" in who and not who.startswith("duty") else who
                allowed, inside = _outcome(e, org if user is None or user.organisation_id else who,
                                           user, obj, method)  # fmt: skip
                c = clients[who]
                with transaction.atomic():
                    kwargs: dict[str, Any] = {}
                    if body is not None:
                        kwargs = {"data": json.dumps(body), "content_type": "application/json"}
                    connection.queries_log.clear()  # the log holds 9000: count from empty
                    with CaptureQueriesContext(connection) as queries:
                        r = getattr(c, method.lower())(url, **kwargs)
                    # rows written (besides the audit log, login throttling and sessions)?
                    wrote = any(_writes(q["sql"]) for q in queries.captured_queries)
                    after = _fingerprint(owners) if wrote else baseline
                    transaction.set_rollback(True)
                tally["fingerprinted"] += wrote
                tally[f"{method} requests"] += 1
                status = r.status_code
                where = f"{method} {url} as {who} → {status}"
                if status >= 500:
                    problems.append(f"{where}: server error")
                elif allowed is not None and status not in allowed:
                    problems.append(f"{where}: expected one of {sorted(allowed)}")
                if obj is not None and user is not None and not inside and 200 <= status < 300:
                    problems.append(f"{where}: outside the object's circle, yet a success")
                outsider = user is None or user.organisation_id is None or org not in DATA_CIRCLE
                if outsider and 200 <= status < 300 and not getattr(r, "streaming", False):
                    if MARK.encode() in r.content:
                        problems.append(f"{where}: 企业A1's data in the answer")
                if wrote:
                    # members write only their own organisation; platform staff (by duty)
                    # organisations and accounts, never data
                    own = org if user is not None and user.organisation_id else None
                    staff = user is not None and user.organisation_id is None
                    changed = sorted({k for k, part in baseline if k != own
                                      and (part == "data" or not staff)
                                      and after[k, part] != baseline[k, part]})  # fmt: skip
                    if changed:
                        problems.append(f"{where}: changed the rows of {changed}")
                if status in (401, 403, 404, 405) or (status == 302 and user is None):
                    tally["refused"] += 1
                if user is not None and "_auth_user_id" not in c.session:
                    c.force_login(user)  # logged out by the request: log in again
    pairs = len(endpoints) * len(people)
    with capsys.disabled():
        print(
            f"\nauthorisation suite: {len(endpoints)} endpoints ({sum(e.api for e in endpoints)} "
            f"API operations), {len(people)} identities ({len(ORGS)} organisations × "
            f"{len(ROLES)} roles, {len(DUTIES)} staff duties, anonymous) = {pairs} endpoint × "
            f"identity pairs; {tally['GET requests']} reads and "
            f"{sum(v for k, v in tally.items() if k.endswith('requests') and k != 'GET requests')}"
            f" writes ({tally['fingerprinted']} wrote rows: every other organisation's rows and files"
            f" compared), {tally['refused']} refused; problems: {len(problems)}"
        )
    assert settings.DATA_DIR and os.path.isdir(settings.DATA_DIR)
    assert problems == [], "\n".join(problems)


def test_a_model_without_a_factory_gets_a_generic_sample(world):
    """A model a new app names in ``policy.obj`` is covered the day it is merged: without a
    factory in ``authz_samples`` it gets a row owned by 企业A1 with its required fields
    filled (here the documents app's model, which has no pages yet)."""
    from authz_samples import FACTORIES, OWNER, generic

    from parkesg.web.documents.models import Document

    assert "documents.document" not in FACTORIES
    row = generic(Document, world, {})
    assert row.organisation == world.orgs[OWNER]
    assert not Document.objects.for_user(world.user("ent_b1", "admin"), "view").filter(pk=row.pk)

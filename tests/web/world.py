"""A small world of organisations for the web tests: two parks, three enterprises, three
service providers, two banks, two governments, and one user per role in each.

Grants in force: 企业A1 shares with 园区A; 服务商甲 works for 园区A with its pledge recorded;
银行甲 holds 企业A1's consent. Not in force: 服务商乙's engagement with 企业A1 (no pledge),
服务商丙's engagement with 园区A (ended), 银行乙's consent from 企业A2 (revoked).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from parkesg.web.core.roles import Role
from parkesg.web.observations.models import Observation
from parkesg.web.orgs.models import AccessGrant, GrantKind, Organisation, OrgKind, User

PASSWORD = "Zx9!parkesg-test"

# key: (name, kind, region GB/T 2260, park key, 统一社会信用代码 with its GB 32100 check character;
# e.g. 银行甲 91320100BANK00001 → Σ Ci·Wi = 1454, 1454 mod 31 = 28, 31 − 28 = 3)
ORGS = {
    "park_a": ("园区A", OrgKind.park, "320411", None, "11320411PARKA00011"),
    "park_b": ("园区B", OrgKind.park, "320412", None, "11320412PARKB00017"),
    "ent_a1": ("企业A1", OrgKind.enterprise, "320411", "park_a", "91320411ENTA10001L"),
    "ent_a2": ("企业A2", OrgKind.enterprise, "320411", "park_a", "91320411ENTA20001C"),
    "ent_b1": ("企业B1", OrgKind.enterprise, "320412", "park_b", "91320412ENTB10001M"),
    "prov_ok": ("服务商甲", OrgKind.provider, "110105", None, "91110105PRW0000015"),
    "prov_nopledge": ("服务商乙", OrgKind.provider, "110105", None, "91110105PRW0000028"),
    "prov_expired": ("服务商丙", OrgKind.provider, "110105", None, "91110105PRW000003B"),
    "bank_ok": ("银行甲", OrgKind.bank, "320100", None, "91320100BANK000013"),
    "bank_no": ("银行乙", OrgKind.bank, "320100", None, "91320100BANK000026"),
    "gov_cz": ("常州市政府", OrgKind.government, "320400", None, "11320400GWCH00001M"),
    "gov_bj": ("北京市政府", OrgKind.government, "110000", None, "11110000GWBJ00001U"),
}
ENTITIES = ["park_a", "park_b", "ent_a1", "ent_a2", "ent_b1"]  # they own observations


@dataclass
class World:
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)  # "<org>_<role>"
    obs: dict[str, Observation] = field(default_factory=dict)  # one per entity
    grants: dict[str, AccessGrant] = field(default_factory=dict)

    def user(self, org: str, role: str = "admin") -> User:
        return self.users[f"{org}_{role}"]


def _grant(w: World, key: str, kind: str, owner: str, grantee: str, **kw: object) -> None:
    w.grants[key] = AccessGrant.objects.create(
        kind=kind, organisation=w.orgs[owner], grantee=w.orgs[grantee],
        created_by=w.user(owner), **kw,
    )  # fmt: skip


def build_world() -> World:
    w = World()
    for key, (name, kind, region, park, code) in ORGS.items():
        w.orgs[key] = Organisation.objects.create(
            name=name, kind=kind, region=region, credit_code=code,
            park=w.orgs[park] if park else None,
        )  # fmt: skip
        for role in Role:
            w.users[f"{key}_{role}"] = User.objects.create_user(
                f"{key}_{role}", password=PASSWORD, organisation=w.orgs[key], role=role
            )
    today = timezone.localdate()
    now = timezone.now()
    year = dt.timedelta(days=365)
    _grant(w, "share", GrantKind.park_share, "ent_a1", "park_a", starts_on=today)
    _grant(w, "engagement", GrantKind.engagement, "park_a", "prov_ok", starts_on=today,
           ends_on=today + year, pledge_recorded_at=now, pledge_reference="BJ-2026-01")  # fmt: skip
    _grant(w, "no_pledge", GrantKind.engagement, "ent_a1", "prov_nopledge", starts_on=today,
           ends_on=today + year)  # fmt: skip
    _grant(w, "expired", GrantKind.engagement, "park_a", "prov_expired",
           starts_on=today - 2 * year, ends_on=today - year, pledge_recorded_at=now)  # fmt: skip
    _grant(w, "consent", GrantKind.bank_consent, "ent_a1", "bank_ok", starts_on=today)
    _grant(w, "revoked", GrantKind.bank_consent, "ent_a2", "bank_no", starts_on=today,
           revoked_at=now)  # fmt: skip
    for key in ENTITIES:
        field_id = "gdp" if w.orgs[key].kind == OrgKind.park else "ent_output_value"
        w.obs[key] = Observation.objects.create(
            organisation=w.orgs[key], created_by=w.user(key, "editor"),
            maker=w.user(key, "editor"), year=2023, field_id=field_id, value=100.0,
            source="park_statistics",
        )  # fmt: skip
    return w

"""Who is in the demo: one organisation of every kind around the demo park of ``parkesg.demo``,
people with every role, and the grants that connect them. Data only; ``seed`` stores it.

All made up. The 统一社会信用代码 carry ``DEM`` in the organisation part and a valid GB 32100
check character (computed by ``parkesg.codes.credit_check_char``; ``tests/web/test_demo.py``
checks each), so they pass the platform's checks without belonging to anyone real.
"""

from __future__ import annotations

from dataclasses import dataclass

from parkesg.demo.energy import ENTERPRISES
from parkesg.demo.park import demo_park_profile
from parkesg.web.core.roles import Role
from parkesg.web.orgs.models import GrantKind, OrgKind

# One password for every demo account, printed at start-up; it passes the password rules of
# ``settings.AUTH_PASSWORD_VALIDATORS`` (≥ 10 characters, not common, not numeric, not like
# a user name) — ``seed`` validates it like any other password.
DEMO_PASSWORD = "Jiangnan-Demo-2026"
OPERATOR = "demo-operator"  # the platform operator (superuser without organisation)
# The other platform duties (三员分立): accounts and their security; the audit log.
STAFF = {"security": "demo-security", "audit": "demo-auditor"}

PARK_REGION = "320411"  # GB/T 2260 常州市新北区: the demo park lies in 江苏省常州市
# e01…e06: 91320411DEMENT00n + check character
DEMO_ENTERPRISE_CODES = (
    "91320411DEMENT001J", "91320411DEMENT002M", "91320411DEMENT003Q",
    "91320411DEMENT004U", "91320411DEMENT005Y", "91320411DEMENT0062",
)  # fmt: skip


@dataclass(frozen=True)
class DemoOrg:
    key: str  # short name, also the prefix of its people's user names
    name: str
    name_en: str
    kind: OrgKind
    region: str  # GB/T 2260
    credit_code: str
    park: str = ""  # key of its park (enterprises)
    industry: str = ""  # GB/T 4754
    entity_id: str = ""  # the id of this entity in the demo data (park / enterprise)
    roles: tuple[Role, ...] = (Role.admin, Role.viewer)
    stock_code: str = ""  # listed enterprises (the city's disclosure-rate target)


@dataclass(frozen=True)
class DemoGrant:
    kind: GrantKind
    owner: str
    grantee: str
    pledge: str = ""  # confidentiality pledge number (engagements, 北京指南 三（五）、附件2-2)
    days: int = 0  # a consent for this many days from the seed (0: without an end)


DATA_ROLES = (Role.admin, Role.editor, Role.reviewer)  # owners of data: maker and checker
# four key enterprises are listed (demo codes); e01 and e02 publish disclosures
# (``seed_disclosures``), so the city's listed disclosure rate starts at 2 of 4
LISTED = {"e01": "603999.SH", "e02": "002999.SZ", "e05": "688999.SH", "e06": "301999.SZ"}


def _orgs() -> list[DemoOrg]:
    park = demo_park_profile()
    orgs = [
        DemoOrg("park", park["name"], park["name_en"], OrgKind.park, PARK_REGION,
                "11320411DEMPARK01R", industry=park["industry"], entity_id=park["entity_id"],
                roles=(*DATA_ROLES, Role.viewer)),
    ]  # fmt: skip
    for n, (entity_id, (name, industry)) in enumerate(ENTERPRISES.items(), start=1):
        orgs.append(
            DemoOrg(
                f"e{n:02d}",
                name,
                f"Demo enterprise {n:02d}",
                OrgKind.enterprise,
                PARK_REGION,
                DEMO_ENTERPRISE_CODES[n - 1],
                park="park",
                industry=industry,
                entity_id=entity_id,
                roles=DATA_ROLES,
                stock_code=LISTED.get(f"e{n:02d}", ""),
            )  # fmt: skip
        )
    orgs += [
        DemoOrg("provider", "示范绿色发展咨询有限公司", "Demo Green Development Consulting",
                OrgKind.provider, "320402", "91320402DEMCNL0011"),
        DemoOrg("bank", "示范银行常州分行", "Demo Bank, Changzhou Branch", OrgKind.bank,
                "320400", "91320400DEMBNK001A"),
        DemoOrg("gov", "常州市人民政府（演示）", "Changzhou Municipal Government (demo)",
                OrgKind.government, "320400", "11320400DEMGWT001G",
                roles=(Role.admin, Role.editor, Role.viewer)),
        # a district of the city that keeps its own registers (issue 19: ``seed_city``)
        DemoOrg("wujin", "常州市武进区人民政府（演示）", "Wujin District Government (demo)",
                OrgKind.government, "320412", "11320412DEMGWW001B",
                roles=(Role.admin, Role.editor, Role.viewer)),
        # a third-party rating organisation (T/JDFA01 6.5; issue 18: ``seed_ratings``)
        DemoOrg("rating", "示范绿色评级有限公司", "Demo Green Ratings Co., Ltd.", OrgKind.bank,
                "320402", "91320402DEMRAT0011", roles=(*DATA_ROLES, Role.viewer)),
    ]  # fmt: skip
    return orgs


ORGS: list[DemoOrg] = _orgs()

GRANTS: list[DemoGrant] = [
    # every enterprise shares its data with the park (T/ESC 001 9.1.2 d)
    *(DemoGrant(GrantKind.park_share, o.key, "park") for o in ORGS if o.park),
    # the provider's diagnosis of the park, effective once its pledge is recorded
    DemoGrant(GrantKind.engagement, "park", "provider", pledge="BJ-DEMO-2026-001"),
    # the first enterprise consents to the bank reading its data (T/JDFA01—2025 6.6 d)
    DemoGrant(GrantKind.bank_consent, "e01", "bank"),
    # every key enterprise consents to the rating organisation rating it (6.6 d)
    *(
        DemoGrant(GrantKind.bank_consent, o.key, "rating", days=20 if o.key == "e06" else 0)
        for o in ORGS
        if o.park
    ),  # e06's ends in 20 days: flagged as expiring
]
# the rating organisation's further people (``seed_ratings``): (organisation, user, role, name)
MORE_PEOPLE: list[tuple[str, str, Role, str]] = [
    ("rating", "rating-lead", Role.editor, "评价组长"),
    ("rating", "rating-checker", Role.reviewer, "资料复核人"),
    *(("rating", f"rating-committee-{n}", Role.reviewer, f"评价委员{n}") for n in (1, 2, 3)),
]


# The people of the park's ESG management system (T/ESC 001 5.1, 9.2), seeded by ``seed_esg``:
# (user name, role, name, position, group role, department, internal auditor)
PARK_ESG_PEOPLE = (
    ("park-leader", Role.reviewer, "王建国", "director", "leader", "经济发展局", False),
    ("park-office", Role.editor, "李晓雯", "staff", "office", "ESG 领导小组办公室", False),
    ("park-eco", Role.editor, "陈志强", "dept_head", "member", "生态环境局", False),
    ("park-auditor", Role.editor, "周敏", "staff", "member", "企业服务局", True),
)


def username(org_key: str, role: str) -> str:
    return f"{org_key}-{role}"


def logins() -> list[tuple[str, DemoOrg | None, str]]:
    """(user name, organisation, role) of every demo account, the operator first."""
    out: list[tuple[str, DemoOrg | None, str]] = [(OPERATOR, None, "system")]
    out += [(name, None, duty) for duty, name in STAFF.items()]
    for org in ORGS:
        out += [(username(org.key, r), org, r.value) for r in org.roles]
    out += [(name, ORGS[0], role.value) for name, role, *_rest in PARK_ESG_PEOPLE]
    by_key = {o.key: o for o in ORGS}
    out += [(name, by_key[key], role.value) for key, name, role, _n in MORE_PEOPLE]
    return out

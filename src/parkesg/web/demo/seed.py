"""Put the demo in the database through the services — idempotent: what exists (by name, user
name, grant parties, or entity-year-field) is left as it is, so running twice adds nothing
and a value a person changed in the browser stays changed.

Only the platform staff are created directly (as ``createsuperuser`` / ``createstaff`` would):
every organisation goes through ``orgs.services`` (the operator), its first admin through
``orgs.accounts.create_first_admin`` (the operator), its other people, grants and pledges
through its admin, and each observation through ``observations.services`` — all audited like a
person's click. Admins and staff get the demo's public TOTP key (``totp.DEMO_TOTP_KEY``).
Each observation is entered by its organisation's editor, submitted, and approved by its
reviewer (checker ≠ maker), in one transaction, so an interrupted run leaves nothing
half-reviewed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from parkesg.web.core.roles import ROLE_LABELS, Action, Role
from parkesg.web.demo import (
    cast,
    data,
    guard,
    seed_city,
    seed_city_grades,
    seed_city_scale,
    seed_disclosures,
    seed_engagements,
    seed_esg,
    seed_ratings,
)
from parkesg.web.observations import services as observations
from parkesg.web.observations.models import Observation
from parkesg.web.orgs import services as orgs
from parkesg.web.orgs.models import AccessGrant, GrantKind, Organisation, User

APPROVAL_NOTE = "演示数据：已核对证明材料 / demo data, evidence checked"


@dataclass
class SeedReport:
    """What this run added (all zero on a second run)."""

    organisations: int = 0
    people: int = 0
    grants: int = 0
    observations: int = 0
    assessments: int = 0


def demo_inputs(folder: Path) -> Path:
    """The inputs ``parkesg demo`` writes (park workbook, targets, enterprises, energy), written
    once into ``folder``; returns the park workbook."""
    park = folder / "park.xlsx"
    if not park.exists():
        from parkesg.demo.run import write_demo_inputs

        write_demo_inputs(folder)
    return park


def seed(
    *,
    inputs: Path,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
    city: int = seed_city_scale.DEMO_ENTERPRISES,
) -> SeedReport:
    """Load the cast and the demo observations (``inputs``: see ``demo_inputs``), and a
    synthetic city of ``city`` enterprises (``seed_city_scale``)."""
    guard.check_database(force=force)
    validate_password(cast.DEMO_PASSWORD)
    report = SeedReport()
    operator = _operator()
    _staff()
    org_rows: dict[str, Organisation] = {}
    for o in cast.ORGS:  # parks before their enterprises
        org_rows[o.key] = _organisation(operator, o, org_rows.get(o.park), report)
    people: dict[str, User] = {}
    for o in cast.ORGS:
        admin = _first_admin(operator, org_rows[o.key], o.key, report)
        people[admin.username] = admin
        for r in o.roles:
            if r != Role.admin:
                people[cast.username(o.key, r)] = _person(admin, org_rows[o.key], o.key, r, report)
    for user in [operator, *User.objects.filter(duty__in=["security", "audit"],
                                                username__in=cast.STAFF.values())]:  # fmt: skip
        _demo_second_factor(user)
    for user in people.values():
        if user.role == Role.admin:
            _demo_second_factor(user)
    for g in cast.GRANTS:
        _grant(g, org_rows, people, report)
    park = demo_inputs(inputs)
    values = [
        *data.park_values(park),
        *data.enterprise_values(),
        *data.enterprise_profile_values(inputs / "enterprises.parquet"),
    ]
    _observations(values, people, report, progress)
    _assessments(org_rows["park"], people[cast.username("park", Role.editor)], report)
    _assessments(org_rows["e01"], people[cast.username("e01", Role.editor)], report,
                 frameworks=ENTERPRISE_FRAMEWORKS)  # fmt: skip
    seed_esg.seed(park=org_rows["park"], operator=operator)  # T/ESC 001 clauses 4–10, a year in
    seed_ratings.seed(inputs=inputs)  # issue 18: a rating from planning to objection
    seed_engagements.seed(org_rows, people, operator)  # T/CPPC audit at 5.3, Beijing follow-up
    seed_disclosures.seed()  # issue 19: published disclosures, one corrected, one assured
    seed_city.seed()  # issue 19: the city's registers behind its 2027 targets
    seed_city_scale.seed(city)  # issue 19 item 8: the city's enterprises, disclosures published
    seed_city_grades.seed(city)  # … and most of them graded
    return report


# The demo's assessments, run once so that a results page of every framework exists from
# the start: the park's three, and the T/JDFA01 rating of the first enterprise (the bank
# holds its consent, so the bank sees it too).
PARK_FRAMEWORKS = ("bj-green-diagnosis", "t-cppc-park-cpa", "t-esc-001-2024")
ENTERPRISE_FRAMEWORKS = ("t-jdfa-01-2025",)


def _assessments(
    entity: Organisation,
    editor: User,
    report: SeedReport,
    frameworks: tuple[str, ...] = PARK_FRAMEWORKS,
) -> None:
    from parkesg.web.assessments.models import Assessment
    from parkesg.web.assessments.services import run_assessment

    for fw in frameworks:
        if not Assessment.objects.filter(organisation=entity, framework_id=fw).exists():
            run_assessment(actor=editor, entity_id=entity.pk, framework_id=fw)
            report.assessments += 1


def _operator() -> User:
    found = User.objects.filter(username=cast.OPERATOR).first()
    return found or User.objects.create_superuser(cast.OPERATOR, "", cast.DEMO_PASSWORD)


def _organisation(
    operator: User, o: cast.DemoOrg, park: Organisation | None, report: SeedReport
) -> Organisation:
    found = Organisation.objects.for_user(operator, Action.view).filter(name=o.name).first()
    if found is not None:
        return found
    org = Organisation(name=o.name, name_en=o.name_en, kind=o.kind, region=o.region,
                       credit_code=o.credit_code, industry=o.industry, park=park,
                       stock_code=o.stock_code)  # fmt: skip
    report.organisations += 1
    return orgs.save_organisation(actor=operator, org=org)


def _staff() -> None:
    """The security and audit administrators (三员分立; the operator is the system one)."""
    from parkesg.web.orgs.accounts import create_staff

    for duty, name in cast.STAFF.items():
        if not User.objects.filter(username=name).exists():
            create_staff(username=name, password=cast.DEMO_PASSWORD, duty=duty)


def _first_admin(operator: User, org: Organisation, key: str, report: SeedReport) -> User:
    from parkesg.web.orgs.accounts import create_first_admin

    name = cast.username(key, Role.admin)
    found = User.objects.filter(username=name).first()
    if found is not None:
        return found
    report.people += 1
    return create_first_admin(actor=operator, organisation=org, username=name,
                              password=cast.DEMO_PASSWORD, must_change=False,
                              full_name=ROLE_LABELS[Role.admin].split()[0])  # fmt: skip


def _person(admin: User, org: Organisation, key: str, role: Role, report: SeedReport) -> User:
    name = cast.username(key, role)
    found = User.objects.for_user(admin, Action.view).filter(username=name).first()
    if found is not None:
        return found
    report.people += 1
    return orgs.create_user(actor=admin, organisation=org, username=name,
                            password=cast.DEMO_PASSWORD, role=role,
                            full_name=ROLE_LABELS[role].split()[0])  # fmt: skip


def _demo_second_factor(user: User) -> None:
    """The demo's public TOTP key for an admin or staff account (once; never in production:
    the demo runs only on its own SQLite data dir)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from parkesg.web.demo.totp import DEMO_TOTP_KEY

    if not TOTPDevice.objects.filter(user=user).exists():
        TOTPDevice.objects.create(user=user, name="demo", key=DEMO_TOTP_KEY, confirmed=True)


def _grant(
    g: cast.DemoGrant, org_rows: dict[str, Organisation], people: dict[str, User],
    report: SeedReport,
) -> None:  # fmt: skip
    admin = people[cast.username(g.owner, Role.admin)]
    grantee = org_rows[g.grantee]
    grant = (
        AccessGrant.objects.for_user(admin, Action.manage)
        .filter(kind=g.kind, grantee=grantee)
        .first()
    )
    if grant is None:
        today = timezone.localdate()
        ends = today + dt.timedelta(days=365) if g.kind == GrantKind.engagement else None
        ends = today + dt.timedelta(days=g.days) if g.days else ends
        grant = AccessGrant(kind=g.kind, grantee=grantee, starts_on=today, ends_on=ends,
                            note="演示 / demo")  # fmt: skip
        grant = orgs.create_grant(actor=admin, grant=grant)
        report.grants += 1
    if g.pledge and grant.pledge_recorded_at is None:
        orgs.record_pledge(actor=admin, grant_id=grant.pk, reference=g.pledge)


def _observations(
    values: list[data.DemoValue], people: dict[str, User], report: SeedReport,
    progress: Callable[[int, int], None] | None,
) -> None:  # fmt: skip
    owner = {o.entity_id: o.key for o in cast.ORGS if o.entity_id}
    keys: dict[str, set[tuple[int, str]]] = {}
    for i, v in enumerate(values, start=1):
        key = owner[v.entity_id]
        editor = people[cast.username(key, Role.editor)]
        reviewer = people[cast.username(key, Role.reviewer)]
        if key not in keys:  # what the organisation already has, asked once
            rows = Observation.objects.for_user(editor, Action.view)
            keys[key] = set(rows.filter(organisation=editor.organisation)
                            .values_list("year", "field_id"))  # fmt: skip
        if (v.year, v.field_id) not in keys[key]:
            _enter_and_approve(v, editor, reviewer)
            keys[key].add((v.year, v.field_id))
            report.observations += 1
        if progress is not None:
            progress(i, len(values))


def _enter_and_approve(v: data.DemoValue, editor: User, reviewer: User) -> None:
    obs = Observation(year=v.year, field_id=v.field_id, value=v.value, category=v.category,
                      unit=v.unit, source=v.source, evidence=v.evidence)  # fmt: skip
    with transaction.atomic():
        observations.save_observation(actor=editor, obs=obs)
        observations.review(actor=editor, observation_id=obs.pk, event="submit")
        observations.review(actor=reviewer, observation_id=obs.pk, event="approve",
                            note=APPROVAL_NOTE)  # fmt: skip

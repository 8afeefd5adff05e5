"""Disclosures for the tests (on ``world.py``), made through the services as people would:
企业A1's editor prepares, its reviewer approves and publishes; values are approved
observations entered once (``assess_world.enter``)."""

from __future__ import annotations

from typing import Any

from assess_world import enter
from django.core.files.uploadedfile import SimpleUploadedFile
from test_collection_evidence import PDF
from world import World

from parkesg.web.disclosures import services
from parkesg.web.disclosures.models import Disclosure, DisclosureVersion
from parkesg.web.orgs.models import Organisation

YEAR = 2024
# hand-picked so that ranks and medians are computed by hand in the tests
VALUES = {
    "ent_a1": {"ent_energy_consumption": 800.0, "ent_employees": 120.0, "ent_esg_governance": 1.0},
    "ent_a2": {"ent_energy_consumption": 500.0, "ent_employees": 120.0, "ent_esg_governance": 0.0},
    "ent_b1": {"ent_energy_consumption": 900.0, "ent_employees": 300.0},
}
INDUSTRY = {"ent_a1": "C3841", "ent_a2": "C3849", "ent_b1": "C3812"}


def pdf(name: str = "report.pdf", extra: bytes = b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + extra, content_type="application/pdf")


def enter_values(w: World, org: str, values: dict[str, float] | None = None) -> None:
    Organisation.objects.filter(pk=w.orgs[org].pk).update(industry=INDUSTRY.get(org, ""))
    w.orgs[org].refresh_from_db()
    for field, value in (values or VALUES[org]).items():
        enter(w, org, field, YEAR, value)


def prepare(w: World, org: str, *, year: int = YEAR, enter_data: bool = True) -> DisclosureVersion:
    """A draft with its report attached (values entered and approved first)."""
    if enter_data:
        enter_values(w, org)
    d = services.open_disclosure(actor=w.user(org, "editor"), year=year)
    v = d.versions.get()
    return services.attach_report(actor=w.user(org, "editor"), version_id=v.pk,
                                  uploaded=pdf(f"{org}-esg.pdf", org.encode()))  # fmt: skip


def move(w: World, org: str, v: Any, event: str, who: str, note: str = "") -> DisclosureVersion:
    return services.move(actor=w.user(org, who), version_id=v.pk, event=event, note=note)


def publish(w: World, org: str, v: Any) -> DisclosureVersion:
    """Submitted by the editor, approved and published by the reviewer."""
    move(w, org, v, "submit", "editor")
    move(w, org, v, "approve", "reviewer")
    return move(w, org, v, "publish", "reviewer")


def published(w: World, org: str, **kw: Any) -> Disclosure:
    v = prepare(w, org, **kw)
    publish(w, org, v)
    return v.disclosure

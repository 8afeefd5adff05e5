"""Steps of the restore drill and the fault tests, run in a subprocess against a scratch
platform (``scratch.py``): ``python drill.py seed|change|dump|tamper``; ``dump`` prints the
platform's state as JSON (every value with its history, every evidence file and the bytes
on disk, the audit log's size)."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from parkesg.web.assessments.models import Assessment  # noqa: E402
from parkesg.web.audit.models import AuditRecord  # noqa: E402
from parkesg.web.audit.services import verify_chains  # noqa: E402
from parkesg.web.collection import evidence  # noqa: E402
from parkesg.web.collection.models import (  # noqa: E402
    EvidenceFile,
    UploadChange,
    WorkbookUpload,
)
from parkesg.web.core.appendonly import _trigger_sql, trigger_names  # noqa: E402
from parkesg.web.observations import services  # noqa: E402
from parkesg.web.observations.models import Observation, ObservationRevision  # noqa: E402
from parkesg.web.orgs.models import Organisation, OrgKind, User  # noqa: E402

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def seed() -> None:
    org = Organisation.objects.create(name="演练企业", kind=OrgKind.enterprise, region="320411")
    editor = User.objects.create_user("drill-editor", password="Zx9!drill-pass",
                                      organisation=org, role="editor")  # fmt: skip
    reviewer = User.objects.create_user("drill-reviewer", password="Zx9!drill-pass",
                                        organisation=org, role="reviewer")  # fmt: skip
    for year, value in ((2022, 4957.0), (2023, 5010.0), (2024, 5120.5)):
        obs = services.save_observation(actor=editor, obs=Observation(
            year=year, field_id="ent_output_value", value=value, source="official",
            evidence=f"{year} 年报"))  # fmt: skip
        services.review(actor=editor, observation_id=obs.pk, event="submit")
        services.review(actor=reviewer, observation_id=obs.pk, event="approve")
    obs = services.save_observation(actor=editor, obs=Observation(
        year=2024, field_id="ent_energy_consumption", value=800.0, source="official"))  # fmt: skip
    services.review(actor=editor, observation_id=obs.pk, event="submit")
    services.review(actor=reviewer, observation_id=obs.pk, event="approve")
    for i in range(3):
        evidence.store_evidence(actor=editor, data=PDF + f"{i}".encode(), name=f"年报{i}.pdf")


def change() -> None:
    editor = User.objects.get(username="drill-editor")
    obs = Observation.objects.get(year=2023)
    obs.value = 9999.0
    services.save_observation(actor=editor, obs=obs)
    services.save_observation(actor=editor, obs=Observation(
        year=2025, field_id="ent_output_value", value=1.0, source="official"))  # fmt: skip
    evidence.store_evidence(actor=editor, data=PDF + b"new", name="新增.pdf")
    victim = EvidenceFile.objects.order_by("pk").first()
    assert victim is not None
    evidence_file = next((Path(settings.DATA_DIR) / "evidence").rglob(victim.sha256))
    evidence_file.unlink()  # a file lost on disk


def tamper() -> None:
    """Delete the last two records of the organisation's audit chain, as someone with the
    database owner's rights would: drop the append-only triggers, delete, put them back."""
    table = "audit_auditrecord"
    chain = f"org:{Organisation.objects.get(name='演练企业').pk}"
    last = AuditRecord.objects.filter(chain=chain).order_by("-seq")[:2]
    ids = [r.pk for r in last]
    with connection.cursor() as c:
        for name in trigger_names(table, connection.vendor):
            c.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if connection.vendor
                                                          == "postgresql" else ""))  # fmt: skip
        c.execute(f"DELETE FROM {table} WHERE id IN ({','.join(map(str, ids))})")
        for statement in _trigger_sql(table)[connection.vendor][0]:
            c.execute(statement)


def dump() -> dict:
    root = Path(settings.DATA_DIR) / "evidence"
    return {
        "observations": sorted(
            [o.field_id, o.year, o.value, o.state] for o in Observation.objects.all()
        ),  # fmt: skip
        "revisions": ObservationRevision.objects.count(),
        "evidence": sorted([e.name, e.sha256] for e in EvidenceFile.objects.all()),
        "files": sorted(
            [p.relative_to(root).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest()]
            for p in root.rglob("*")
            if p.is_file()
        )
        if root.exists()
        else [],  # fmt: skip
        "audit": AuditRecord.objects.count(),
        "uploads": sorted([u.state, u.observations.count()] for u in WorkbookUpload.objects.all()),
        "upload_changes_written": UploadChange.objects.exclude(written_revision=None).count(),
        "assessments": Assessment.objects.count(),
        "audit_breaks": [str(b) for b in verify_chains()[1]],
        "organisation": Organisation.objects.get(name="演练企业").pk,
    }


if __name__ == "__main__":
    step = sys.argv[1]
    if step == "dump":
        print(json.dumps(dump(), ensure_ascii=False))
    else:
        {"seed": seed, "change": change, "tamper": tamper}[step]()

"""One object of each model an access policy names, owned by 企业A1 (``OWNER``), for the
authorisation suite — and who, written out by hand from the rules, may ever get it.

企业A1 shares its data with 园区A, consented to 银行甲, engaged 服务商乙 without a pledge (not
in force); 企业A2 is its neighbour in the same park, 企业B1 a stranger, 常州市政府 governs its
region. A model without a factory here gets a generic one (``generic``): a row owned by
企业A1 with its required fields filled. Add a factory when a page needs a realistic row.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils import timezone

from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction, AuditRecord

OWNER = "ent_a1"
MARK = "MARKA1"  # in names and notes of the owner's rows: must not show to anyone outside

# Who may ever see the sample of a model (organisation keys of world.py, "duty:<d>" for
# platform staff). Data of 企业A1 by default: itself, its park (share), its bank (consent).
DATA_CIRCLE = frozenset({"ent_a1", "park_a", "bank_ok"})
CIRCLE: dict[str, frozenset[str]] = {
    "orgs.accessgrant": frozenset({"ent_a1", "bank_ok"}),  # the grant's two parties
    "orgs.organisation": frozenset({"ent_a1", "park_a", "bank_ok", "gov_cz", "duty:system"}),
    "orgs.user": frozenset({"ent_a1", "duty:security"}),  # its people; accounts' security
    "audit.auditrecord": frozenset({"ent_a1", "duty:audit"}),  # its admins; the auditor
}
# The park ESG management system belongs to a park committee (README "Park ESG management
# system"): its samples are 园区A's; 服务商甲, engaged by 园区A with its pledge recorded, sees
# it read-only (an external auditor); the region's government only published reports (the
# sample is not published). 企业A1, its bank and everyone else: nothing.
ESG_CIRCLE = frozenset({"park_a", "prov_ok"})
# An engagement (README "Engagements"): 服务商甲's audit of 园区A. The provider works on it,
# the park sees it and makes its own records; the district government sees what was
# submitted to it (the sample is not submitted); nobody else (enterprises, banks, 服务商乙).
ENGAGEMENT_CIRCLE = frozenset({"prov_ok", "park_a"})
# Ratings (README "Ratings"): 银行甲 rates a portfolio holding 企业A1, commissioned by 银行乙,
# published, 企业A1 objecting (``ratings_world.published_scene``). The project and its
# results: the rater; the rated enterprise (from re-confirmation on); the commissioning bank
# (once approved); nobody else unless published (and then only the published grade, not
# these rows). An objection: the rater and the enterprise that filed it. The rating
# organisation's own records (profile, evaluators, committee, tables): itself only.
RATED = frozenset({"bank_ok", "ent_a1", "bank_no"})
# Who owns the samples of an app whose data is not an enterprise's (``generic(owner=)``).
# The city registers (README "City ESG targets"): kept by a government, seen by the
# governments of its region (常州市政府 is the only one in 3204) — nobody else.
APP_OWNER = {"esg": "park_a", "ratings": "bank_ok", "city": "gov_cz"}
APP_CIRCLE = {"esg": ESG_CIRCLE, "engagements": ENGAGEMENT_CIRCLE,
              "ratings": frozenset({"bank_ok"}), "city": frozenset({"gov_cz"})}  # fmt: skip
CIRCLE |= {
    "ratings.ratingproject": RATED, "ratings.portfoliomember": RATED,
    "ratings.ratingresult": RATED, "ratings.certificate": RATED, "ratings.ratingrun": RATED,
    "ratings.objection": frozenset({"bank_ok", "ent_a1"}),
    "ratings.onsiterecord": frozenset({"bank_ok", "ent_a1"}),
}  # fmt: skip
# Disclosures (README "Enterprise disclosures and the public portal"): a version being
# prepared stays inside the enterprise (no grant reaches it); the public portal reads only
# published snapshots, which none of these samples is.
CIRCLE |= {"disclosures.disclosure": frozenset({"ent_a1"}),
           "disclosures.disclosureversion": frozenset({"ent_a1"})}  # fmt: skip
# The rows of the published rating scene that stand for each ratings model.
RATING_SCENE = {"ratings.ratingproject": "project", "ratings.portfoliomember": "a1",
                "ratings.certificate": "cert", "ratings.objection": "objection",
                "ratings.ratingresult": "result", "ratings.ratingbody": "body",
                "ratings.evaluator": "evaluator", "ratings.committeemember": "committee",
                "ratings.referencetable": "reference"}  # fmt: skip
_SCENE: list[tuple[Any, dict[str, Any]]] = []  # (world, its scene): made once per world


def circle(model: type[models.Model]) -> frozenset[str]:
    label = model._meta.label_lower
    return CIRCLE.get(label, APP_CIRCLE.get(label.split(".")[0], DATA_CIRCLE))


def _observation(w: Any) -> Any:
    obs = w.obs[OWNER]
    type(obs).objects.filter(pk=obs.pk).update(evidence=f"{MARK} 统计报表")
    return obs


def _evidence(w: Any) -> Any:
    from test_collection_evidence import PDF

    from parkesg.web.collection import evidence

    return evidence.store_evidence(actor=w.user(OWNER, "editor"), data=PDF + MARK.encode(),
                                   name=f"{MARK}-evidence.pdf")  # fmt: skip


def _upload(w: Any) -> Any:
    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    from parkesg.io.workbook import DATA_SHEET
    from parkesg.web.collection import apply, upload
    from parkesg.web.collection.template import template_bytes

    owner, editor = w.orgs[OWNER], w.user(OWNER, "editor")
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(owner, editor, [2024],
                                                          with_values=False)))  # fmt: skip
    ws = wb[DATA_SHEET]
    r = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == "ent_employees")
    ws.cell(r, 4, 7)
    ws.cell(r, 5, "园区统计数据")
    out = io.BytesIO()
    wb.save(out)
    pending = upload.preview_workbook(actor=editor,
                                      uploaded=SimpleUploadedFile(f"{MARK}.xlsx", out.getvalue()))  # fmt: skip
    return apply.confirm_upload(actor=editor, upload_id=pending.pk)


def _assessment(w: Any) -> Any:
    from assess_world import enterprise_run

    return enterprise_run(w)


def _engagement(w: Any) -> Any:
    """服务商甲's T/CPPC audit of 园区A under 园区A's engagement grant (pledge recorded)."""
    from parkesg.web.engagements.choices import Kind, State
    from parkesg.web.engagements.models import Engagement

    today = timezone.localdate()
    return Engagement.objects.create(
        organisation=w.orgs["prov_ok"], created_by=w.user("prov_ok", "editor"), kind=Kind.cppc,
        title=f"{MARK} 园区清洁生产审核", park=w.orgs["park_a"], grant=w.grants["engagement"],
        starts_on=today, ends_on=today, base_year=2023, lead=w.user("prov_ok", "admin"),
        state=State.choices[0][0],
    )  # fmt: skip


def _rating_scene(w: Any) -> dict[str, Any]:
    """``ratings_world.published_scene``, its 企业A1 values entered only where the other
    samples (the assessment's, the upload's) have not entered them already."""
    import ratings_world as rw
    from assess_world import enter

    from parkesg.web.observations.models import Observation
    from parkesg.web.orgs.models import Organisation

    Organisation.objects.filter(pk=w.orgs[OWNER].pk).update(industry="C3130")
    w.orgs[OWNER].refresh_from_db()
    for f, v in rw.ENT_A1_2024.items():
        if not Observation.objects.filter(organisation=w.orgs[OWNER], field_id=f,
                                          year=rw.YEAR).exists():  # fmt: skip
            enter(w, OWNER, f, rw.YEAR, v)
    real = rw.consent_data
    rw.consent_data = lambda world: None  # done above
    try:
        return rw.published_scene(w)
    finally:
        rw.consent_data = real


def _disclosure(w: Any) -> Any:
    """企业A1's disclosure as its editor opens it (with its first, draft version)."""
    from parkesg.web.disclosures import services
    from parkesg.web.disclosures.models import Disclosure

    made = Disclosure.objects.filter(organisation=w.orgs[OWNER], year=2024).first()
    if made is not None:  # the version's sample made it already
        return made
    d = services.open_disclosure(actor=w.user(OWNER, "editor"), year=2024)
    services.save_draft(actor=w.user(OWNER, "editor"), version_id=d.versions.get().pk,
                        fields={"summary": f"{MARK} 披露说明"})  # fmt: skip
    return d


def _audit_record(w: Any) -> AuditRecord:
    return audit.record(action=AuditAction.login_failed, actor_name=f"{OWNER}_viewer",
                        organisation=w.orgs[OWNER], after={"reason": "password"})  # fmt: skip


def _city(label: str) -> Callable[[Any], Any]:
    """A city register entry of 常州市政府: its texts are the government's own, not 企业A1's
    marker (the registers are no enterprise's data; the circle says who may see them)."""

    def make(w: Any) -> Any:
        from django.apps import apps

        model = apps.get_model(label)
        obj = generic(model, w, {}, owner="gov_cz")
        texts = {f.name: "320411" if f.name == "district" else "登记"
                 for f in model._meta.concrete_fields
                 if isinstance(f, models.CharField) and getattr(obj, f.name) == MARK}  # fmt: skip
        model.objects.filter(pk=obj.pk).update(**texts)
        obj.refresh_from_db()
        return obj

    return make


CITY_MODELS = ("pilot", "serviceinstitution", "esgstandard", "esgprojects", "esgtalents",
               "carbonofficer", "targetreading")  # fmt: skip
FACTORIES: dict[str, Callable[[Any], Any]] = {
    **{f"city.{name}": _city(f"city.{name}") for name in CITY_MODELS},
    "observations.observation": _observation,
    "collection.evidencefile": _evidence,
    "collection.workbookupload": _upload,
    "assessments.assessment": _assessment,
    "orgs.organisation": lambda w: w.orgs[OWNER],
    "orgs.user": lambda w: w.user(OWNER, "viewer"),
    "orgs.accessgrant": lambda w: w.grants["consent"],
    "audit.auditrecord": _audit_record,
    "engagements.engagement": _engagement,
    "disclosures.disclosure": _disclosure,
    "disclosures.disclosureversion": lambda w: _disclosure(w).versions.get(),
}


def _record_owner(model: type[models.Model]) -> str:
    """An engagement record belongs to the side that makes it (``Record.side``)."""
    return {"park": "park_a", "district": "gov_cz"}.get(str(getattr(model, "side", "")), "prov_ok")


def generic(model: type[models.Model], w: Any, made: dict[str, Any], owner: str = OWNER) -> Any:
    """A row of ``model`` owned by ``owner`` (企业A1 unless said): required fields filled by
    type, foreign keys to the owner, its editor, or a sample of the related model."""
    from parkesg.web.orgs.models import Organisation, User

    values: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.has_default() or f.null or getattr(f, "auto_now_add", False):
            continue
        if f.is_relation:
            rel = f.related_model
            if rel is Organisation:
                values[f.name] = w.orgs[owner]
            elif rel is User:
                values[f.name] = w.user(owner, "editor")
            else:
                values[f.name] = sample(rel, w, made)  # type: ignore[arg-type]
        elif f.choices:
            values[f.name] = f.choices[0][0]
        elif isinstance(f, models.CharField | models.TextField):
            values[f.name] = MARK if not f.max_length or f.max_length >= len(MARK) else "x"
        elif isinstance(f, models.DateTimeField):
            values[f.name] = timezone.now()
        elif isinstance(f, models.DateField):
            values[f.name] = timezone.localdate()
        elif isinstance(f, models.BooleanField):
            values[f.name] = False
        elif isinstance(f, models.IntegerField | models.FloatField | models.DecimalField):
            values[f.name] = 1
        elif isinstance(f, models.JSONField):
            values[f.name] = {}
    return model.objects.create(**values)


def sample(model: type[models.Model], w: Any, made: dict[str, Any]) -> Any:
    """The sample of ``model`` (made once per test)."""
    key = model._meta.label_lower
    if key not in made:
        factory = FACTORIES.get(key)
        app = key.split(".")[0]
        if key in RATING_SCENE:
            if not _SCENE or _SCENE[0][0] is not w:
                _SCENE[:] = [(w, _rating_scene(w))]
            scene = _SCENE[0][1]
            factory = lambda w: scene[RATING_SCENE[key]]  # noqa: E731
        owner = _record_owner(model) if app == "engagements" else APP_OWNER.get(app, OWNER)
        made[key] = factory(w) if factory else generic(model, w, made, owner)
    return made[key]

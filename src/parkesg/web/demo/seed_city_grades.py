"""Published grades for most of the synthetic city (``seed_city_scale``): 示范绿色评级有限公司
publishes one rating project over the city's enterprises, six in seven of them graded, so the
portal's grade filter and the city dashboard's “A or above” count have figures at city scale.

A bulk path, not a rating run: a T/JDFA01 run needs about a hundred fields per enterprise and
its workflow steps per member (consent, data sources, reconfirmation, certificates); the
synthetic city has only the disclosure's KPIs. So the grade is drawn (seeded) from the
enterprise's own disclosed figures — its ESG governance, anti-corruption system and social
insurance raise it, penalties lower it, plus noise — and cut into Annex B's bands by fixed
shares. The project is created through ``ratings.services.save_project`` (numbered,
audited), its members are written in bulk, and the publication — the public document and one
``PublishedGrade`` row per enterprise — is written by the ratings' own
``conclusion.publish``, fed with the certificates a sign-off would issue (not stored: no
rating result stands behind them). Run again, it grades only enterprises not yet graded.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from django.db import transaction
from django.utils import timezone

from parkesg.web.demo import cast, seed_city_scale
from parkesg.web.orgs.models import Organisation, User
from parkesg.web.ratings import conclusion
from parkesg.web.ratings.kinds import AddedVia, MemberBasis, ProjectState, RatingType
from parkesg.web.ratings.models import (
    Certificate,
    PortfolioMember,
    PublishedGrade,
    RatingProject,
)

TITLE = "常州市重点企业 ESG 评价（演示，合成数据）"
UNGRADED_EVERY = 7  # enterprise no. 7, 14, … has no published grade
# Annex B grades, best first, and the share of graded enterprises in each (sums to 1)
SHARES = {"AAA": 0.04, "AA": 0.11, "A": 0.25, "BBB": 0.30, "BB": 0.18, "B": 0.09, "CCC": 0.03}


def grades(rows: pd.DataFrame) -> pd.Series:
    """Each enterprise's grade ("" for the ungraded), from its disclosed figures and a seeded
    draw: the shares of ``SHARES`` among the graded ones of ``rows``."""
    rng = np.random.default_rng(seed_city_scale.SEED)
    noise = rng.normal(0, 1, int(rows["no"].max()))[rows["no"].to_numpy() - 1]
    score = (noise + rows["ent_esg_governance"].fillna(0) * 1.5
             + rows["ent_anti_corruption_system"].fillna(0) * 0.8
             + rows["ent_social_insurance"].fillna(0) * 0.5
             - rows["ent_administrative_penalties"].fillna(0) * 0.7
             - rows["ent_env_penalties"].fillna(0) * 1.0)  # fmt: skip
    graded = rows["no"] % UNGRADED_EVERY != 0
    rank = score[graded].rank(ascending=False, method="first").to_numpy()  # 1 … graded
    cuts = np.rint(np.cumsum(list(SHARES.values())) * graded.sum())  # whole places, no drift
    index = np.searchsorted(cuts, rank, side="left").clip(0, len(SHARES) - 1)
    out = pd.Series("", index=rows.index)
    out[graded] = np.array(list(SHARES))[index]
    return out


def seed(n: int = seed_city_scale.DEMO_ENTERPRISES) -> int:
    """Publish the grades of enterprises 1 … ``n`` not graded yet; how many were published."""
    if n < 1:
        return 0
    lead = User.objects.get(username=cast.username("rating", "lead"))
    done = set(PublishedGrade.objects.filter(credit_code__regex=seed_city_scale.CODES)
               .values_list("credit_code", flat=True))  # fmt: skip
    rows = seed_city_scale.enterprises(n)
    rows = rows.assign(grade=grades(rows))
    rows = rows[(rows["grade"] != "") & ~rows["credit_code"].isin(done)]
    if rows.empty:
        return 0
    orgs = {o.credit_code: o for o in Organisation.objects.filter(
        credit_code__in=rows["credit_code"].tolist())}  # fmt: skip
    with transaction.atomic():
        p = _project(lead, n)
        members = PortfolioMember.objects.bulk_create(
            PortfolioMember(organisation=p.organisation, created_by=lead, project=p,
                            enterprise=orgs[c], entity_key=c, name=orgs[c].name, credit_code=c,
                            industry=orgs[c].industry, region=orgs[c].region,
                            basis=MemberBasis.consent, added_via=AddedVia.imported,
                            basis_note="演示：合成企业，等级按其披露数据抽取")
            for c in rows["credit_code"]
        )  # fmt: skip
        today = timezone.localdate()
        prefix = f"ESG{today.year}-{p.organisation_id:03d}-C"
        certs = [Certificate(organisation=p.organisation, project=p, member=m, grade=g,
                             enterprise_name=m.name, credit_code=m.credit_code,
                             rating_type=p.rating_type, issued_on=today,
                             number=f"{prefix}{p.pk:03d}{i:05d}")
                 for i, (m, g) in enumerate(zip(members, rows["grade"], strict=True), start=1)]  # fmt: skip
        doc = conclusion.publish(p, lead, certificates=certs)
        p.state, p.publication_doc, p.published_on = ProjectState.published, doc, today
        p.window_ends_on = today + dt.timedelta(days=p.notice_days)
        p.save(update_fields=["state", "publication_doc", "published_on", "window_ends_on"])
    return len(certs)


def _project(lead: User, n: int) -> RatingProject:
    from parkesg.web.ratings import services

    today = timezone.localdate()
    return services.save_project(actor=lead, obj=RatingProject(
        title=f"{TITLE} {n} 家", rating_type=RatingType.third_party, year=seed_city_scale.YEAR,
        purpose="为常州市企业 ESG 数据库与绿色信贷名单提供公示的企业 ESG 等级（演示）",
        scope=f"常州市新北区、武进区的 {n} 家演示企业（合成数据）", starts_on=today,
        data_due=today, report_due=today, publish_planned_on=today,
    ))  # fmt: skip

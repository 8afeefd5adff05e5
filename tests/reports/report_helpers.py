"""What the report tests share: kinds, the demo engagements, every text a reader sees."""

from __future__ import annotations

import re

import docx
import pandas as pd
from docx.oxml.ns import qn

from parkesg.demo.engagement import demo_engagement
from parkesg.engagement import Engagement, Profile, RatingProfile

KINDS = ("cppc", "beijing", "esc", "jdfa")
ENTITY = "E0000001"


def engagement_of(kind: str, enterprises: pd.DataFrame, *, blank: bool = False) -> Engagement:
    name = str(enterprises[enterprises.entity_id == ENTITY].name.iloc[0])
    if kind == "jdfa":
        if blank:
            return Engagement(kind="jdfa", profile=RatingProfile(enterprise_name=name))
        return demo_engagement("jdfa", enterprise_name=name)
    eng = demo_engagement(kind)
    return Engagement(kind=kind, profile=Profile(park_name=eng.park.park_name)) if blank else eng


def all_text(path) -> str:
    """Every piece of text a reader can see or a viewer shows: body, tables, headers, footers,
    and the document properties."""
    d = docx.Document(str(path))
    parts = [
        "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in d.element.body.iter(qn("w:p"))
    ]
    for s in d.sections:
        for hf in (s.header, s.footer, s.first_page_header, s.first_page_footer):
            parts += [p.text for p in hf.paragraphs]
    cp = d.core_properties
    parts += [cp.title or "", cp.author or "", cp.subject or "", cp.keywords or "",
              cp.comments or "", cp.last_modified_by or "", cp.category or ""]  # fmt: skip
    return "\n".join(parts)


FIELD_ID = re.compile(r"(?<![A-Za-z_])[a-z][a-z0-9]*_[a-z0-9_]+(?![A-Za-z_])")

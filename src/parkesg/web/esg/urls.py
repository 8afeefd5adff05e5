"""``/esg/``: the registers (URL names ``<model>_list``, ``_detail``, ``_add``, ``_edit``,
``_move`` like every generic view of the platform) and the system's own pages (``esg:…``)."""

from django.urls import include, path

from parkesg.web.esg.views import documents, generic, pages, reports
from parkesg.web.esg.views.registers import REGISTERS

pages_patterns = [
    path("esg/", pages.home_view, name="home"),
    path("esg/dashboard/", pages.dashboard_view, name="dashboard"),
    path("esg/dashboard/recompute/", pages.recompute_view, name="recompute"),
    path("esg/charts/", pages.charts_view, name="charts"),
    path("esg/leadership/", pages.leadership_view, name="leadership"),
    path("esg/conformity/", pages.conformity_view, name="conformity"),
    path("esg/scope/", documents.scope_view, name="scope"),
    path("esg/policy/", documents.policy_view, name="policy"),
    path("esg/documents/", documents.register_view, name="documents"),
    path("esg/documents/external/", documents.external_view, name="external"),
    path("esg/documents/<int:pk>/", documents.document_view, name="document"),
    path("esg/documents/<int:pk>/move/<slug:event>/", documents.document_move_view,
         name="document_move"),
    path("esg/reports/<int:pk>/generate/", reports.generate_view, name="report_generate"),
]  # fmt: skip

urlpatterns = [
    path("", include((pages_patterns, "esg"))),
    *(p for prefix, ov in REGISTERS.items() for p in generic.urls(ov, prefix)),
]

"""``/city/``: the target dashboard (``city:dashboard``), the green-credit list, the
high-tech-zone evaluations (``city:zones``, ``city:zone_submit``) and the
registers (URL names ``<model>_list``, ``_detail``, ``_add``, ``_edit`` like every generic
view of the platform; ``city:<model>_attach`` uploads an entry's evidence)."""

from django.urls import include, path

from parkesg.web.city import views
from parkesg.web.city.registers import BY_PREFIX
from parkesg.web.core.views import urls

pages = [
    path("city/", views.dashboard_view, name="dashboard"),
    path("city/green-credit/", views.green_view, name="green"),
    path("city/zones/", views.zones_view, name="zones"),
    path("city/zones/<int:pk>/submit/", views.zone_submit_view, name="zone_submit"),
    *(path(f"{prefix}/<int:pk>/evidence/", views.ATTACH[ov.name], name=f"{ov.name}_attach")
      for prefix, ov in BY_PREFIX.items()),
]  # fmt: skip

urlpatterns = [
    path("", include((pages, "city"))),
    *(p for prefix, ov in BY_PREFIX.items() for p in urls(ov, prefix)),
]

"""Root URLs: pages, ``/api/`` and the language switch ``/i18n/setlang/``."""

from django.urls import include, path

from parkesg.web.api import api
from parkesg.web.core import policy
from parkesg.web.core.home import home_view
from parkesg.web.core.views import favicon_view

policy.declare_url("set_language", policy.Policy(policy.PUBLIC))  # Django's language switch

urlpatterns = [
    path("", home_view, name="home"),
    path("favicon.ico", favicon_view, name="favicon"),
    path("", include("parkesg.web.orgs.urls")),
    path("", include("parkesg.web.audit.urls")),
    path("", include("parkesg.web.observations.urls")),
    path("", include("parkesg.web.collection.urls")),
    path("", include("parkesg.web.assessments.urls")),
    path("", include("parkesg.web.esg.urls")),
    path("", include("parkesg.web.ratings.urls")),
    path("", include("parkesg.web.disclosures.urls")),
    path("", include("parkesg.web.engagements.urls")),
    path("", include("parkesg.web.city.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler400 = "parkesg.web.core.errors.bad_request"
handler403 = "parkesg.web.core.errors.permission_denied"
handler404 = "parkesg.web.core.errors.page_not_found"
handler500 = "parkesg.web.core.errors.server_error"

"""Root URLs: pages, ``/api/`` and the language switch ``/i18n/setlang/``."""

from django.urls import include, path

from parkesg.web.api import api
from parkesg.web.core.home import home_view
from parkesg.web.core.views import favicon_view

urlpatterns = [
    path("", home_view, name="home"),
    path("favicon.ico", favicon_view, name="favicon"),
    path("", include("parkesg.web.orgs.urls")),
    path("", include("parkesg.web.audit.urls")),
    path("", include("parkesg.web.observations.urls")),
    path("", include("parkesg.web.collection.urls")),
    path("", include("parkesg.web.assessments.urls")),
    path("", include("parkesg.web.engagements.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

from django.urls import path

from parkesg.web.core.views import urls
from parkesg.web.observations import table, views

urlpatterns = [
    path("region/", views.region_view, name="region"),
    path("observations/table/", table.table_view, name="observation_table"),
    path(
        "observations/<int:pk>/review/<slug:event>/", views.review_view, name="observation_review"
    ),
    *urls(views.OBSERVATIONS, "observations"),
]

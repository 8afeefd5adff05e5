from django.urls import path

from parkesg.web.disclosures import portal_views, views

app_name = "disclosures"
urlpatterns = [
    path("portal/", portal_views.search_view, name="portal"),
    path("portal/disclosures/<int:pk>/", portal_views.detail_view, name="portal_detail"),
    path("portal/disclosures/<int:pk>/v<int:no>/report/", portal_views.report_view,
         name="portal_report"),
    path("portal/compare/", portal_views.compare_view, name="portal_compare"),
    path("disclosures/", views.list_view, name="list"),
    path("disclosures/<int:pk>/", views.detail_view, name="detail"),
    path("disclosures/<int:pk>/correct/", views.correct_view, name="correct"),
    path("disclosures/versions/<int:pk>/edit/", views.edit_view, name="edit"),
    path("disclosures/versions/<int:pk>/report/", views.report_view, name="report"),
    path("disclosures/versions/<int:pk>/move/<slug:event>/", views.move_view, name="move"),
]  # fmt: skip

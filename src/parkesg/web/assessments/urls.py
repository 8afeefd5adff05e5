from django.urls import path

from parkesg.web.assessments import views

app_name = "assessments"
urlpatterns = [
    path("assessments/", views.list_view, name="list"),
    path("assessments/new/", views.new_view, name="new"),
    path("assessments/<int:pk>/", views.detail_view, name="detail"),
    path(
        "assessments/<int:pk>/trace/<int:year>/<slug:indicator>/",
        views.trace_view,
        name="trace",
    ),
    path("assessments/<int:pk>/charts.json", views.charts_view, name="charts"),
    path("assessments/<int:pk>/report/", views.report_view, name="report"),
]

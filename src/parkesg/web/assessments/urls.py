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
    path("assessments/<int:pk>/versions/", views.version_view, name="versions"),
    path(
        "assessments/<int:pk>/versions/<int:number>/<int:index>/",
        views.version_file_view,
        name="version_file",
    ),
    path("assessments/<int:pk>/confirm/", views.confirm_view, name="confirm"),
]

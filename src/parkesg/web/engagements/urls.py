"""``engagements:`` pages — the list, a new engagement, the engagement page and its steps,
records of every kind (``registry`` slugs), files, computations, report and workbook."""

from django.urls import path

from parkesg.web.engagements import views
from parkesg.web.engagements import views_records as rec

app_name = "engagements"
urlpatterns = [
    path("engagements/", views.list_view, name="list"),
    path("engagements/new/", views.new_view, name="new"),
    path("engagements/<int:pk>/", views.detail_view, name="detail"),
    path("engagements/<int:pk>/edit/", views.edit_view, name="edit"),
    path("engagements/<int:pk>/profile/", views.profile_view, name="profile"),
    path("engagements/<int:pk>/move/", views.move_view, name="move"),
    path("engagements/<int:pk>/compute/<slug:what>/", views.compute_view, name="compute"),
    path("engagements/<int:pk>/next-plan/", views.next_plan_view, name="next-plan"),
    path("engagements/<int:pk>/next-round/", views.next_round_view, name="next-round"),
    path("engagements/<int:pk>/workbook/", views.workbook_view, name="workbook"),
    path("engagements/<int:pk>/workbook/import/", views.import_view, name="import"),
    path("engagements/<int:pk>/attach/", rec.attach_engagement_view, name="attach-engagement"),
    path("engagements/<int:pk>/records/<slug:slug>/add/", rec.add_view, name="add"),
    path("engagements/records/<slug:slug>/<int:rid>/edit/", rec.edit_view, name="edit-record"),
    path("engagements/records/<slug:slug>/<int:rid>/delete/", rec.delete_view, name="delete"),
    path("engagements/records/<slug:slug>/<int:rid>/attach/", rec.attach_view, name="attach"),
    path("engagements/records/options/<int:rid>/decide/", rec.decide_view, name="decide"),
    path(
        "engagements/records/pledges/<int:rid>/record/",
        rec.record_pledge_view,
        name="record-pledge",
    ),
    path("engagements/files/<int:aid>/", rec.download_view, name="download"),
    path("engagements/files/<int:aid>/delete/", rec.detach_view, name="detach"),
    path("engagements/<int:pk>/report/issue/", rec.issue_view, name="issue"),
    path(
        "engagements/<int:pk>/report/<int:doc>/download/",
        rec.report_download_view,
        name="report-download",
    ),
    path("engagements/<int:pk>/report/<int:doc>/<slug:event>/", rec.review_view, name="review"),
    path("engagements/<int:pk>/forms/<str:name>/", rec.form_view, name="form"),
    path("engagements/<int:pk>/charts/<int:sid>.png", rec.chart_view, name="chart"),
]

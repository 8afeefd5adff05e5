"""``collection:`` pages (upload, template, evidence) and the generic lists / details of
evidence files and uploads (``evidencefile_list``, ``workbookupload_detail``…)."""

from django.urls import include, path

from parkesg.web.collection import review_queue, views
from parkesg.web.core.views import urls

named = [
    path("collect/upload/", views.upload_view, name="upload"),
    path("collect/template/", views.template_view, name="template"),
    path("collect/uploads/<int:pk>/submit/", views.submit_all_view, name="submit-all"),
    path("collect/uploads/<int:pk>/confirm/", views.confirm_view, name="confirm"),
    path("collect/uploads/<int:pk>/discard/", views.discard_view, name="discard"),
    path("collect/uploads/<int:pk>/review/", views.review_view, name="review"),
    path("evidence/add/", views.evidence_upload_view, name="evidence-upload"),
    path("evidence/<int:pk>/download/", views.evidence_download_view, name="evidence-download"),
]
urlpatterns = [
    path("", include((named, "collection"))),
    path("review/", review_queue.queue_view, name="review_queue"),
    path("review/bulk/", review_queue.bulk_view, name="review_bulk"),
    *urls(views.EVIDENCE, "evidence"),
    *urls(views.UPLOADS, "collect/uploads"),
]

from django.urls import path

from parkesg.web.core.views import urls
from parkesg.web.orgs import views

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("people/add/", views.user_add_view, name="user_add"),
    path("people/<int:pk>/edit/", views.user_edit_view, name="user_edit"),
    path("grants/<int:pk>/pledge/", views.grant_pledge_view, name="accessgrant_pledge"),
    path("grants/<int:pk>/revoke/", views.grant_revoke_view, name="accessgrant_revoke"),
    *urls(views.ORGANISATIONS, "organisations"),
    *urls(views.GRANTS, "grants"),
    *urls(views.PEOPLE, "people"),
]

from django.urls import path

from parkesg.web.core.views import urls
from parkesg.web.orgs import views

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("login/enrol/", views.otp_enrol_view, name="otp_enrol"),
    path("account/", views.account_view, name="account"),
    path("account/password/", views.password_view, name="password_change"),
    path("account/recovery-codes/", views.recovery_codes_view, name="recovery_codes"),
    path("people/<int:pk>/reset/", views.user_reset_view, name="user_reset"),
    path("people/<int:pk>/unlock/", views.user_unlock_view, name="user_unlock"),
    path("people/<int:pk>/otp-reset/", views.user_otp_reset_view, name="user_otp_reset"),
    path("people/add/", views.user_add_view, name="user_add"),
    path("people/<int:pk>/edit/", views.user_edit_view, name="user_edit"),
    path("grants/<int:pk>/pledge/", views.grant_pledge_view, name="accessgrant_pledge"),
    path("grants/<int:pk>/revoke/", views.grant_revoke_view, name="accessgrant_revoke"),
    *urls(views.ORGANISATIONS, "organisations"),
    *urls(views.GRANTS, "grants"),
    *urls(views.PEOPLE, "people"),
]

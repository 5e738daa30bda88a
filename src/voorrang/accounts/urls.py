from django.contrib.auth import views as auth_views
from django.urls import path

from voorrang.accounts import second_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/organisation/", views.OrganisationLoginView.as_view(), name="organisation_login"),
    path(
        "login/organisation/callback/",
        views.organisation_callback,
        name="organisation_callback",
    ),
    path("second-factor/", second_factor_views.verify, name="second_factor"),
    path("second-factor/set-up/", second_factor_views.set_up, name="second_factor_setup"),
    path(
        "second-factor/recovery-codes/",
        second_factor_views.recovery_codes,
        name="recovery_codes",
    ),
    path(
        "second-factor/recovery-codes/new/",
        second_factor_views.new_recovery_codes,
        name="new_recovery_codes",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.sign_up, name="sign_up"),
    path("signup/check-your-email/", views.check_email, name="check_email"),
    path("confirm/<uidb64>/<token>/", views.confirm, name="confirm"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "invitation/<uidb64>/<token>/",
        views.AcceptInvitationView.as_view(),
        name="accept_invitation",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

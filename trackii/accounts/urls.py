from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from trackii.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("reminders/", views.reminders, name="reminders"),
    path("email/", views.email_change, name="email-change"),
    path("email/resend/", views.email_change_resend, name="email-change-resend"),
    path("email/cancel/", views.email_change_cancel, name="email-change-cancel"),
    path("email/confirm/<str:token>/", views.email_confirm, name="email-confirm"),
    path("sessions/end-others/", views.sessions_end_others, name="sessions-end-others"),
    path("second-factor/verify/", views.second_factor_verify, name="second-factor-verify"),
    path("second-factor/setup/", views.second_factor_setup, name="second-factor-setup"),
    path("second-factor/setup/qr.svg", views.second_factor_qr, name="second-factor-qr"),
    path("second-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("second-factor/remove/", views.second_factor_remove, name="second-factor-remove"),
    path("password/change/", views.password_change, name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_done")
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

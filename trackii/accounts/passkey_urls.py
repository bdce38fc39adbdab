from django.urls import path

from trackii.accounts import passkey_views as views

app_name = "passkeys"

urlpatterns = [
    path("add/", views.passkey_add, name="passkey-add"),
    path("add/options/", views.registration_options, name="registration-options"),
    path("<int:passkey_id>/remove/", views.passkey_remove, name="passkey-remove"),
    path("login/options/", views.authentication_options, name="authentication-options"),
    path("login/", views.passkey_login, name="passkey-login"),
]

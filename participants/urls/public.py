"""The private invitation link: no account, no login; the token is the only key."""

app_name = "invitation"

from django.urls import path  # noqa: F401 -- patterns are added here

urlpatterns: list = []

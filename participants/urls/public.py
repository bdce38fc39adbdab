"""The private invitation link: no account, no login; the token is the only key."""

from django.urls import path  # noqa: F401 -- patterns are added here

app_name = "invitation"

urlpatterns: list = []

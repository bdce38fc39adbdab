"""A participant with an account: their own invitations and consent."""

app_name = "mine"

from django.urls import path  # noqa: F401 -- patterns are added here

urlpatterns: list = []

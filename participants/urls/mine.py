"""A participant with an account: their own invitations and consent."""

from django.urls import path  # noqa: F401 -- patterns are added here

app_name = "mine"

urlpatterns: list = []

"""Rounds, the agenda and calendar."""

from django.urls import path  # noqa: F401 -- patterns are added here

urlpatterns: list = []

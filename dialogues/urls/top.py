"""Dialogue pages outside /d/<id>/ (creating a dialogue)."""

from django.urls import path  # noqa: F401 -- patterns are added here

urlpatterns: list = []

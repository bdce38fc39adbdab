"""Organizers invite participants to rounds and follow their answers and consent."""

from django.urls import path  # noqa: F401 -- patterns are added here

urlpatterns: list = []

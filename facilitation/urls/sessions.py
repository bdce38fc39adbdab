"""Planning sessions of a round: times, agenda item, format, facilitators."""

from django.urls import path  # noqa: F401 -- patterns are added here

urlpatterns: list = []

"""Rounds (a round's page, its agenda and calendar: trackii/workflows/urls.py)."""

from django.urls import path

from dialogues.views import rounds as views

urlpatterns = [
    path("rounds/", views.round_list, name="round-list"),
    path("rounds/new/", views.round_create, name="round-create"),
    path("rounds/<int:round_id>/edit/", views.round_edit, name="round-edit"),
]

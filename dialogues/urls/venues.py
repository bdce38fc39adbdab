"""Venues (their comparison: trackii/workflows/urls.py)."""

from django.urls import path

from dialogues.views import venues as views

urlpatterns = [
    path("venues/", views.venue_list, name="venue-list"),
    path("venues/new/", views.venue_create, name="venue-create"),
    path("venues/<int:venue_id>/", views.venue_detail, name="venue-detail"),
    path("venues/<int:venue_id>/edit/", views.venue_edit, name="venue-edit"),
]

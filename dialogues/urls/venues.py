"""Venues and their comparison."""

from django.urls import path

from dialogues.views import venues as views

urlpatterns = [
    path("venues/", views.venue_list, name="venue-list"),
    path("venues/new/", views.venue_create, name="venue-create"),
    path("venues/compare/", views.venue_compare, name="venue-compare"),
    path("venues/<int:venue_id>/", views.venue_detail, name="venue-detail"),
    path("venues/<int:venue_id>/edit/", views.venue_edit, name="venue-edit"),
]

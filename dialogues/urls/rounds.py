"""Rounds, the agenda and calendar."""

from django.urls import path

from dialogues.views import rounds as views

urlpatterns = [
    path("rounds/", views.round_list, name="round-list"),
    path("rounds/new/", views.round_create, name="round-create"),
    path("rounds/<int:round_id>/", views.round_detail, name="round-detail"),
    path("rounds/<int:round_id>/edit/", views.round_edit, name="round-edit"),
    path("rounds/<int:round_id>/agenda/", views.round_agenda, name="round-agenda"),
    path("rounds/<int:round_id>/agenda.csv", views.round_agenda_csv, name="round-agenda-csv"),
    path("rounds/<int:round_id>/calendar.ics", views.round_ics, name="round-ics"),
]

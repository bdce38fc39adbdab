"""Planning sessions of a round: times, agenda item, format, facilitators."""

from django.urls import path

from facilitation.views import sessions as views

urlpatterns = [
    path("rounds/<int:round_id>/sessions/new/", views.session_create, name="session-create"),
    path("sessions/<int:session_id>/", views.session_detail, name="session-detail"),
    path("sessions/<int:session_id>/edit/", views.session_edit, name="session-edit"),
]

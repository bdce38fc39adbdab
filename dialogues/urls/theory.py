"""Theory of change."""

from django.urls import path

from dialogues.views import theory

urlpatterns = [
    path("theory/", theory.theory, name="theory"),
    path("theory/add/", theory.theory_add, name="theory-add"),
    path("theory/<int:statement_id>/edit/", theory.theory_edit, name="theory-edit"),
    path("theory/<int:statement_id>/history/", theory.theory_history, name="theory-history"),
]

"""Theory of change."""

from django.urls import path

from dialogues.views import theory

urlpatterns = [
    path("theory/", theory.theory, name="theory"),
    path("theory/add/", theory.theory_add, name="theory-add"),
    path("theory/<int:statement_id>/edit/", theory.theory_edit, name="theory-edit"),
    path("theory/<int:statement_id>/history/", theory.theory_history, name="theory-history"),
    path("theory/<int:statement_id>/results/", theory.theory_results, name="theory-results"),
    path(
        "theory/<int:statement_id>/publishing/",
        theory.theory_publishing,
        name="theory-publishing",
    ),
    path(
        "theory/<int:statement_id>/indicators/add/",
        theory.indicator_add,
        name="indicator-add",
    ),
    path(
        "theory/<int:statement_id>/indicators/<int:indicator_id>/values/add/",
        theory.indicator_value_add,
        name="indicator-value-add",
    ),
]

"""The pages after the round: /d/<dialogue_id>/options/, transfers, outcomes, reviews."""

from django.urls import path

from facilitation.views import after, board, reflections, search

urlpatterns = [
    path("options/", board.option_board, name="option-board"),
    path("options/<int:option_id>/", board.option_detail, name="option-detail"),
    path("options/<int:option_id>/move/", board.option_board_move, name="option-board-move"),
]

urlpatterns += [
    path("transfers/", after.transfer_list, name="transfer-list"),
    path("transfers/new/", after.transfer_create, name="transfer-create"),
    path("transfers/<int:transfer_id>/", after.transfer_edit, name="transfer-edit"),
    path("outcomes/", after.outcome_list, name="outcome-list"),
    path(
        "theory/<int:statement_id>/outcomes/",
        after.statement_outcomes,
        name="statement-outcomes",
    ),
    path("outcomes/new/", after.outcome_create, name="outcome-create"),
    path("outcomes/<int:outcome_id>/", after.outcome_edit, name="outcome-edit"),
    path("transfers/<int:transfer_id>/access/", after.transfer_access, name="transfer-access"),
    path("outcomes/<int:outcome_id>/access/", after.outcome_access, name="outcome-access"),
]

urlpatterns += [
    path(
        "rounds/<int:round_id>/reflections/",
        reflections.round_reflections,
        name="round-reflections",
    ),
    path("reflections/<int:user_id>/", reflections.reflection_compare, name="reflection-compare"),
]

urlpatterns += [
    path("rounds/<int:round_id>/review/", reflections.round_review, name="round-review"),
]

urlpatterns += [
    path("search/", search.dialogue_search, name="search"),
]

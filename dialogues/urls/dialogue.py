"""The dialogue itself: its home page, its settings and its sides."""

from django.urls import path

from dialogues.views import dialogue

urlpatterns = [
    path("", dialogue.dialogue_detail, name="detail"),
    path("settings/", dialogue.dialogue_edit, name="edit"),
    path("settings/sides/add/", dialogue.side_add, name="side-add"),
    path("settings/sides/<int:side_id>/edit/", dialogue.side_edit, name="side-edit"),
    path("settings/sides/<int:side_id>/remove/", dialogue.side_remove, name="side-remove"),
]

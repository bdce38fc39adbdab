"""The dialogue itself: its settings and its sides (its home page: trackii/workflows/urls.py)."""

from django.urls import path

from dialogues.views import dialogue, texts

urlpatterns = [
    path("settings/", dialogue.dialogue_edit, name="edit"),
    path("settings/sides/add/", dialogue.side_add, name="side-add"),
    path("settings/sides/<int:side_id>/edit/", dialogue.side_edit, name="side-edit"),
    path("settings/sides/<int:side_id>/remove/", dialogue.side_remove, name="side-remove"),
    path("settings/texts/", texts.participant_texts, name="texts"),
]

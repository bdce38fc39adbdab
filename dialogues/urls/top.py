"""Dialogue pages outside /d/<id>/ (creating a dialogue)."""

from django.urls import path

from dialogues.views import dialogue

urlpatterns = [
    path("dialogues/new/", dialogue.dialogue_create, name="dialogue-create"),
]

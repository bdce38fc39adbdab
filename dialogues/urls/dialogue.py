from django.urls import path

from dialogues.views import dialogue

urlpatterns = [
    path("", dialogue.dialogue_detail, name="detail"),
]

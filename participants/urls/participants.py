from django.urls import path

from participants.views import participants as views

urlpatterns = [
    path("", views.participant_list, name="list"),
]

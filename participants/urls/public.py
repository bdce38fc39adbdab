"""The private invitation link: no account, no login; the token is the only key."""

from django.urls import path

from participants.views import public as views

app_name = "invitation"

urlpatterns = [
    path("<str:token>/", views.respond, name="respond"),
]

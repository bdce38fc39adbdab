"""A participant with an account: their own invitations and consent."""

from django.urls import path

from participants.views import mine as views

app_name = "mine"

urlpatterns = [
    path("invitations/", views.my_invitations, name="invitations"),
    path(
        "invitations/<int:invitation_id>/answer/",
        views.my_invitation_answer,
        name="invitation-answer",
    ),
    path(
        "invitations/<int:invitation_id>/consent/",
        views.my_invitation_consent,
        name="invitation-consent",
    ),
    path(
        "invitations/<int:invitation_id>/needs/",
        views.my_invitation_needs,
        name="invitation-needs",
    ),
]

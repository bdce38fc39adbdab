"""URLs of organizations: the invitation link, /join/<token>/.

Every pattern added here needs its case in the privacy matrix (tests/privacy/).
"""

from django.urls import path

from trackii.organizations import views

app_name = "organizations"

urlpatterns = [
    path("<str:token>/", views.invitation_accept, name="invitation-accept"),
]

"""URLs under /d/<dialogue_id>/participants/, one module per area.

Every pattern added here needs its case in the privacy matrix (tests/privacy/).
"""

from participants.urls import invitations, participants

app_name = "participants"

urlpatterns = [
    *participants.urlpatterns,
    *invitations.urlpatterns,
]

"""URLs under /d/<dialogue_id>/, one module per area of the dialogue.

Every pattern added here needs its case in the privacy matrix (tests/privacy/).
"""

from dialogues.urls import dialogue, members

app_name = "dialogues"

urlpatterns = [
    *dialogue.urlpatterns,
    *members.urlpatterns,
]

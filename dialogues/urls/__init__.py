"""URLs under /d/<dialogue_id>/, one module per area of the dialogue.

Every pattern added here needs its case in the privacy matrix (tests/privacy/).
"""

from dialogues.urls import dialogue, funding, members, rounds, theory, venues

app_name = "dialogues"

urlpatterns = [
    *dialogue.urlpatterns,
    *theory.urlpatterns,
    *venues.urlpatterns,
    *rounds.urlpatterns,
    *funding.urlpatterns,
    *members.urlpatterns,
]

"""URLs under /d/<dialogue_id>/, one module per area.

Every pattern added here needs its case in the privacy matrix (tests/privacy/).
"""

from facilitation.urls import board, console, notes, sessions

app_name = "facilitation"

urlpatterns = [
    *notes.urlpatterns,
    *sessions.urlpatterns,
    *console.urlpatterns,
    *board.urlpatterns,
]

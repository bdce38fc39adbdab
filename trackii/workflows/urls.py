"""The pages of work that spans apps, in the URL namespaces of the apps they belong to.

Only the project's URL conf (trackii/urls.py) imports this: it adds these patterns to the
dialogues and participants namespaces, so every URL and its name stay as they were.
Every pattern added here needs its case in the privacy matrix (tests/privacy/).
"""

from django.urls import path

from trackii.workflows.views import dialogue, exports, participants, rounds, venues

#: Under /d/<dialogue_id>/, namespace "dialogues".
dialogue_urlpatterns = [
    path("", dialogue.dialogue_detail, name="detail"),
    path("venues/compare/", venues.venue_compare, name="venue-compare"),
    path("rounds/<int:round_id>/", rounds.round_detail, name="round-detail"),
    path("rounds/<int:round_id>/agenda/", rounds.round_agenda, name="round-agenda"),
    path("rounds/<int:round_id>/agenda.csv", rounds.round_agenda_csv, name="round-agenda-csv"),
    path("rounds/<int:round_id>/calendar.ics", rounds.round_ics, name="round-ics"),
    path("exports/", exports.export_list, name="export-list"),
    path("exports/<int:export_id>/status/", exports.export_status, name="export-status"),
    path("exports/<int:export_id>/download/", exports.export_download, name="export-download"),
]

#: Under /d/<dialogue_id>/participants/, namespace "participants".
participant_urlpatterns = [
    path("<int:participant_id>/erase/", participants.person_erase, name="person-erase"),
    # Where the participants' CSV was built in the request: now the export page.
    path("export.csv", exports.participant_export, name="export"),
]

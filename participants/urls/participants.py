from django.urls import path

from participants.views import bulk, imports, rights
from participants.views import participants as views

urlpatterns = [
    path("", views.participant_list, name="list"),
    path("new/", views.participant_create, name="create"),
    path("bulk/", bulk.participant_bulk, name="bulk"),
    path("import/", imports.participant_import, name="import"),
    path("import/confirm/", imports.participant_import_confirm, name="import-confirm"),
    path(
        "import/template.<str:kind>",
        imports.participant_import_template,
        name="import-template",
    ),
    path("<int:participant_id>/", views.participant_detail, name="detail"),
    path("<int:participant_id>/edit/", views.participant_edit, name="edit"),
    path("<int:participant_id>/export.json", rights.person_export, name="person-export"),
    path("<int:participant_id>/state/", views.participant_state, name="state"),
    path("<int:participant_id>/vetting/", views.vetting_note_add, name="vetting-add"),
    path(
        "<int:participant_id>/vetting/<int:note_id>/access/",
        views.vetting_note_access,
        name="vetting-access",
    ),
    path("rounds/<int:round_id>/", views.round_participants, name="round-participants"),
]

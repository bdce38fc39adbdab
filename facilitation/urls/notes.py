from django.urls import path

from facilitation.views import notes as views

urlpatterns = [
    path("notes/", views.note_list, name="note-list"),
    path("notes/new/", views.note_create_view, name="note-create"),
    path("notes/<int:note_id>/", views.note_detail, name="note-detail"),
    path("notes/<int:note_id>/access/", views.note_access, name="note-access"),
]

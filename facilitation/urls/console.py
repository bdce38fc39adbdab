"""The live console of a session: /d/<dialogue_id>/sessions/<session_id>/console/…"""

from django.urls import path

from facilitation.views import console as views

PREFIX = "sessions/<int:session_id>/console/"

urlpatterns = [
    path(PREFIX, views.console, name="console"),
    path(f"{PREFIX}poll/", views.console_poll, name="console-poll"),
    path(f"{PREFIX}entries/", views.console_entry, name="console-entry"),
    path(f"{PREFIX}notes/<int:note_id>/", views.note_edit, name="console-note-edit"),
    path(f"{PREFIX}steps/<int:step_id>/", views.step_edit, name="console-step-edit"),
    path(f"{PREFIX}options/<int:option_id>/", views.option_edit, name="console-option-edit"),
    path(
        f"{PREFIX}options/<int:option_id>/move/",
        views.option_transition,
        name="console-option-transition",
    ),
    path(
        f"{PREFIX}options/<int:option_id>/stances/",
        views.option_stances,
        name="console-option-stances",
    ),
    path(f"{PREFIX}readings/", views.reading_create, name="console-reading"),
    path(f"{PREFIX}reading-links/", views.reading_link_create, name="console-reading-link"),
    path(
        f"{PREFIX}reading-links/<int:link_id>/revoke/",
        views.reading_link_revoke,
        name="console-reading-link-revoke",
    ),
    path(f"{PREFIX}close/", views.session_close, name="console-close"),
    path(f"{PREFIX}reopen/", views.session_reopen, name="console-reopen"),
    path(f"{PREFIX}tidy/", views.console_tidy, name="console-tidy"),
]

"""The live console of a session: /d/<dialogue_id>/sessions/<session_id>/console/…"""

from django.urls import path

from facilitation.views import console, console_closing, console_edit

PREFIX = "sessions/<int:session_id>/console/"

urlpatterns = [
    path(PREFIX, console.console, name="console"),
    path(f"{PREFIX}poll/", console.console_poll, name="console-poll"),
    path(f"{PREFIX}forms/<slug:panel>/", console.console_form, name="console-form"),
    path(f"{PREFIX}entries/", console.console_entry, name="console-entry"),
    path(f"{PREFIX}notes/<int:note_id>/", console_edit.note_edit, name="console-note-edit"),
    path(f"{PREFIX}steps/<int:step_id>/", console_edit.step_edit, name="console-step-edit"),
    path(f"{PREFIX}options/<int:option_id>/", console_edit.option_edit, name="console-option-edit"),
    path(
        f"{PREFIX}options/<int:option_id>/move/",
        console_edit.option_transition,
        name="console-option-transition",
    ),
    path(
        f"{PREFIX}options/<int:option_id>/stances/",
        console_edit.option_stances,
        name="console-option-stances",
    ),
    path(f"{PREFIX}readings/", console_closing.reading_create, name="console-reading"),
    path(
        f"{PREFIX}reading-links/",
        console_closing.reading_link_create,
        name="console-reading-link",
    ),
    path(
        f"{PREFIX}reading-links/<int:link_id>/revoke/",
        console_closing.reading_link_revoke,
        name="console-reading-link-revoke",
    ),
    path(f"{PREFIX}close/", console_closing.session_close, name="console-close"),
    path(f"{PREFIX}reopen/", console_closing.session_reopen, name="console-reopen"),
    path(f"{PREFIX}tidy/", console_closing.console_tidy, name="console-tidy"),
]

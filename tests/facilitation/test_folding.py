"""A very long note is folded on the notes page, with "Show all" (issue 17)."""

from django.urls import reverse

from tests.factories import NoteFactory
from trackii.privacy.levels import Level

LONG = ("The delegations went through the water schedule line by line. " * 80).strip()


def test_a_long_note_is_folded_and_a_short_one_is_not(console_world, client_for):
    w = console_world
    NoteFactory(session=w.session, level=Level.DIALOGUE, text=LONG)
    NoteFactory(session=w.session, level=Level.DIALOGUE, text="A short note & <b>nothing</b> more")

    text = (
        client_for(w["participant"])
        .get(reverse("facilitation:note-list", args=[w.dialogue.pk]))
        .text
    )

    assert f"Show all ({len(LONG)} characters)" in text
    assert text.count("Show all") == 1
    # The whole text is there once, inside the disclosure; the beginning shows before it.
    assert text.count(LONG) == 1
    assert '<p class="entry__text fold__head"><bdi>The delegations went through' in text
    assert "A short note &amp; &lt;b&gt;nothing&lt;/b&gt; more" in text  # escaped, not folded


def test_the_console_folds_a_long_note_too(console_world, client_for):
    w = console_world
    NoteFactory(session=w.session, level=Level.TEAM, text=LONG, author=w["facilitator"])

    text = (
        client_for(w["facilitator"])
        .get(reverse("facilitation:console", args=[w.dialogue.pk, w.session.pk]))
        .text
    )

    assert f"Show all ({len(LONG)} characters)" in text
    assert text.count(LONG) == 1

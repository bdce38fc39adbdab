"""The console page, the quick-entry box, inline edits and conflicts, and the poll."""

import itertools
import re
import uuid

import pytest
from django.urls import reverse

from facilitation import entries
from facilitation.console_reads import RECENT
from facilitation.models import (
    Note,
    Option,
    OptionLineage,
    OptionStance,
    OptionTopic,
    Session,
    TrustStep,
)
from tests.facilitation.factories import OptionFactory, TrustStepFactory
from trackii.privacy.levels import Level


def url(w, name="console", **kwargs):
    return reverse(
        f"facilitation:{name}",
        kwargs={"dialogue_id": w.dialogue.pk, "session_id": w.session.pk, **kwargs},
    )


def log(w, text, who="facilitator", kind="note", level=Level.TEAM, **more):
    entry, _ = entries.entry_create(
        actor=w[who],
        session=w.session,
        kind=kind,
        text=text,
        level=level,
        client_key=uuid.uuid4(),
        **more,
    )
    return entry


def quick(w, text="The north asked for a break", kind="note", key=None, **more):
    return {
        "text": text,
        "kind": kind,
        "level": more.pop("level", Level.TEAM),
        "client_key": str(key or uuid.uuid4()),
        **more,
    }


def revision(w):
    return Session.objects.get(pk=w.session.pk).revision


def entry_ids(html):
    return re.findall(r'<li id="((?:note|step|option)-\d+)"', html)


def test_console_for_session_facilitator_shows_box_and_entries(console_world, client_for):
    w = console_world
    note = log(w, "Both delegations arrived early")
    option = log(w, "A joint water commission", kind="option")

    response = client_for(w["facilitator"]).get(url(w))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="quick-entry"' in html
    assert entry_ids(html) == [f"note-{note.pk}", f"option-{option.pk}"]


def test_console_quick_entry_level_defaults_to_dialogues_agreement(console_world, client_for):
    w = console_world
    w.dialogue.default_level = Level.DIALOGUE
    w.dialogue.save()

    response = client_for(w["facilitator"]).get(url(w))

    assert '<option value="dialogue" selected>' in response.content.decode()


def test_console_for_facilitator_of_another_session_is_read_only(console_world, client_for):
    w = console_world
    log(w, "Both delegations arrived early")

    response = client_for(w["other_facilitator"]).get(url(w))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Both delegations arrived early" in html
    assert 'id="quick-entry"' not in html
    assert "console-edit" not in html


def test_console_does_not_show_restricted_entry_of_another_author(console_world, client_for):
    w = console_world
    log(w, "For my eyes only", who="facilitator", level=Level.RESTRICTED)

    response = client_for(w["organizer"]).get(url(w))

    assert "For my eyes only" not in response.content.decode()


def test_console_for_session_of_another_dialogue_is_404(console_world, client_for):
    from tests.factories import SessionFactory

    w = console_world
    foreign = SessionFactory(round__dialogue=w.cast.other_dialogue)

    response = client_for(w["organizer"]).get(
        reverse(
            "facilitation:console",
            kwargs={"dialogue_id": w.dialogue.pk, "session_id": foreign.pk},
        )
    )

    assert response.status_code == 404


def test_quick_entry_without_js_saves_and_redirects_to_the_entry(console_world, client_for):
    w = console_world

    response = client_for(w["facilitator"]).post(url(w, "console-entry"), quick(w))

    note = Note.objects.get(session=w.session)
    assert response.status_code == 302
    assert response["Location"] == f"{url(w)}#note-{note.pk}"
    assert note.text == "The north asked for a break"


def test_quick_entry_without_text_answers_422_and_keeps_what_was_typed(console_world, client_for):
    w = console_world

    response = client_for(w["facilitator"]).post(
        url(w, "console-entry"), quick(w, text="", tags="water", level=Level.DIALOGUE)
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert 'value="water"' in html
    assert '<option value="dialogue" selected>' in html
    assert Note.objects.count() == 0


def test_quick_entry_step_too_long_answers_422_with_text_kept(console_world, client_for):
    w = console_world
    text = "x" * 5_001

    response = client_for(w["facilitator"]).post(url(w, "console-entry"), quick(w, text, "step"))

    assert response.status_code == 422
    assert text in response.content.decode()


def test_queued_entry_answers_201_then_200_for_a_retry_and_stores_once(console_world, client_for):
    w = console_world
    client = client_for(w["facilitator"])
    data = quick(w)

    first = client.post(url(w, "console-entry"), data, headers={"X-Trackii-Queue": "1"})
    retry = client.post(url(w, "console-entry"), data, headers={"X-Trackii-Queue": "1"})

    note = Note.objects.get(session=w.session)
    assert (first.status_code, first.json()) == (
        201,
        {"stored": "created", "id": f"note-{note.pk}"},
    )
    assert (retry.status_code, retry.json()) == (200, {"stored": "exists", "id": f"note-{note.pk}"})


def test_queued_entry_refused_answers_422_with_reasons(console_world, client_for):
    w = console_world

    response = client_for(w["facilitator"]).post(
        url(w, "console-entry"), quick(w, text=""), headers={"X-Trackii-Queue": "1"}
    )

    assert response.status_code == 422
    assert response.json() == {"errors": ["What happened: This field is required."]}


def test_queued_entry_in_closed_session_answers_422_saying_so(console_world, client_for):
    w = console_world
    entries.session_close(actor=w["organizer"], session=w.session, attendance={}, summary="x")

    response = client_for(w["facilitator"]).post(
        url(w, "console-entry"), quick(w), headers={"X-Trackii-Queue": "1"}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0].startswith("This session is closed")


def test_quick_entry_by_facilitator_of_another_session_is_403(console_world, client_for):
    w = console_world

    response = client_for(w["other_facilitator"]).post(url(w, "console-entry"), quick(w))

    assert response.status_code == 403
    assert Note.objects.count() == 0


def test_edit_form_inline_carries_the_version(console_world, client_for):
    w = console_world
    note = log(w, "First take")

    response = client_for(w["facilitator"]).get(
        url(w, "console-note-edit", note_id=note.pk), headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li id="note-{note.pk}"')
    assert 'name="version" value="1"' in html


def test_edit_with_current_version_returns_the_entry_inline(console_world, client_for):
    w = console_world
    note = log(w, "First take")

    response = client_for(w["facilitator"]).post(
        url(w, "console-note-edit", note_id=note.pk),
        {"text": "Second take", "level": Level.DIALOGUE, "version": 1},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Second take" in html
    assert 'data-version="2"' in html


def test_edit_of_an_item_changed_meanwhile_answers_409_with_both_versions(
    console_world, client_for
):
    w = console_world
    note = log(w, "First take")
    entries.note_update(actor=w["organizer"], note=note, version=1, text="Theirs", level="team")

    response = client_for(w["facilitator"]).post(
        url(w, "console-note-edit", note_id=note.pk),
        {"text": "Mine", "level": Level.TEAM, "version": 1},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this while you were editing" in html
    assert "Theirs" in html
    assert "\nMine</textarea>" in html
    assert 'name="version" value="2"' in html
    assert Note.objects.get(pk=note.pk).text == "Theirs"


def test_edit_saved_again_after_a_conflict_replaces_theirs(console_world, client_for):
    w = console_world
    note = log(w, "First take")
    entries.note_update(actor=w["organizer"], note=note, version=1, text="Theirs", level="team")

    response = client_for(w["facilitator"]).post(
        url(w, "console-note-edit", note_id=note.pk),
        {"text": "Mine", "level": Level.TEAM, "version": 2},
    )

    assert response.status_code == 302
    assert Note.objects.get(pk=note.pk).text == "Mine"


def test_edit_of_restricted_entry_of_another_author_is_404(console_world, client_for):
    w = console_world
    note = log(w, "Private", who="facilitator", level=Level.RESTRICTED)

    response = client_for(w["organizer"]).get(url(w, "console-note-edit", note_id=note.pk))

    assert response.status_code == 404


def test_step_edit_saves_kind_sides_and_effect(console_world, client_for):
    w = console_world
    step = TrustStepFactory(session=w.session)

    response = client_for(w["facilitator"]).post(
        url(w, "console-step-edit", step_id=step.pk),
        {
            "kind": "narratives",
            "sides": [w.north.pk, w.river.pk],
            "observed": "Two personal stories, long silence, then questions",
            "effect": "1",
            "level": Level.TEAM,
            "version": 1,
        },
    )

    step.refresh_from_db()
    assert response.status_code == 302
    assert (step.kind, step.effect, step.version) == ("narratives", 1, 2)
    assert set(step.sides.all()) == {w.north, w.river}


def test_option_move_without_reason_answers_422(console_world, client_for):
    w = console_world
    option = OptionFactory(session=w.session)

    response = client_for(w["facilitator"]).post(
        url(w, "console-option-transition", option_id=option.pk),
        {"from_state": "floated", "to_state": "explored", "reason": ""},
    )

    assert response.status_code == 422
    assert Option.objects.get(pk=option.pk).state == "floated"


def test_option_move_from_state_no_longer_current_answers_409(console_world, client_for):
    w = console_world
    option = OptionFactory(session=w.session)
    entries.option_transition(
        actor=w["organizer"], option=option, from_state="floated", to_state="shelved", reason="x"
    )

    response = client_for(w["facilitator"]).post(
        url(w, "console-option-transition", option_id=option.pk),
        {"from_state": "floated", "to_state": "explored", "reason": "They liked it"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 409
    assert "it is now: Shelved" in response.content.decode()
    assert Option.objects.get(pk=option.pk).state == "shelved"


def test_option_stances_form_records_each_sides_stance(console_world, client_for):
    w = console_world
    option = OptionFactory(session=w.session)
    data = {}
    for side, stance in ((w.north, "supports"), (w.river, "open"), (w.third, "unknown")):
        data[f"stance_{side.pk}"] = stance
        data[f"seen_{side.pk}"] = "unknown"

    response = client_for(w["facilitator"]).post(
        url(w, "console-option-stances", option_id=option.pk), data
    )

    assert response.status_code == 302
    assert dict(OptionStance.objects.values_list("side__name", "stance")) == {
        "Northern Council": "supports",
        "Riverlands Alliance": "open",
    }


def test_poll_with_current_revision_answers_204_in_two_queries(
    console_world, client_for, django_assert_num_queries
):
    w = console_world
    log(w, "Something")
    client = client_for(w["facilitator"])
    since = revision(w)

    # The session comes from the cache; the user row (with its devices), then ours: role
    # and revision in one query.
    with django_assert_num_queries(2) as captured:
        response = client.get(url(w, "console-poll"), {"since": since})

    assert response.status_code == 204
    assert response.content == b""
    assert "django_session" not in " ".join(q["sql"] for q in captured.captured_queries)


def test_poll_with_the_cache_down_still_answers_from_the_database(
    console_world, client_for, django_assert_num_queries, monkeypatch
):
    w = console_world
    log(w, "Something")
    client = client_for(w["facilitator"])
    since = revision(w)

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    from django.core.cache import cache

    for name in ("get", "set", "delete", "has_key"):
        monkeypatch.setattr(cache, name, down)
    # The session row is read from the database instead: one query more, no error.
    with django_assert_num_queries(3):
        response = client.get(url(w, "console-poll"), {"since": since})

    assert response.status_code == 204


def test_poll_answers_changed_entries_since_the_revision_and_the_new_revision(
    console_world, client_for
):
    w = console_world
    log(w, "Seen already")
    since = revision(w)
    new = log(w, "New from the co-facilitator", who="organizer")
    edited = log(w, "An option", kind="option")

    response = client_for(w["facilitator"]).get(url(w, "console-poll"), {"since": since})

    assert response.status_code == 200
    assert response["X-Console-Revision"] == str(revision(w))
    assert entry_ids(response.content.decode()) == [f"note-{new.pk}", f"option-{edited.pk}"]


def test_poll_leaves_out_restricted_entries_of_others(console_world, client_for):
    w = console_world
    since = revision(w)
    log(w, "Private to the organizer", who="organizer", level=Level.RESTRICTED)

    response = client_for(w["facilitator"]).get(url(w, "console-poll"), {"since": since})

    assert response.status_code == 200
    assert entry_ids(response.content.decode()) == []


def test_poll_after_too_many_changes_answers_205_to_reload_and_the_revision(
    console_world, client_for, monkeypatch
):
    from facilitation import console_reads

    w = console_world
    monkeypatch.setattr(console_reads, "POLL_LIMIT", 2)
    since = revision(w)
    for i in range(3):
        log(w, f"Entry {i}")

    response = client_for(w["facilitator"]).get(url(w, "console-poll"), {"since": since})

    assert response.status_code == 205
    assert response.content == b""
    assert response["X-Console-Revision"] == str(revision(w))


def removed_ids(html):
    match = re.search(r'<div id="console-removed" hidden data-ids="([^"]*)"', html)
    assert match, "the poll answer carries the list of removed entries"
    return match.group(1).split()


def test_poll_tells_the_others_to_take_away_an_entry_made_restricted(console_world, client_for):
    w = console_world
    note = log(w, "Said in the corridor", who="organizer")
    since = revision(w)
    entries.note_update(
        actor=w["organizer"],
        note=note,
        version=note.version,
        text=note.text,
        level=Level.RESTRICTED,
    )

    facilitator_sees = client_for(w["facilitator"]).get(url(w, "console-poll"), {"since": since})
    html = facilitator_sees.content.decode()
    assert removed_ids(html) == [f"note-{note.pk}"]
    assert "Said in the corridor" not in html

    # Its author still reads it: it comes back as a changed entry, not as a removal.
    author_sees = client_for(w["organizer"]).get(url(w, "console-poll"), {"since": since})
    html = author_sees.content.decode()
    assert removed_ids(html) == []
    assert entry_ids(html) == [f"note-{note.pk}"]


def test_poll_sends_a_removal_for_entries_tidied_into_restricted(console_world, client_for):
    w = console_world
    option = log(w, "A joint commission", kind="option")
    step = log(w, "Shared a meal", kind="step")
    since = revision(w)
    entries.entries_set_level(
        actor=w["facilitator"],
        session=w.session,
        items=[("option", option.pk, option.version), ("step", step.pk, step.version)],
        level=Level.RESTRICTED,
    )

    response = client_for(w["other_facilitator"]).get(url(w, "console-poll"), {"since": since})

    assert removed_ids(response.content.decode()) == [f"option-{option.pk}", f"step-{step.pk}"]


def test_making_someone_elses_entry_restricted_saves_and_says_it_is_no_longer_shown(
    console_world, client_for
):
    w = console_world
    note = log(w, "Said in the corridor", who="organizer")
    client = client_for(w["facilitator"])
    data = {"text": note.text, "level": Level.RESTRICTED, "version": note.version}

    response = client.post(
        url(w, "console-note-edit", note_id=note.pk), data, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert "no longer shown to you" in response.content.decode()
    assert "Said in the corridor" not in response.content.decode()
    note.refresh_from_db()
    assert note.level == Level.RESTRICTED


def test_poll_never_names_a_restricted_entry_the_reader_never_saw(console_world, client_for):
    w = console_world
    note = log(w, "Private from the start", who="organizer", level=Level.RESTRICTED)
    since = revision(w)
    entries.note_update(
        actor=w["organizer"],
        note=note,
        version=note.version,
        text="Still private",
        level=Level.RESTRICTED,
    )

    response = client_for(w["facilitator"]).get(url(w, "console-poll"), {"since": since})

    assert response.status_code == 200
    html = response.content.decode()
    assert removed_ids(html) == []
    assert f"note-{note.pk}" not in html


def test_poll_with_unreadable_since_starts_from_the_beginning(console_world, client_for):
    w = console_world
    note = log(w, "Something")

    response = client_for(w["facilitator"]).get(url(w, "console-poll"), {"since": "yesterday"})

    assert entry_ids(response.content.decode()) == [f"note-{note.pk}"]


def fill(w, size):
    """`size` entries of every kind, a restricted one among them (its read is audited).
    Written in bulk: a console with thousands of entries must not take minutes to set up."""
    common = {"dialogue": w.dialogue, "session": w.session, "author": w["facilitator"]}
    levels = [Level.TEAM] * (size - 1) + [Level.RESTRICTED]
    Note.objects.bulk_create(
        Note(text=f"n{i}", level=level, speaker_side=w.north, session_rev=i + 1, **common)
        for i, level in enumerate(levels)
    )
    steps = TrustStep.objects.bulk_create(
        TrustStep(observed=f"s{i}", level=Level.TEAM, session_rev=i + 1, **common)
        for i in range(size)
    )
    options = Option.objects.bulk_create(
        Option(title=f"o{i}", level=Level.TEAM, session_rev=i + 1, **common) for i in range(size)
    )
    TrustStep.sides.through.objects.bulk_create(
        TrustStep.sides.through(truststep_id=s.pk, side_id=w.north.pk) for s in steps
    )
    Option.sides.through.objects.bulk_create(
        Option.sides.through(option_id=o.pk, side_id=w.river.pk) for o in options
    )
    OptionStance.objects.bulk_create(
        OptionStance(option=o, side=w.north, stance="supports") for o in options
    )
    OptionTopic.objects.bulk_create(OptionTopic(option=o, topic="land") for o in options)
    OptionLineage.objects.bulk_create(
        OptionLineage(option=child, parent=parent) for parent, child in itertools.pairwise(options)
    )
    Session.objects.filter(pk=w.session.pk).update(revision=size + 1)


@pytest.mark.parametrize("size", [3, 30])
def test_poll_with_changes_query_count_is_fixed(
    console_world, client_for, django_assert_num_queries, size
):
    w = console_world
    fill(w, size)
    client = client_for(w["facilitator"])

    # user, role+revision (2); access and session again (2); sides (1); notes (1);
    # steps and their sides (2); options, sides, topics, stances, lineage (5); the audited
    # restricted read in its savepoint (3); removals (1); readings (1).
    with django_assert_num_queries(18):
        response = client.get(url(w, "console-poll"), {"since": 0})

    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 2_000])
def test_console_query_count_is_fixed(console_world, client_for, django_assert_num_queries, size):
    w = console_world
    fill(w, size)
    client = client_for(w["facilitator"])

    # user, membership (2); the session (1); sides (1); notes (1); steps and their
    # sides (2); options, sides, topics, stances, lineage (5); the audited restricted read
    # (3); attendance, summary, readings (3); facilitators (1); the sides and the
    # speakers (participants of the round) of the quick-entry box (2). The reading links
    # are read when their panel is opened (test_console_forms.py).
    with django_assert_num_queries(21):
        response = client.get(url(w))

    assert response.status_code == 200
    assert len(entry_ids(response.content.decode())) == 3 * min(size, RECENT)


def test_console_of_a_long_session_shows_the_latest_and_offers_earlier_ones(
    console_world, client_for
):
    w = console_world
    fill(w, RECENT + 1)

    html = client_for(w["facilitator"]).get(url(w)).content.decode()

    notes = [i for i in entry_ids(html) if i.startswith("note-")]
    newest_first = list(Note.objects.order_by("-id").values_list("pk", flat=True))
    assert notes == [f"note-{pk}" for pk in newest_first[:RECENT]]
    assert len(entry_ids(html)) == 3 * RECENT
    last_shown = newest_first[RECENT - 1]
    assert f'href="?notes_before={last_shown}#notes-heading"' in html
    assert f'hx-get="?earlier=note&amp;before={last_shown}"' in html
    assert "Show earlier options" in html


def test_show_earlier_without_js_shows_the_next_notes_in_the_page(console_world, client_for):
    w = console_world
    fill(w, RECENT + 1)
    oldest = Note.objects.order_by("id").first()
    before = Note.objects.order_by("-id").values_list("pk", flat=True)[RECENT - 1]

    response = client_for(w["facilitator"]).get(url(w), {"notes_before": before})

    html = response.content.decode()
    assert [i for i in entry_ids(html) if i.startswith("note-")] == [f"note-{oldest.pk}"]
    assert "Back to the latest" in html
    assert "Show earlier notes" not in html


def test_show_earlier_with_htmx_answers_the_next_entries_and_the_next_link(
    console_world, client_for
):
    w = console_world
    fill(w, 2 * RECENT + 1)
    ids = list(Option.objects.order_by("-id").values_list("pk", flat=True))

    response = client_for(w["facilitator"]).get(
        url(w), {"earlier": "option", "before": ids[RECENT - 1]}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert entry_ids(html) == [f"option-{pk}" for pk in ids[RECENT : 2 * RECENT]]
    assert f'hx-get="?earlier=option&amp;before={ids[2 * RECENT - 1]}"' in html
    assert "<html" not in html


@pytest.mark.parametrize("size", [3 * RECENT, 2_000])
def test_show_earlier_query_count_is_fixed(
    console_world, client_for, django_assert_num_queries, size
):
    w = console_world
    fill(w, size)
    client = client_for(w["facilitator"])
    before = Option.objects.order_by("-id").values_list("pk", flat=True)[RECENT - 1]

    # user, membership (2); the session (1); options, sides, topics, stances, lineage (5).
    with django_assert_num_queries(8):
        response = client.get(
            url(w), {"earlier": "option", "before": before}, HTTP_HX_REQUEST="true"
        )

    assert len(entry_ids(response.content.decode())) == RECENT


QUEUED = {"HTTP_X_TRACKII_QUEUE": "1"}


def test_queued_edit_is_stored_once_when_sent_again_after_a_lost_answer(console_world, client_for):
    w = console_world
    note = log(w, "The north asked for a pause")
    client = client_for(w["facilitator"])
    data = {"text": "The north asked for a long pause", "level": Level.TEAM, "version": 1}

    first = client.post(url(w, "console-note-edit", note_id=note.pk), data, **QUEUED)
    again = client.post(url(w, "console-note-edit", note_id=note.pk), data, **QUEUED)

    assert (first.status_code, first.json()["stored"]) == (200, "updated")
    assert (again.status_code, again.json()["stored"]) == (200, "exists")
    note.refresh_from_db()
    assert (note.text, note.version) == ("The north asked for a long pause", 2)


def test_queued_edit_of_an_entry_changed_meanwhile_answers_409_and_overwrites_nothing(
    console_world, client_for
):
    w = console_world
    note = log(w, "The north asked for a pause")
    entries.note_update(actor=w["organizer"], note=note, version=1, text="Theirs", level=Level.TEAM)
    data = {"text": "Mine, typed offline", "level": Level.TEAM, "version": 1}

    response = client_for(w["facilitator"]).post(
        url(w, "console-note-edit", note_id=note.pk), data, **QUEUED
    )

    assert response.status_code == 409
    assert "Someone else changed this entry meanwhile" in response.json()["errors"][0]
    note.refresh_from_db()
    assert note.text == "Theirs"


def test_queued_option_move_sent_twice_moves_it_once(console_world, client_for):
    w = console_world
    option = log(w, "A joint commission", kind="option")
    client = client_for(w["facilitator"])
    data = {"from_state": "floated", "to_state": "explored", "reason": "Discussed offline"}

    first = client.post(url(w, "console-option-transition", option_id=option.pk), data, **QUEUED)
    again = client.post(url(w, "console-option-transition", option_id=option.pk), data, **QUEUED)

    assert [first.json()["stored"], again.json()["stored"]] == ["updated", "exists"]
    option.refresh_from_db()
    assert option.state == "explored"
    assert option.events.filter(to_state="explored").count() == 1


def test_queued_move_refused_answers_json_with_the_reason(console_world, client_for):
    w = console_world
    option = log(w, "A joint commission", kind="option")
    data = {"from_state": "floated", "to_state": "explored", "reason": ""}

    response = client_for(w["facilitator"]).post(
        url(w, "console-option-transition", option_id=option.pk), data, **QUEUED
    )

    assert response.status_code == 422
    assert response.json()["errors"]

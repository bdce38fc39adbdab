"""The console page, the quick-entry box, inline edits and conflicts, and the poll."""

import itertools
import re
import uuid

import pytest
from django.urls import reverse

from facilitation import entries
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


def test_poll_with_current_revision_answers_204_in_three_queries(
    console_world, client_for, django_assert_num_queries
):
    w = console_world
    log(w, "Something")
    client = client_for(w["facilitator"])
    since = revision(w)

    # Django's session row and user row, then ours: role and revision in one query.
    with django_assert_num_queries(3):
        response = client.get(url(w, "console-poll"), {"since": since})

    assert response.status_code == 204
    assert response.content == b""


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

    # session, user, role+revision (3); access and session again (2); sides (1); notes (1);
    # steps and their sides (2); options, sides, topics, stances, lineage (5); the audited
    # restricted read in its savepoint (3); readings (1).
    with django_assert_num_queries(18):
        response = client.get(url(w, "console-poll"), {"since": 0})

    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 2_000])
def test_console_query_count_is_fixed(console_world, client_for, django_assert_num_queries, size):
    w = console_world
    fill(w, size)
    client = client_for(w["facilitator"])

    # session, user, membership (3); the session (1); sides (1); notes (1); steps and their
    # sides (2); options, sides, topics, stances, lineage (5); the audited restricted read
    # (3); attendance, summary, readings, reading links (4); facilitators (1); the sides of
    # the quick-entry box (1).
    with django_assert_num_queries(22):
        response = client.get(url(w))

    assert response.status_code == 200
    assert len(entry_ids(response.content.decode())) == 3 * min(size, 100)


def test_console_of_a_long_session_shows_the_latest_and_offers_all(console_world, client_for):
    w = console_world
    fill(w, 101)

    response = client_for(w["facilitator"]).get(url(w))

    html = response.content.decode()
    assert [i for i in entry_ids(html) if i.startswith("note-")][:1] == [
        f"note-{Note.objects.latest('id').pk}"
    ]
    assert len(entry_ids(html)) == 300
    assert '<a href="?all=1">Show all entries</a>' in html


def test_console_with_all_shows_every_entry(console_world, client_for):
    w = console_world
    fill(w, 101)

    response = client_for(w["facilitator"]).get(url(w), {"all": "1"})

    assert len(entry_ids(response.content.decode())) == 303

"""Quick entries and edits (facilitation.entries): idempotency, revisions, conflicts,
who may write, closing."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from facilitation import entries
from facilitation.entries import EditConflict
from facilitation.models import Note, Option, OptionEvent, Session, TrustStep
from tests.facilitation.factories import TrustStepFactory
from tests.factories import NoteFactory
from trackii.privacy.levels import Level


def create(w, who="facilitator", kind="note", text="Tea is served", key=None, **more):
    return entries.entry_create(
        actor=w[who],
        session=w.session,
        kind=kind,
        text=text,
        level=more.pop("level", Level.TEAM),
        client_key=key or uuid.uuid4(),
        **more,
    )


def revision(session):
    return Session.objects.get(pk=session.pk).revision


def test_entry_create_note_stores_text_level_author_and_key(console_world):
    key = uuid.uuid4()

    note, created = create(console_world, key=key, side=console_world.north, tags="water")

    assert created is True
    stored = Note.objects.get(pk=note.pk)
    assert (stored.text, stored.level, stored.author, stored.client_key) == (
        "Tea is served",
        Level.TEAM,
        console_world["facilitator"],
        key,
    )
    assert (stored.speaker_side, stored.tags, stored.version) == (console_world.north, "water", 1)


def test_entry_create_same_key_twice_stores_once_and_returns_the_first(console_world):
    key = uuid.uuid4()
    first, _ = create(console_world, key=key)

    again, created = create(console_world, key=key, text="Tea is served (retry)")

    assert created is False
    assert again.pk == first.pk
    assert Note.objects.filter(session=console_world.session).count() == 1


def test_entry_create_same_text_with_two_keys_stores_twice(console_world):
    create(console_world, who="facilitator")
    create(console_world, who="organizer")

    assert sorted(Note.objects.values_list("text", flat=True)) == ["Tea is served"] * 2


def test_entry_key_is_unique_per_session_in_the_database(console_world):
    key = uuid.uuid4()
    create(console_world, key=key)

    with pytest.raises(IntegrityError), transaction.atomic():
        NoteFactory(session=console_world.session, client_key=key)


def test_entry_create_with_key_of_another_author_is_refused(console_world):
    key = uuid.uuid4()
    create(console_world, who="facilitator", key=key)

    with pytest.raises(ValidationError):
        create(console_world, who="organizer", key=key)


def test_entry_create_bumps_session_revision_and_stamps_entry(console_world):
    before = revision(console_world.session)

    note, _ = create(console_world)

    assert revision(console_world.session) == before + 1
    assert note.session_rev == before + 1


def test_entry_create_retry_does_not_bump_revision(console_world):
    key = uuid.uuid4()
    create(console_world, key=key)
    before = revision(console_world.session)

    create(console_world, key=key)

    assert revision(console_world.session) == before


def test_entry_create_step_stores_observation_and_side(console_world):
    step, _ = create(console_world, kind="step", text="Shared a meal", side=console_world.river)

    stored = TrustStep.objects.get(pk=step.pk)
    assert (stored.observed, stored.kind, list(stored.sides.all())) == (
        "Shared a meal",
        TrustStep.Kind.OTHER,
        [console_world.river],
    )


def test_entry_create_option_takes_first_line_as_title_and_records_floated(console_world):
    text = "Joint water commission\nWith a rotating chair and an expert panel."

    option, _ = create(console_world, kind="option", text=text)

    stored = Option.objects.get(pk=option.pk)
    assert (stored.title, stored.text, stored.state) == (
        "Joint water commission",
        "With a rotating chair and an expert panel.",
        "floated",
    )
    events = list(OptionEvent.objects.filter(option=option).values_list("from_state", "to_state"))
    assert events == [("", "floated")]


def test_entry_create_option_with_one_short_line_has_no_separate_text(console_world):
    option, _ = create(console_world, kind="option", text="Joint patrols")

    assert (option.title, option.text) == ("Joint patrols", "")


def test_entry_create_option_cuts_long_first_line_at_a_word(console_world):
    option, _ = create(console_world, kind="option", text="word " * 60)

    assert len(option.title) <= 160
    assert option.title.endswith("word…")
    assert option.text == ("word " * 60).strip()


@pytest.mark.parametrize("who", ["organizer", "facilitator"])
def test_entry_create_by_session_writer_succeeds(console_world, who):
    _, created = create(console_world, who=who)

    assert created is True


@pytest.mark.parametrize("who", ["other_facilitator", "participant", "observer", "funder"])
def test_entry_create_by_non_writer_is_denied(console_world, who):
    with pytest.raises(PermissionDenied):
        create(console_world, who=who)


def test_entry_create_with_side_of_another_dialogue_is_refused(console_world):
    from tests.factories import SideFactory

    foreign = SideFactory(dialogue=console_world.cast.other_dialogue)

    with pytest.raises(ValidationError):
        create(console_world, side=foreign)


def test_entry_create_in_closed_session_is_refused(console_world):
    entries.session_close(
        actor=console_world["facilitator"],
        session=console_world.session,
        attendance={},
        summary="Done",
    )

    with pytest.raises(ValidationError) as error:
        create(console_world)

    assert error.value.code == "closed"


def test_entry_retry_after_closing_returns_the_entry_stored_before(console_world):
    key = uuid.uuid4()
    note, _ = create(console_world, key=key)
    entries.session_close(
        actor=console_world["facilitator"],
        session=console_world.session,
        attendance={},
        summary="Done",
    )

    again, created = create(console_world, key=key)

    assert (again.pk, created) == (note.pk, False)


def test_note_update_with_current_version_saves_and_bumps_version(console_world):
    note, _ = create(console_world)

    entries.note_update(
        actor=console_world["organizer"],
        note=note,
        version=1,
        text="Tea, then talks",
        level="dialogue",
    )

    stored = Note.objects.get(pk=note.pk)
    assert (stored.text, stored.level, stored.version) == ("Tea, then talks", "dialogue", 2)


def test_note_update_with_stale_version_raises_conflict_and_keeps_the_other_edit(console_world):
    note, _ = create(console_world)
    entries.note_update(
        actor=console_world["organizer"],
        note=Note.objects.get(pk=note.pk),
        version=1,
        text="Theirs",
        level="team",
    )

    with pytest.raises(EditConflict):
        entries.note_update(
            actor=console_world["facilitator"],
            note=Note.objects.get(pk=note.pk),
            version=1,
            text="Mine",
            level="team",
        )

    assert Note.objects.get(pk=note.pk).text == "Theirs"


def test_note_update_conflict_does_not_bump_session_revision(console_world):
    note, _ = create(console_world)
    entries.note_update(
        actor=console_world["organizer"], note=note, version=1, text="Theirs", level="team"
    )
    before = revision(console_world.session)

    with pytest.raises(EditConflict):
        entries.note_update(
            actor=console_world["organizer"], note=note, version=1, text="Mine", level="team"
        )

    assert revision(console_world.session) == before


def test_note_update_by_other_facilitator_is_denied(console_world):
    note, _ = create(console_world)

    with pytest.raises(PermissionDenied):
        entries.note_update(
            actor=console_world["other_facilitator"], note=note, version=1, text="x", level="team"
        )


def test_trust_step_update_sets_kind_sides_effect(console_world):
    step = TrustStepFactory(session=console_world.session)

    entries.trust_step_update(
        actor=console_world["facilitator"],
        step=step,
        version=1,
        kind=TrustStep.Kind.MEAL,
        sides=[console_world.north, console_world.river],
        observed="Both delegations ate together",
        effect=2,
        level="team",
    )

    stored = TrustStep.objects.get(pk=step.pk)
    assert (stored.kind, stored.effect, stored.version) == ("meal", 2, 2)
    assert set(stored.sides.all()) == {console_world.north, console_world.river}


def test_entries_set_level_changes_seen_versions_and_skips_changed_ones(console_world):
    a, _ = create(console_world, text="a")
    b, _ = create(console_world, text="b")
    entries.note_update(
        actor=console_world["organizer"], note=b, version=1, text="b2", level="team"
    )

    changed, skipped = entries.entries_set_level(
        actor=console_world["facilitator"],
        session=console_world.session,
        items=[("note", a.pk, 1), ("note", b.pk, 1)],
        level=Level.REPORTABLE,
    )

    assert (changed, skipped) == (1, 1)
    assert dict(Note.objects.values_list("text", "level")) == {"a": "reportable", "b2": "team"}


def test_entries_set_level_ignores_entries_of_another_session(console_world):
    elsewhere = NoteFactory(session__round__dialogue=console_world.dialogue, text="elsewhere")

    changed, skipped = entries.entries_set_level(
        actor=console_world["facilitator"],
        session=console_world.session,
        items=[("note", elsewhere.pk, 1)],
        level=Level.REPORTABLE,
    )

    assert (changed, skipped) == (0, 1)
    assert Note.objects.get(pk=elsewhere.pk).level == Level.TEAM


def test_session_close_records_attendance_summary_and_closer(console_world):
    w = console_world

    entries.session_close(
        actor=w["facilitator"],
        session=w.session,
        attendance={w.north: 5, w.river: 4, w.third: None},
        summary="Frank exchange on water.",
    )

    session = Session.objects.get(pk=w.session.pk)
    assert session.is_closed
    assert session.closed_by == w["facilitator"]
    assert dict(session.attendance.values_list("side__name", "count")) == {
        "Northern Council": 5,
        "Riverlands Alliance": 4,
    }
    assert (session.summary.text, session.summary.level) == ("Frank exchange on water.", "team")


def test_session_close_with_negative_attendance_is_refused(console_world):
    with pytest.raises(ValidationError):
        entries.session_close(
            actor=console_world["facilitator"],
            session=console_world.session,
            attendance={console_world.north: -1},
            summary="x",
        )


def test_session_close_again_with_stale_summary_version_raises_conflict(console_world):
    w = console_world
    entries.session_close(actor=w["facilitator"], session=w.session, attendance={}, summary="One")
    entries.session_close(
        actor=w["organizer"], session=w.session, attendance={}, summary="Two", summary_version=1
    )

    with pytest.raises(EditConflict):
        entries.session_close(
            actor=w["facilitator"],
            session=w.session,
            attendance={},
            summary="Three",
            summary_version=1,
        )

    assert Session.objects.get(pk=w.session.pk).summary.text == "Two"


def test_session_reopen_by_facilitator_is_denied(console_world):
    w = console_world
    entries.session_close(actor=w["facilitator"], session=w.session, attendance={}, summary="x")

    with pytest.raises(PermissionDenied):
        entries.session_reopen(actor=w["facilitator"], session=w.session)


def test_session_reopen_by_organizer_lets_entries_in_again(console_world):
    w = console_world
    entries.session_close(actor=w["facilitator"], session=w.session, attendance={}, summary="x")

    entries.session_reopen(actor=w["organizer"], session=Session.objects.get(pk=w.session.pk))

    _, created = create(w)
    assert created is True

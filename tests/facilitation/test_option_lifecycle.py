"""An option's lifecycle (every transition, the shelved path), its lineage and each
side's stance."""

import pytest
from django.core.exceptions import ValidationError

from facilitation import entries
from facilitation.entries import EditConflict
from facilitation.models import Option, OptionEvent, OptionLineage, OptionStance
from tests.facilitation.factories import OptionFactory
from trackii.privacy.levels import Level

S = Option.State

#: Every allowed move, as the issue lists the lifecycle (floated → explored → refined →
#: has support → transferred → taken up officially, or shelved), with one step back while
#: still in the room and a shelved option floated again.
ALLOWED = [
    (S.FLOATED, S.EXPLORED),
    (S.FLOATED, S.SHELVED),
    (S.EXPLORED, S.REFINED),
    (S.EXPLORED, S.FLOATED),
    (S.EXPLORED, S.SHELVED),
    (S.REFINED, S.SUPPORTED),
    (S.REFINED, S.EXPLORED),
    (S.REFINED, S.SHELVED),
    (S.SUPPORTED, S.TRANSFERRED),
    (S.SUPPORTED, S.REFINED),
    (S.SUPPORTED, S.SHELVED),
    (S.TRANSFERRED, S.ADOPTED),
    (S.TRANSFERRED, S.SHELVED),
    (S.SHELVED, S.FLOATED),
]
FORBIDDEN = [(a, b) for a in S for b in S if a != b and (a, b) not in ALLOWED]


def option_in(w, state=S.FLOATED, **more):
    return OptionFactory(session=w.session, state=state, **more)


def move(w, option, to, reason="Because the room said so", who="facilitator", seen=None):
    return entries.option_transition(
        actor=w[who], option=option, from_state=seen or option.state, to_state=to, reason=reason
    )


def test_transition_table_lists_exactly_the_allowed_moves():
    table = {(a, b) for a, nexts in Option.TRANSITIONS.items() for b in nexts}

    assert table == set(ALLOWED)


@pytest.mark.parametrize(("start", "to"), ALLOWED)
def test_allowed_transition_moves_option_and_records_event(console_world, start, to):
    option = option_in(console_world, start)

    event = move(console_world, option, to, reason="Tested in the room")

    stored = Option.objects.get(pk=option.pk)
    assert stored.state == to
    assert stored.state_changed_at is not None
    assert (event.from_state, event.to_state, event.reason, event.by) == (
        start,
        to,
        "Tested in the room",
        console_world["facilitator"],
    )


@pytest.mark.parametrize(("start", "to"), FORBIDDEN)
def test_forbidden_transition_is_refused_and_changes_nothing(console_world, start, to):
    option = option_in(console_world, start)

    with pytest.raises(ValidationError):
        move(console_world, option, to)

    assert Option.objects.get(pk=option.pk).state == start
    assert OptionEvent.objects.filter(option=option).count() == 0


def test_full_path_from_floated_to_taken_up_leaves_the_whole_history(console_world):
    option = option_in(console_world)

    for to in (S.EXPLORED, S.REFINED, S.SUPPORTED, S.TRANSFERRED, S.ADOPTED):
        move(console_world, option, to)

    history = list(OptionEvent.objects.filter(option=option).values_list("from_state", "to_state"))
    assert history == [
        ("floated", "explored"),
        ("explored", "refined"),
        ("refined", "supported"),
        ("supported", "transferred"),
        ("transferred", "adopted"),
    ]


def test_shelved_path_shelve_then_float_again_then_explore(console_world):
    option = option_in(console_world, S.REFINED)

    move(console_world, option, S.SHELVED, reason="One side walked away from it")
    move(console_world, option, S.FLOATED, reason="Raised again after the break")
    move(console_world, option, S.EXPLORED)

    history = list(
        OptionEvent.objects.filter(option=option).values_list("from_state", "to_state", "reason")
    )
    assert history == [
        ("refined", "shelved", "One side walked away from it"),
        ("shelved", "floated", "Raised again after the break"),
        ("floated", "explored", "Because the room said so"),
    ]


def test_taken_up_officially_is_the_end(console_world):
    option = option_in(console_world, S.ADOPTED)

    assert option.next_states() == ()


def test_transition_without_reason_is_refused(console_world):
    option = option_in(console_world)

    with pytest.raises(ValidationError):
        move(console_world, option, S.EXPLORED, reason="  ")


def test_transition_from_a_state_no_longer_current_raises_conflict(console_world):
    option = option_in(console_world)
    move(console_world, Option.objects.get(pk=option.pk), S.EXPLORED, who="organizer")

    with pytest.raises(EditConflict):
        move(console_world, Option.objects.get(pk=option.pk), S.SHELVED, seen=S.FLOATED)

    assert Option.objects.get(pk=option.pk).state == S.EXPLORED


def test_transition_by_other_facilitator_is_denied(console_world):
    from django.core.exceptions import PermissionDenied

    option = option_in(console_world)

    with pytest.raises(PermissionDenied):
        move(console_world, option, S.EXPLORED, who="other_facilitator")


def update(w, option, who="facilitator", **fields):
    values = {
        "title": option.title,
        "text": option.text,
        "level": option.level,
        "sides": [],
        "version": option.version,
        **fields,
    }
    return entries.option_update(actor=w[who], option=option, **values)


def parents_of(option):
    return set(OptionLineage.objects.filter(option=option).values_list("parent__title", "kind"))


def test_option_refined_from_another_records_lineage(console_world):
    parent = option_in(console_world, title="Water commission")
    child = option_in(console_world, title="Water commission with rotating chair")

    update(console_world, child, derived_from=[parent], lineage_kind="refined")

    assert parents_of(child) == {("Water commission", "refined")}
    assert list(parent.derivatives.all()) == [child]


def test_option_merged_from_two_records_both_parents(console_world):
    a = option_in(console_world, title="Joint patrols")
    b = option_in(console_world, title="Hotline between commanders")
    merged = option_in(console_world, title="Security package")

    update(console_world, merged, derived_from=[a, b], lineage_kind="merged")

    assert parents_of(merged) == {
        ("Joint patrols", "merged"),
        ("Hotline between commanders", "merged"),
    }


def test_option_lineage_removing_a_parent_keeps_the_others(console_world):
    a = option_in(console_world, title="A")
    b = option_in(console_world, title="B")
    child = option_in(console_world, title="C")
    update(console_world, child, derived_from=[a, b])

    update(console_world, Option.objects.get(pk=child.pk), derived_from=[b])

    assert parents_of(child) == {("B", "refined")}


def test_option_cannot_derive_from_itself(console_world):
    option = option_in(console_world)

    with pytest.raises(ValidationError):
        update(console_world, option, derived_from=[option])


def test_option_cannot_derive_from_its_own_refinement(console_world):
    parent = option_in(console_world, title="parent")
    child = option_in(console_world, title="child")
    update(console_world, child, derived_from=[parent])

    with pytest.raises(ValidationError):
        update(console_world, parent, derived_from=[child])

    assert parents_of(parent) == set()


def test_option_cannot_derive_from_option_of_another_dialogue(console_world):
    from tests.factories import SessionFactory

    foreign = OptionFactory(
        session=SessionFactory(round__dialogue=console_world.cast.other_dialogue)
    )
    option = option_in(console_world)

    with pytest.raises(ValidationError):
        update(console_world, option, derived_from=[foreign])


def test_option_edit_keeps_lineage_to_parents_the_editor_cannot_see(console_world):
    w = console_world
    hidden = option_in(w, title="restricted parent", level=Level.RESTRICTED, author=w["organizer"])
    child = option_in(w, title="child")
    update(w, child, who="organizer", derived_from=[hidden])

    update(w, Option.objects.get(pk=child.pk), who="facilitator", derived_from=[])

    assert parents_of(child) == {("restricted parent", "refined")}


def test_option_update_sets_topics_and_free_tags(console_world):
    option = option_in(console_world)

    update(console_world, option, topics=["ceasefire", "land"], tags="water, north")

    stored = Option.objects.get(pk=option.pk)
    assert sorted(stored.topics.values_list("topic", flat=True)) == ["ceasefire", "land"]
    assert stored.tag_list == ["water", "north"]


def stances(option):
    return dict(OptionStance.objects.filter(option=option).values_list("side__name", "stance"))


def test_stances_recorded_per_side(console_world):
    w = console_world
    option = option_in(w)

    changed = entries.option_stances_set(
        actor=w["facilitator"],
        option=option,
        changes={w.north: ("unknown", "supports"), w.river: ("unknown", "opposes")},
    )

    assert changed == 2
    assert stances(option) == {"Northern Council": "supports", "Riverlands Alliance": "opposes"}


def test_stance_change_replaces_that_sides_stance_only(console_world):
    w = console_world
    option = option_in(w)
    entries.option_stances_set(
        actor=w["facilitator"],
        option=option,
        changes={w.north: ("unknown", "supports"), w.river: ("unknown", "opposes")},
    )

    entries.option_stances_set(
        actor=w["organizer"],
        option=option,
        changes={w.north: ("supports", "supports"), w.river: ("opposes", "open")},
    )

    assert stances(option) == {"Northern Council": "supports", "Riverlands Alliance": "open"}
    assert OptionStance.objects.filter(option=option).count() == 2


def test_stance_changed_meanwhile_raises_conflict_and_writes_nothing(console_world):
    w = console_world
    option = option_in(w)
    entries.option_stances_set(
        actor=w["organizer"], option=option, changes={w.north: ("unknown", "opposes")}
    )

    with pytest.raises(EditConflict):
        entries.option_stances_set(
            actor=w["facilitator"],
            option=option,
            changes={w.north: ("unknown", "supports"), w.river: ("unknown", "supports")},
        )

    assert stances(option) == {"Northern Council": "opposes"}


def test_stance_for_side_of_another_dialogue_is_refused(console_world):
    from tests.factories import SideFactory

    foreign = SideFactory(dialogue=console_world.cast.other_dialogue)
    option = option_in(console_world)

    with pytest.raises(ValidationError):
        entries.option_stances_set(
            actor=console_world["facilitator"],
            option=option,
            changes={foreign: ("unknown", "supports")},
        )


def test_option_events_are_append_only(console_world):
    option = option_in(console_world)
    event = move(console_world, option, S.EXPLORED)

    with pytest.raises(TypeError):
        event.save()

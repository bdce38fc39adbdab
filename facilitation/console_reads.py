"""What a reader of the live console sees (docs/facilitation.md, "The console").

The console's read model: its three columns a page at a time, one older page of a column
("Show earlier"), what changed since a revision (the poll), and one entry read again after
an edit. Every read starts from visible_to (through facilitation.live); each takes the
reader as `user`. Nothing here writes: the views record the restricted reads they show.
"""

from dataclasses import dataclass

from dialogues.models import Side
from facilitation import live
from facilitation.models import Option

#: How many of the latest entries of each kind the console shows at a time ("Show
#: earlier" loads the next ones): a console is used live, often on poor connections and
#: for long sessions, and must stay light.
RECENT = 50

#: At most this many changed entries of a kind in one poll answer (205 beyond: reload).
POLL_LIMIT = 200

#: kind -> (console column, reader of the session's entries of that kind)
COLUMNS = {
    "note": ("notes", live.notes_for),
    "step": ("steps", live.steps_for),
    "option": ("options", live.options_for),
}


def page_of(entries, before: int | None) -> tuple[list, int | None]:
    """The newest RECENT entries (below `before`), and the id to ask for the next page
    with (None when there is no older entry)."""
    if before is not None:
        entries = entries.filter(pk__lt=before)
    # The page's ids first, in a subquery of the same query: PostgreSQL misjudges how many
    # rows visible_to leaves and joined the authors to every entry of a long session
    # before sorting (116 ms for 2,600 notes); this way it joins them to the page only.
    rows = list(entries.filter(pk__in=entries.values("pk")[: RECENT + 1]))
    if len(rows) > RECENT:
        return rows[:RECENT], rows[RECENT - 1].pk
    return rows, None


def sides_of(dialogue) -> list[Side]:
    return list(Side.objects.filter(dialogue=dialogue))


@dataclass
class ConsolePage:
    """The console page's entries and session record, as `user` may read them."""

    sides: list
    columns: dict  # column -> its page of entries
    more: dict  # column -> the id "Show earlier" asks below, or None
    paged: bool  # some column shows an older page (?notes_before=…)
    readings: list
    attendance: list
    summary: object

    @property
    def shown(self) -> list:
        return [row for rows in self.columns.values() for row in rows]


def console_page(user, session, *, dialogue, before: dict[str, int | None]) -> ConsolePage:
    """Everything the console page shows, in a fixed number of queries whatever the
    entries: each column its newest RECENT entries (below `before[column]`)."""
    sides = sides_of(dialogue)
    columns, more = {}, {}
    for column, reader in COLUMNS.values():
        columns[column], more[column] = page_of(reader(user, session), before.get(column))
    attendance, summary = live.closing_record(user, session)
    return ConsolePage(
        sides=sides,
        columns=columns,
        more=more,
        paged=any(value is not None for value in before.values()),
        readings=live.reading_summary(session, sides),
        attendance=attendance,
        summary=summary,
    )


def form_page(user, session, *, dialogue) -> ConsolePage:
    """What the console's forms are built from, without the entries (console_form)."""
    sides = sides_of(dialogue)
    attendance, summary = live.closing_record(user, session)
    return ConsolePage(
        sides=sides,
        columns={},
        more={},
        paged=False,
        readings=[],
        attendance=attendance,
        summary=summary,
    )


def live_links(session) -> list:
    """The session's reading links that still work (for those who write into it)."""
    return live.live_links(session)


def earlier_page(user, session, *, kind: str, before: int | None) -> tuple[list, int | None]:
    """One older page of one column, for "Show earlier". Fixed number of queries."""
    _column, reader = COLUMNS[kind]
    return page_of(reader(user, session), before)


def _changed(entries) -> list:
    """The changed entries of a poll, POLL_LIMIT + 1 at most, read by their ids (see
    page_of)."""
    return list(entries.filter(pk__in=entries.values("pk")[: POLL_LIMIT + 1]))


@dataclass
class Feed:
    """What changed in a session since a revision, as `user` may read it."""

    notes: list
    steps: list
    options: list
    removed: list  # "note-12", … : entries that left the reader's view
    readings: list

    @property
    def entries(self) -> list:
        return [*self.notes, *self.steps, *self.options]


def poll_feed(user, session, *, dialogue, since: int) -> Feed | None:
    """The entries changed since `since`, or None when more than POLL_LIMIT of a kind
    changed (a console left behind, or since=0): the console reloads instead, and
    nothing unbounded is read."""
    notes, steps, options = (
        _changed(reader(user, session, since)) for _column, reader in COLUMNS.values()
    )
    if max(len(notes), len(steps), len(options)) > POLL_LIMIT:
        return None
    # Entries that left the team's view; whoever still reads one gets it back above instead.
    still_read = {
        *(f"note-{n.pk}" for n in notes),
        *(f"step-{s.pk}" for s in steps),
        *(f"option-{o.pk}" for o in options),
    }
    sides = sides_of(dialogue)
    return Feed(
        notes=notes,
        steps=steps,
        options=options,
        removed=sorted(live.removals_since(session, since) - still_read),
        readings=live.reading_summary(session, sides),
    )


def console_entry(user, session, *, kind: str, pk: int):
    """One entry as its console column shows it (after an edit), or None when the user
    may no longer read it."""
    _column, reader = COLUMNS[kind]
    return reader(user, session).filter(pk=pk).first()


def option_parents(user, *, dialogue, option):
    """The options `option` may derive from: the dialogue's others the user may read."""
    return (
        Option.objects.visible_to(user)
        .filter(dialogue=dialogue)
        .exclude(pk=option.pk)
        .order_by("-created_at", "-id")
    )

"""Importing participants from a spreadsheet: every row checked as the one-at-a-time form
checks it, then all of them added in one transaction, or none.

`import_preview` writes nothing: it is the dry run the organizer reads before importing.
`participants_import` runs the same checks again on the same table (the dialogue may have
changed since the preview) and adds the rows through `participant_create`, the one path
by which a participant is written.

People are kept once (DESIGN.md): a row whose e-mail address (or, without one, whose
exact name) is that of someone the organizer may reuse (selectors.reusable_persons) is
linked to that person instead of creating another. Nobody else is matched: a search of
every person on the instance would tell one dialogue's organizers who takes part in
another.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participants import selectors
from participants.forms.participants import ParticipantForm
from participants.models import Participant, Person
from participants.services.participants import (
    ORGANIZERS,
    PARTICIPANT_LEVELS,
    participant_create,
)
from trackii import i18n
from trackii.lib.spreadsheet import FORMULA_STARTS
from trackii.privacy.access import require_role
from trackii.privacy.audit import audit_record
from trackii.privacy.levels import Level
from trackii.privacy.models import AuditEvent

#: The most rows one file may hold (besides its header).
MAX_ROWS = 2_000

#: The columns a file may have, each with the form field it fills and what it holds.
#: The names are those of the CSV export, so an exported file can be imported elsewhere.
COLUMNS = {
    "name": ("name", gettext_lazy("Full name. Required.")),
    "side": ("side", gettext_lazy("The side's name as this dialogue calls it. Required.")),
    "state": ("state", gettext_lazy("Where they are in the pipeline; empty is “Proposed”.")),
    "level": ("level", gettext_lazy("Who may know they take part: dialogue or team (empty).")),
    "protected": (
        "is_protected",
        gettext_lazy("“yes” shows them by a pseudonym to all but organizers; empty is no."),
    ),
    "affiliation": ("affiliation", ""),
    "position": ("position", ""),
    "kind_of_position": ("position_kind", ""),
    "country": ("country", ""),
    "languages": ("languages", gettext_lazy("The languages they speak, as text.")),
    "preferred_language": (
        "preferred_language",
        gettext_lazy("The language of their invitation: a code such as ar or en."),
    ),
    "gender": ("gender", ""),
    "email": ("email", gettext_lazy("Matches someone from your other dialogues.")),
    "phone": ("phone", ""),
    "influence": ("rationale_influence", ""),
    "access_to_decision_makers": ("rationale_access", ""),
    "openness": ("rationale_openness", ""),
    "credibility_at_home": ("rationale_credibility", ""),
}
REQUIRED_COLUMNS = ("name", "side")
#: Columns of the export that an import reads past without a word.
IGNORED_COLUMNS = ("id",)
FIELD_COLUMNS = {name: column for column, (name, _help) in COLUMNS.items()}

YES = frozenset({"yes", "y", "true", "1", "x", "✓"})
NO = frozenset({"", "no", "n", "false", "0"})

EXAMPLE_ROW = {
    "name": "Amal Haddad",
    "side": "North",
    "state": "proposed",
    "level": "team",
    "protected": "no",
    "affiliation": "Institute for Regional Studies",
    "position": "Director",
    "kind_of_position": "academic",
    "country": "Jordan",
    "languages": "Arabic, English",
    "preferred_language": "ar",
    "gender": "woman",
    "email": "amal.haddad@example.org",
}


def column_guide() -> list[tuple[str, str, list[str]]]:
    """(column, what it holds, the values it accepts, if it has a fixed list) for the page
    that documents the columns."""
    return [
        (column, help, [value for value, _label in _choices(name)] if name in CHOICE_FIELDS else [])
        for column, (name, help) in COLUMNS.items()
    ]


def template_rows(sides) -> list[list[str]]:
    """The template file: the header and one example row (with one of the dialogue's own
    sides, if it has any)."""
    example = {**EXAMPLE_ROW, "side": sides[0].name if sides else EXAMPLE_ROW["side"]}
    return [list(COLUMNS), [example.get(column, "") for column in COLUMNS]]


class ImportProblems(ValidationError):
    """The table has problems; nothing was imported. `preview` shows them."""

    def __init__(self, preview):
        super().__init__(_("Nothing was imported: fix the rows below and upload again."))
        self.preview = preview


@dataclass
class Problem:
    column: str  # "" for the row as a whole
    message: str


@dataclass
class ImportRow:
    number: int  # as the spreadsheet program numbers it: the header is row 1
    values: dict
    problems: list = field(default_factory=list)
    #: Someone from the organizer's other dialogues this row will be linked to.
    person: Person | None = None
    kwargs: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.values.get("name", "")


@dataclass
class ImportPreview:
    rows: list = field(default_factory=list)
    #: Problems of the file as a whole (missing columns, too many rows).
    problems: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)

    @property
    def bad_rows(self) -> list:
        return [row for row in self.rows if row.problems]

    @property
    def is_importable(self) -> bool:
        return bool(self.rows) and not self.problems and not self.bad_rows

    @property
    def linked(self) -> int:
        return sum(1 for row in self.rows if row.person is not None)


def _key(text: str) -> str:
    """Names and addresses compared as people read them: case and spacing aside."""
    return " ".join(text.split()).casefold()


def _cell(value: str) -> str:
    # The CSV export quotes a cell that starts like a formula ('=…): read it back as typed.
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _choices(field_name: str) -> list[tuple[str, str]]:
    if field_name == "state":
        return list(Participant.State.choices)
    if field_name == "level":
        return [(level, Level(level).label) for level in PARTICIPANT_LEVELS]
    if field_name == "preferred_language":
        return list(i18n.participant_languages())
    return list(Person._meta.get_field(field_name).choices)


CHOICE_FIELDS = ("state", "level", "position_kind", "gender", "preferred_language")


def _resolve_choice(row: ImportRow, field_name: str, data: dict) -> None:
    """A choice column holds its value (as the export writes it) or its label, in any case."""
    column = FIELD_COLUMNS[field_name]
    raw = row.values.get(column, "")
    if not raw:
        return
    choices = _choices(field_name)
    for value, label in choices:
        if _key(raw) in (_key(value), _key(str(label))):
            data[field_name] = value
            return
    row.problems.append(
        Problem(
            column,
            _("Unknown %(column)s “%(value)s”. Use one of: %(choices)s.")
            % {
                "column": column,
                "value": raw,
                "choices": ", ".join(value for value, _label in choices),
            },
        )
    )


def _form_data(row: ImportRow, sides: dict) -> dict:
    """The row as the one-at-a-time form receives it; names turned into the form's values."""
    values = row.values
    data = {
        name: values.get(column, "")
        for column, (name, _help) in COLUMNS.items()
        if name not in CHOICE_FIELDS
    }
    data["state"] = Participant.State.PROPOSED
    data["level"] = Level.TEAM
    for name in CHOICE_FIELDS:
        _resolve_choice(row, name, data)
    side = values.get("side", "")
    if not side:
        row.problems.append(Problem("side", _("The side is missing.")))
    elif _key(side) not in sides:
        row.problems.append(
            Problem(
                "side",
                _("Unknown side “%(side)s”. This dialogue's sides are: %(sides)s.")
                % {"side": side, "sides": ", ".join(s.name for s in sides.values())},
            )
        )
    else:
        data["side"] = str(sides[_key(side)].pk)
    protected = _key(values.get("protected", ""))
    if protected not in YES | NO:
        row.problems.append(Problem("protected", _("Write yes or no, or leave it empty.")))
    data["is_protected"] = "true" if protected in YES else "false"
    return data


class _RowForm:
    """The one-at-a-time form, built once and bound to each row in turn: building its
    fields costs more than checking a row, and a file may hold 2,000 rows."""

    def __init__(self, side_list):
        self.form = ParticipantForm(sides=side_list, creating=True)

    def bind(self, data) -> ParticipantForm:
        form = self.form
        form.is_bound, form.data, form._errors = True, data, None
        return form


def _validate(row: ImportRow, sides: dict, checker: _RowForm) -> None:
    data = _form_data(row, sides)
    form = checker.bind(data)
    reported = {problem.column for problem in row.problems}
    if not form.is_valid():
        for name, errors in form.errors.items():
            column = FIELD_COLUMNS.get(name, "")
            if column and column in reported:
                continue  # already said above, in the words of an import
            row.problems.extend(Problem(column, str(message)) for message in errors)
        return
    row.kwargs = form.service_kwargs()


def _index(people) -> dict:
    """People by e-mail address and by name: key → list of people."""
    index = {}
    for person in people:
        if person.email:
            index.setdefault(("email", _key(person.email)), []).append(person)
        index.setdefault(("name", _key(person.name)), []).append(person)
    return index


def _identity(row: ImportRow):
    email = row.values.get("email", "")
    return ("email", _key(email)) if email else ("name", _key(row.name))


def _match(row: ImportRow, seen: dict, taken: dict, reusable: dict) -> None:
    """Duplicates within the file, people already in the dialogue, people to link."""
    if not row.name:
        return
    key = _identity(row)
    column = "email" if key[0] == "email" else "name"
    if key in seen:
        row.problems.append(
            Problem(column, _("The same person as row %(row)d.") % {"row": seen[key]})
        )
        return
    seen[key] = row.number
    if key in taken:
        row.problems.append(Problem(column, _("Already a participant of this dialogue.")))
        return
    people = reusable.get(key, [])
    if len(people) > 1:
        row.problems.append(
            Problem(
                "name",
                _(
                    "%(n)d people from your other dialogues have this name: "
                    "add the e-mail address of the one you mean."
                )
                % {"n": len(people)},
            )
        )
    elif people:
        row.person = people[0]
        row.kwargs.pop("person_data", None)
        if row.kwargs:
            row.kwargs["person"] = row.person


def import_preview(*, actor, dialogue, table: list[list[str]]) -> ImportPreview:
    """Every row of `table` (a header, then rows, as read_table gives them) with its
    problems, and who it will be linked to. Writes nothing. Organizers only.

    Queries do not grow with the rows: the sides, the dialogue's participants and the
    people the organizer may reuse are each read once and compared here (names and
    addresses are encrypted: SQL cannot compare them)."""
    require_role(actor, dialogue, ORGANIZERS)
    preview = ImportPreview()
    if not table:
        preview.problems.append(_("The file is empty."))
        return preview
    header = [_key(cell).replace(" ", "_") for cell in table[0]]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        preview.problems.append(
            _("The first row must name the columns; these are missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
        return preview
    preview.ignored_columns = [
        cell for cell in header if cell and cell not in COLUMNS and cell not in IGNORED_COLUMNS
    ]
    if len(table) - 1 > MAX_ROWS:
        preview.problems.append(
            _("The file has more than %(max)d rows. Split it, and import each part.")
            % {"max": MAX_ROWS}
        )
        return preview
    side_list = selectors.dialogue_sides(dialogue)
    sides = {}
    for side in side_list:
        sides.setdefault(_key(side.name), side)
    taken = _index(
        p.person
        for p in Participant.objects.visible_to(actor).filter(dialogue=dialogue).with_person()
    )
    reusable = _index(
        selectors.reusable_persons(actor=actor, dialogue=dialogue).only("id", "name", "email")
    )
    checker = _RowForm(side_list)
    seen = {}
    for number, cells in enumerate(table[1:], start=2):
        values = {
            column: _cell(cell)
            for column, cell in zip(header, cells, strict=False)
            if column in COLUMNS
        }
        row = ImportRow(number=number, values=values)
        _validate(row, sides, checker)
        _match(row, seen, taken, reusable)
        preview.rows.append(row)
    return preview


def participants_import(*, actor, dialogue, table: list[list[str]], ip: str | None = None):
    """Add every row of `table` as a participant of `dialogue`, in one transaction: all of
    them, or, if any row has a problem now, none (raises ImportProblems). Organizers only.

    Audited as one event with the counts; names and addresses stay out of the log."""
    preview = import_preview(actor=actor, dialogue=dialogue, table=table)
    if not preview.is_importable:
        raise ImportProblems(preview)
    with transaction.atomic():
        for row in preview.rows:
            participant_create(actor=actor, dialogue=dialogue, **row.kwargs)
        audit_record(
            action=AuditEvent.Action.PARTICIPANTS_IMPORTED,
            actor=actor,
            dialogue=dialogue,
            ip=ip,
            detail={"rows": len(preview.rows), "linked": preview.linked},
        )
    return preview

"""Importing participants from a spreadsheet: every row checked as the form checks it, a
preview that imports nothing, then all rows in one transaction, audited; people kept once."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from participants.forms.imports import MAX_BYTES
from participants.models import Participant, Person
from participants.services import imports
from tests.factories import DialogueFactory, MembershipFactory, ParticipantFactory, PersonFactory
from trackii.lib.spreadsheet import read_table
from trackii.privacy.models import AuditEvent

HEADER = ["name", "side", "state", "email", "protected"]


def table(*rows):
    return [HEADER, *[list(row) for row in rows]]


def problems(preview):
    return {row.number: [(p.column, p.message) for p in row.problems] for row in preview.bad_rows}


@pytest.fixture
def preview(cast, sides):
    def run(*rows):
        return imports.import_preview(
            actor=cast["organizer"], dialogue=cast.dialogue, table=table(*rows)
        )

    return run


@pytest.fixture
def elsewhere(cast, sides):
    """A dialogue of the same organization that JUNIPER's organizer also organizes."""
    other = DialogueFactory(organization=cast.dialogue.organization)
    MembershipFactory(dialogue=other, user=cast["organizer"], role="organizer")
    return other


def test_preview_of_clean_rows_has_no_problems(preview):
    result = preview(["Amal Haddad", "North", "proposed", "amal@example.org", "no"])

    assert (result.is_importable, problems(result)) == (True, {})


def test_preview_reports_missing_and_unknown_side_and_unknown_state(preview):
    result = preview(
        ["Amal Haddad", "", "proposed", "", ""],
        ["Boris Petrov", "Westland", "", "", ""],
        ["Chen Li", "north", "maybe", "", ""],
    )

    assert problems(result) == {
        2: [("side", "The side is missing.")],
        3: [
            (
                "side",
                "Unknown side “Westland”. This dialogue's sides are: North, South, Conveners.",
            )
        ],
        4: [
            (
                "state",
                "Unknown state “maybe”. Use one of: proposed, vetted, invited, confirmed, "
                "declined, withdrawn.",
            )
        ],
    }
    assert result.is_importable is False


def test_preview_checks_with_the_forms_rules(preview):
    result = preview(["Amal Haddad", "North", "", "not-an-address", ""], ["", "North", "", "", ""])

    assert problems(result) == {
        2: [("email", "Enter a valid email address.")],
        3: [("name", "Type the person's name, or choose someone from the list.")],
    }


def test_preview_accepts_state_by_label_and_protected_as_yes(preview):
    result = preview(["Amal Haddad", "North", "Vetted", "", "Yes"])

    assert result.rows[0].kwargs["state"] == "vetted"
    assert result.rows[0].kwargs["person_data"]["is_protected"] is True


def test_preview_duplicate_within_file_names_the_first_row(preview):
    result = preview(
        ["Amal Haddad", "North", "", "amal@example.org", ""],
        ["A. Haddad", "South", "", "AMAL@example.org", ""],
        ["Boris Petrov", "North", "", "", ""],
        ["boris  petrov", "North", "", "", ""],
    )

    assert problems(result) == {
        3: [("email", "The same person as row 2.")],
        5: [("name", "The same person as row 4.")],
    }


def test_preview_person_already_in_this_dialogue_is_an_error(cast, sides, preview):
    ParticipantFactory(side=sides["north"], person=PersonFactory(email="amal@example.org"))

    result = preview(["Amal Haddad", "North", "", "amal@example.org", ""])

    assert problems(result) == {2: [("email", "Already a participant of this dialogue.")]}


def test_preview_links_someone_from_another_dialogue_by_email_or_name(
    cast, sides, elsewhere, preview
):
    by_email = PersonFactory(name="Amal H.", email="amal@example.org")
    by_name = PersonFactory(name="Boris Petrov")
    for person in (by_email, by_name):
        ParticipantFactory(side__dialogue=elsewhere, person=person)

    result = preview(
        ["Amal Haddad", "North", "", "amal@example.org", ""],
        ["Boris Petrov", "South", "", "", ""],
    )

    assert problems(result) == {}
    assert [row.person for row in result.rows] == [by_email, by_name]


def test_preview_never_matches_people_of_a_dialogue_the_organizer_does_not_organize(
    cast, sides, preview
):
    not_mine = DialogueFactory(organization=cast.dialogue.organization)
    ParticipantFactory(side__dialogue=not_mine, person=PersonFactory(email="amal@example.org"))
    ParticipantFactory(
        side__dialogue=cast.other_dialogue, person=PersonFactory(name="Boris Petrov")
    )

    result = preview(
        ["Amal Haddad", "North", "", "amal@example.org", ""],
        ["Boris Petrov", "South", "", "", ""],
    )

    assert [row.person for row in result.rows] == [None, None]


def test_preview_two_people_of_the_same_name_asks_for_the_address(cast, sides, elsewhere, preview):
    for _ in range(2):
        ParticipantFactory(side__dialogue=elsewhere, person=PersonFactory(name="Boris Petrov"))

    result = preview(["Boris Petrov", "South", "", "", ""])

    assert problems(result) == {
        2: [
            (
                "name",
                "2 people from your other dialogues have this name: add the e-mail address "
                "of the one you mean.",
            )
        ]
    }


def test_preview_file_without_a_side_column_says_so(cast, sides):
    result = imports.import_preview(
        actor=cast["organizer"], dialogue=cast.dialogue, table=[["name"], ["Amal"]]
    )

    assert result.problems == ["The first row must name the columns; these are missing: side."]


@pytest.mark.parametrize("n", [10, 60])
def test_preview_queries_do_not_grow_with_rows(
    cast, sides, elsewhere, n, django_assert_num_queries
):
    ParticipantFactory(side=sides["north"])
    ParticipantFactory(side__dialogue=elsewhere, person=PersonFactory(email="p3@example.org"))
    rows = table(*[[f"Person {i}", "North", "", f"p{i}@example.org", ""] for i in range(n)])

    # membership, sides, this dialogue's participants, the people to reuse
    with django_assert_num_queries(4):
        result = imports.import_preview(actor=cast["organizer"], dialogue=cast.dialogue, table=rows)

    assert (len(result.rows), result.linked) == (n, 1)


def test_preview_for_a_facilitator_is_denied(cast, sides):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        imports.import_preview(actor=cast["facilitator"], dialogue=cast.dialogue, table=table())


def test_import_adds_every_row_links_existing_people_and_audits_counts_only(cast, sides, elsewhere):
    known = PersonFactory(name="Amal H.", email="amal@example.org")
    ParticipantFactory(side__dialogue=elsewhere, person=known)

    imports.participants_import(
        actor=cast["organizer"],
        dialogue=cast.dialogue,
        table=table(
            ["Amal Haddad", "North", "", "amal@example.org", ""],
            ["Boris Petrov", "South", "vetted", "boris@example.org", "yes"],
        ),
        ip="203.0.113.9",
    )

    imported = Participant.objects.filter(dialogue=cast.dialogue).order_by("id")
    assert [(p.person.name, p.side.name, p.state, p.person.is_protected) for p in imported] == [
        ("Amal H.", "North", "proposed", False),
        ("Boris Petrov", "South", "vetted", True),
    ]
    assert imported[0].person == known
    assert Person.objects.filter(participations__dialogue=cast.dialogue).count() == 2
    event = AuditEvent.objects.get(action=AuditEvent.Action.PARTICIPANTS_IMPORTED)
    assert (event.actor, event.dialogue, event.detail) == (
        cast["organizer"],
        cast.dialogue,
        {"rows": 2, "linked": 1},
    )


def test_import_with_a_bad_row_imports_nothing(cast, sides):
    with pytest.raises(imports.ImportProblems) as raised:
        imports.participants_import(
            actor=cast["organizer"],
            dialogue=cast.dialogue,
            table=table(["Amal Haddad", "North", "", "", ""], ["Boris Petrov", "", "", "", ""]),
        )

    assert list(problems(raised.value.preview)) == [3]
    assert Participant.objects.filter(dialogue=cast.dialogue).count() == 0
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PARTICIPANTS_IMPORTED).exists()


def test_import_failing_midway_rolls_back_every_row(cast, sides, monkeypatch):
    real = imports.participant_create
    calls = []

    def fail_on_third(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise IntegrityError("the database refused the third row")
        return real(**kwargs)

    monkeypatch.setattr(imports, "participant_create", fail_on_third)

    with pytest.raises(IntegrityError):
        imports.participants_import(
            actor=cast["organizer"],
            dialogue=cast.dialogue,
            table=table(*[[f"Person {i}", "North", "", "", ""] for i in range(5)]),
        )

    assert Participant.objects.filter(dialogue=cast.dialogue).count() == 0
    assert Person.objects.count() == 0
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PARTICIPANTS_IMPORTED).exists()


# The pages


def upload(client, url, content: bytes, name="people.csv"):
    return client.post(url("import"), {"file": SimpleUploadedFile(name, content)})


def csv_bytes(*rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(table(*rows))
    return out.getvalue().encode()


def test_upload_shows_preview_and_imports_nothing_until_confirmed(cast, sides, client_for, url):
    client = client_for(cast["organizer"])

    response = upload(client, url, csv_bytes(["Amal Haddad", "North", "", "", ""]))

    assert response.status_code == 200
    assert "Import 1 participant" in response.content.decode()
    assert Participant.objects.filter(dialogue=cast.dialogue).count() == 0

    sealed = response.context["confirm"]["table"].value()
    assert "Amal" not in sealed
    response = client.post(url("import-confirm"), {"table": sealed}, follow=True)

    assert response.redirect_chain[-1][0] == url("list")
    assert "1 participant imported." in response.content.decode()
    assert [p.person.name for p in Participant.objects.filter(dialogue=cast.dialogue)] == [
        "Amal Haddad"
    ]


def test_upload_with_bad_rows_lists_them_and_offers_no_import(cast, sides, client_for, url):
    response = upload(
        client_for(cast["organizer"]),
        url,
        csv_bytes(["Amal Haddad", "Westland", "", "", ""], ["Boris Petrov", "North", "", "", ""]),
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert "1 row has a problem. Nothing will be imported until it is fixed" in body
    assert "Unknown side “Westland”" in body
    assert response.context["confirm"] is None


def test_confirm_of_a_tampered_preview_imports_nothing(cast, sides, client_for, url):
    response = client_for(cast["organizer"]).post(url("import-confirm"), {"table": "enc1:forged"})

    assert response.status_code == 422
    assert "This preview cannot be read. Upload the file again." in response.content.decode()
    assert Participant.objects.filter(dialogue=cast.dialogue).count() == 0


def test_preview_sealed_for_another_organizer_does_not_open(cast, sides, client_for, url):
    from trackii.privacy.crypto import seal

    sealed = seal(table(["Amal", "North", "", "", ""]), purpose="participants.import:1:999999")

    response = client_for(cast["organizer"]).post(url("import-confirm"), {"table": sealed})

    assert response.status_code == 422
    assert Participant.objects.filter(dialogue=cast.dialogue).count() == 0


def test_upload_too_large_says_the_limit(cast, sides, client_for, url):
    response = upload(client_for(cast["organizer"]), url, b"name,side\n" + b"x" * MAX_BYTES)

    assert response.status_code == 422
    assert "the limit is 2.0\xa0MB" in response.content.decode()


def test_upload_of_an_image_named_csv_is_refused_by_content(cast, sides, client_for, url):
    response = upload(client_for(cast["organizer"]), url, b"\x89PNG\r\n\x1a\n\x00\x00\x00\r")

    assert response.status_code == 422
    assert "This is not a CSV or XLSX file." in response.content.decode()


def test_upload_with_too_many_rows_says_the_limit(cast, sides, client_for, url):
    rows = [[f"P{i}", "North", "", "", ""] for i in range(imports.MAX_ROWS + 1)]

    response = upload(client_for(cast["organizer"]), url, csv_bytes(*rows))

    assert response.status_code == 422
    assert "The file has more than 2000 rows." in response.content.decode()


def test_template_csv_has_the_columns_and_an_example_on_a_real_side(cast, sides, client_for, url):
    response = client_for(cast["organizer"]).get(url("import-template", kind="csv"))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == list(imports.COLUMNS)
    assert dict(zip(rows[0], rows[1], strict=True))["side"] == "North"


def test_template_xlsx_reads_back_as_a_valid_import(cast, sides, client_for, url):
    response = client_for(cast["organizer"]).get(url("import-template", kind="xlsx"))

    rows = read_table(response.content, max_rows=10)
    result = imports.import_preview(actor=cast["organizer"], dialogue=cast.dialogue, table=rows)
    assert rows[0] == list(imports.COLUMNS)
    assert (result.is_importable, len(result.rows)) == (True, 1)


def test_upload_too_much_text_to_post_back_offers_no_import(cast, sides, client_for, url, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 6_000
    rows = [[f"Person {i}", "North", "", f"person{i}@example.org", ""] for i in range(400)]

    response = upload(client_for(cast["organizer"]), url, csv_bytes(*rows))

    assert response.status_code == 422
    assert "This file holds too much text to import at once." in response.content.decode()
    assert response.context["confirm"] is None


def test_import_page_documents_columns_and_their_values(cast, sides, client_for, url):
    response = client_for(cast["organizer"]).get(url("import"))

    guide = {column: values for column, _help, values in response.context["columns"]}
    assert list(guide) == list(imports.COLUMNS)
    assert guide["state"] == ["proposed", "vetted", "invited", "confirmed", "declined", "withdrawn"]
    assert guide["level"] == ["dialogue", "team"]
    assert "<code>withdrawn</code>" in response.content.decode()


def test_confirm_refused_midway_says_nothing_was_imported(
    cast, sides, client_for, url, monkeypatch
):
    client = client_for(cast["organizer"])
    rows = [[f"Person {i}", "North", "", "", ""] for i in range(3)]
    sealed = upload(client, url, csv_bytes(*rows)).context["confirm"]["table"].value()
    real = imports.participant_create

    def refuse_the_last(**kwargs):
        if kwargs["person_data"]["name"] == "Person 2":
            raise ValidationError("Choose one of this dialogue's sides.")
        return real(**kwargs)

    monkeypatch.setattr(imports, "participant_create", refuse_the_last)

    response = client.post(url("import-confirm"), {"table": sealed})

    assert response.status_code == 422
    assert (
        "Nothing was imported: Choose one of this dialogue&#x27;s sides. Upload the file again."
        in response.content.decode()
    )
    assert Participant.objects.filter(dialogue=cast.dialogue).count() == 0

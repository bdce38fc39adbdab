"""The organizers' CSV export: audited, named by the code name, formula-safe."""

import csv
import io

import pytest

from tests.factories import ParticipantFactory, PersonFactory, VettingNoteFactory
from trackii.privacy.levels import Level
from trackii.privacy.models import AuditEvent


def read_csv(response):
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def exported(cast, sides):
    cast.dialogue.title = "Secret talks on the river"
    cast.dialogue.save()
    protected = ParticipantFactory(
        side=sides["south"],
        person=PersonFactory(name="Jon Protected", is_protected=True, email="jon@example.org"),
    )
    VettingNoteFactory(participant=protected, text="Vetting text never exported")
    ParticipantFactory(
        side=sides["north"],
        person=PersonFactory(name='=HYPERLINK("http://evil.example","click")', phone="+1 555"),
    )
    return protected


def test_export_for_organizer_is_a_csv_attachment_named_by_code_name(
    cast, exported, client_for, url
):
    response = client_for(cast["organizer"]).get(url("export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="JUNIPER-participants.csv"'


def test_export_never_names_the_real_title(cast, exported, client_for, url):
    response = client_for(cast["organizer"]).get(url("export"))

    body = b"".join(response.streaming_content).decode()
    assert "Secret talks" not in body
    assert "Secret talks" not in response["Content-Disposition"]


def test_export_for_organizer_has_real_names_and_protected_flag(cast, exported, client_for, url):
    rows = read_csv(client_for(cast["organizer"]).get(url("export")))

    protected = next(r for r in rows if r["id"] == str(exported.pk))
    assert (protected["name"], protected["protected"], protected["email"]) == (
        "Jon Protected",
        "yes",
        "jon@example.org",
    )


def test_export_neutralizes_formulas(cast, exported, client_for, url):
    rows = read_csv(client_for(cast["organizer"]).get(url("export")))

    formula = next(r for r in rows if r["side"] == "North")
    assert formula["name"] == '\'=HYPERLINK("http://evil.example","click")'
    assert formula["phone"] == "'+1 555"


def test_export_leaves_out_vetting_notes(cast, exported, client_for, url):
    response = client_for(cast["organizer"]).get(url("export"))

    assert "Vetting text never exported" not in b"".join(response.streaming_content).decode()


def test_export_is_audited_with_the_number_of_rows(cast, exported, client_for, url):
    client_for(cast["organizer"]).get(url("export"))

    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.actor, event.dialogue, event.detail) == (
        cast["organizer"],
        cast.dialogue,
        {"rows": 2, "kind": "participants"},
    )


@pytest.mark.parametrize("who", ["facilitator", "participant", "observer", "funder"])
def test_export_for_other_roles_answers_403_and_is_not_audited(
    who, cast, exported, client_for, url
):
    response = client_for(cast[who]).get(url("export"))

    assert response.status_code == 403
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists() is False


def test_export_leaves_out_participants_the_organizer_may_not_read(cast, sides, client_for, url):
    ParticipantFactory(side=sides["north"], level=Level.RESTRICTED, author=cast["facilitator"])

    rows = read_csv(client_for(cast["organizer"]).get(url("export")))

    assert rows == []


# user, membership (2; session from the cache); the actor's membership, rows, audit insert
# inside its savepoint (2 for the savepoint, 1 insert).
@pytest.mark.parametrize("size", [3, 30])
def test_export_query_count_is_fixed(size, cast, sides, client_for, url, django_assert_num_queries):
    ParticipantFactory.create_batch(size, side=sides["north"])
    client = client_for(cast["organizer"])

    with django_assert_num_queries(7):
        response = client.get(url("export"))
        rows = read_csv(response)

    assert len(rows) == size

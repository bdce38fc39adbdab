"""The participant list: who sees which fields, filters, htmx, pagination, query counts."""

import pytest

from tests.factories import ParticipantFactory, PersonFactory, RoundParticipationFactory
from trackii.privacy.levels import Level


@pytest.fixture
def people(sides):
    return {
        "open": ParticipantFactory(
            side=sides["north"],
            state="vetted",
            person=PersonFactory(
                name="Amal Open",
                affiliation="Harbour Institute",
                position="Director",
                position_kind="academic",
                country="Northland",
                email="amal@example.org",
                phone="+47 555 0101",
            ),
        ),
        "protected": ParticipantFactory(
            side=sides["south"],
            state="proposed",
            person=PersonFactory(
                name="Boris Hidden",
                affiliation="Ministry of Water",
                position="Deputy minister",
                position_kind="official",
                country="Southland",
                is_protected=True,
            ),
        ),
        "team": ParticipantFactory(
            side=sides["south"],
            level=Level.TEAM,
            state="confirmed",
            person=PersonFactory(name="Chen Teamonly", position_kind="journalist"),
        ),
    }


def test_participant_list_for_participant_shows_pseudonym_and_no_identity_fields(
    cast, people, seat, client_for, url
):
    seat(people["open"], people["protected"])

    page = client_for(cast["participant"]).get(url("list")).text

    assert people["protected"].pseudonym in page
    assert "Amal Open" in page
    assert "Boris Hidden" not in page
    assert "Harbour Institute" not in page
    assert "Director" not in page
    assert "Northland" not in page


def test_participant_list_for_participant_hides_team_level_participants(
    cast, people, client_for, url
):
    page = client_for(cast["participant"]).get(url("list")).text

    assert "Chen Teamonly" not in page


def test_participant_list_for_observer_hides_identity_fields(cast, people, client_for, url):
    page = client_for(cast["observer"]).get(url("list")).text

    assert "Harbour Institute" not in page
    assert "Vetted" not in page


def test_participant_list_for_facilitator_shows_identity_of_unprotected_person(
    cast, people, client_for, url
):
    page = client_for(cast["facilitator"]).get(url("list")).text

    assert "Harbour Institute" in page
    assert "Director" in page
    assert "Northland" in page
    assert "Chen Teamonly" in page


def test_participant_list_for_facilitator_hides_identity_of_protected_person(
    cast, people, client_for, url
):
    page = client_for(cast["facilitator"]).get(url("list")).text

    assert people["protected"].pseudonym in page
    assert "Boris Hidden" not in page
    assert "Ministry of Water" not in page
    assert "Deputy minister" not in page
    assert "Southland" not in page


def test_participant_list_for_organizer_shows_protected_identity(cast, people, client_for, url):
    page = client_for(cast["organizer"]).get(url("list")).text

    assert "Boris Hidden" in page
    assert "Ministry of Water" in page
    assert people["protected"].pseudonym not in page


def test_participant_list_never_shows_contact_details(cast, people, client_for, url):
    page = client_for(cast["organizer"]).get(url("list")).text

    assert "amal@example.org" not in page
    assert "+47 555 0101" not in page


def rows_of(response):
    return [row["name"] for row in response.context["rows"]]


def test_participant_list_filtered_by_side_shows_that_side_only(
    cast, people, sides, client_for, url
):
    response = client_for(cast["organizer"]).get(url("list"), {"side": sides["south"].pk})

    assert rows_of(response) == ["Boris Hidden", "Chen Teamonly"]


def test_participant_list_filtered_by_state_for_team(cast, people, client_for, url):
    response = client_for(cast["facilitator"]).get(url("list"), {"state": "vetted"})

    assert rows_of(response) == ["Amal Open"]


def test_participant_list_ignores_state_filter_for_participant(cast, people, seat, client_for, url):
    seat(people["open"], people["protected"])

    response = client_for(cast["participant"]).get(url("list"), {"state": "vetted"})

    assert rows_of(response) == ["Amal Open", people["protected"].pseudonym, "Vera Viewer"]


def test_participant_list_for_participant_shows_only_who_is_confirmed_for_their_rounds(
    cast, sides, people, seat, client_for, url
):
    seat(people["open"])
    seat(people["protected"], state="invited")
    elsewhere = ParticipantFactory(
        side=sides["north"], state="confirmed", person=PersonFactory(name="Dana Elsewhere")
    )
    RoundParticipationFactory(participant=elsewhere, round__dialogue=cast.dialogue)

    response = client_for(cast["participant"]).get(url("list"))

    assert rows_of(response) == ["Amal Open", "Vera Viewer"]


def test_participant_list_for_observer_shows_confirmed_participants_only(
    cast, people, seat, client_for, url
):
    seat(people["open"])

    response = client_for(cast["observer"]).get(url("list"))

    assert rows_of(response) == ["Amal Open", "Vera Viewer"]


def test_participant_list_filtered_by_kind_matches_protected_people_for_organizer(
    cast, people, client_for, url
):
    response = client_for(cast["organizer"]).get(url("list"), {"position_kind": "official"})

    assert rows_of(response) == ["Boris Hidden"]


def test_participant_list_filtered_by_kind_never_reveals_protected_kind_to_facilitator(
    cast, people, client_for, url
):
    response = client_for(cast["facilitator"]).get(url("list"), {"position_kind": "official"})

    assert rows_of(response) == []
    assert "No participants match these filters." in response.text


def test_participant_list_with_side_of_another_dialogue_shows_error_and_all_rows(
    cast, people, client_for, url
):
    foreign = ParticipantFactory(side__dialogue=cast.other_dialogue).side

    response = client_for(cast["organizer"]).get(url("list"), {"side": foreign.pk})

    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert rows_of(response) == ["Amal Open", "Boris Hidden", "Chen Teamonly"]


def test_participant_list_htmx_request_returns_the_table_fragment_only(
    cast, people, sides, client_for, url
):
    response = client_for(cast["organizer"]).get(
        url("list"), {"side": sides["north"].pk}, headers={"HX-Request": "true"}
    )

    assert response.text.lstrip().startswith('<div id="participant-table">')
    assert "<html" not in response.text
    assert "Amal Open" in response.text
    assert "Boris Hidden" not in response.text


def test_participant_list_htmx_fragment_for_participant_hides_identity(
    cast, people, client_for, url
):
    response = client_for(cast["participant"]).get(url("list"), headers={"HX-Request": "true"})

    assert "Harbour Institute" not in response.text
    assert "Boris Hidden" not in response.text


def test_participant_list_paginates_by_fifty(cast, sides, client_for, url):
    ParticipantFactory.create_batch(51, side=sides["north"])

    response = client_for(cast["organizer"]).get(url("list"))

    assert len(response.context["rows"]) == 50
    assert "Page 1 of 2" in response.text


def test_participant_list_filter_form_for_participant_offers_side_only(
    cast, people, client_for, url
):
    response = client_for(cast["participant"]).get(url("list"))

    assert list(response.context["form"].fields) == ["side"]


def test_participant_list_links_to_add_and_export_for_organizer_only(cast, people, client_for, url):
    organizer_page = client_for(cast["organizer"]).get(url("list")).text
    facilitator_page = client_for(cast["facilitator"]).get(url("list")).text

    assert url("create") in organizer_page
    assert url("export") in organizer_page
    assert url("create") not in facilitator_page
    assert url("export") not in facilitator_page


def grow(sides, size, seat):
    """`size` participants, confirmed for the round the cast's participant is in."""
    seat(
        *(
            ParticipantFactory(
                side=sides["north" if i % 2 else "south"],
                person=PersonFactory(is_protected=bool(i % 3), gender="woman"),
            )
            for i in range(size)
        )
    )


# user, membership (2; session from the cache); sides; count and page (2); balance (1);
# the upcoming rounds and their confirmed counts per side (2); for organizers, the coming
# rounds the bulk actions offer (1).
@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize(("who", "queries"), [("organizer", 9), ("participant", 5)])
def test_participant_list_query_count_is_fixed(
    who, queries, size, cast, sides, seat, client_for, url, django_assert_num_queries
):
    grow(sides, size, seat)
    client = client_for(cast[who])

    with django_assert_num_queries(queries):
        response = client.get(url("list"))

    assert response.status_code == 200


@pytest.fixture
def declined(sides):
    return ParticipantFactory(
        side=sides["north"], state="declined", person=PersonFactory(name="Kai Declined")
    )


@pytest.mark.parametrize("who", ["participant", "observer"])
def test_participant_list_leaves_out_people_who_declined_for_non_team(
    who, cast, declined, client_for, url
):
    page = client_for(cast[who]).get(url("list")).text

    assert "Kai Declined" not in page


def test_participant_list_shows_people_who_declined_to_the_team(cast, declined, client_for, url):
    page = client_for(cast["facilitator"]).get(url("list")).text

    assert "Kai Declined" in page


def test_participant_detail_of_someone_who_declined_for_participant_answers_404(
    cast, declined, client_for, url
):
    response = client_for(cast["participant"]).get(url("detail", participant_id=declined.pk))

    assert response.status_code == 404


def test_participant_list_htmx_history_restore_gets_the_full_page(cast, people, client_for, url):
    response = client_for(cast["organizer"]).get(
        url("list"), headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    assert "<html" in response.text
    assert response["Vary"].count("HX-Request") == 1

"""The console's panel forms are fetched when their panel is opened (issue 19)."""

import pytest

from facilitation import entries
from tests.facilitation.test_console_views import url


def form_url(w, name):
    return url(w, "console-form", panel=name)


def reading_action(w):
    return url(w, "console-reading")


def test_console_renders_no_panel_form_but_the_links_that_fetch_them(console_world, client_for):
    w = console_world

    html = client_for(w["facilitator"]).get(url(w)).content.decode()

    assert f'action="{reading_action(w)}"' not in html
    assert f'action="{url(w, "console-close")}"' not in html
    assert f'action="{url(w, "console-reading-link")}"' not in html
    for name in ("reading", "link", "close"):
        assert f'hx-get="{form_url(w, name)}"' in html
        assert f'href="{form_url(w, name)}#' in html
    assert 'id="quick-entry"' in html


def test_opened_panel_with_htmx_answers_the_form_only(console_world, client_for):
    w = console_world

    response = client_for(w["facilitator"]).get(form_url(w, "reading"), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'action="{reading_action(w)}"' in html
    assert "Northern Council" in html
    assert "<html" not in html


def test_opened_link_panel_lists_the_open_links_with_their_side(console_world, client_for):
    w = console_world
    entries.reading_link_create(actor=w["facilitator"], session=w.session, hours=2, side=w.river)

    html = (
        client_for(w["facilitator"])
        .get(form_url(w, "link"), HTTP_HX_REQUEST="true")
        .content.decode()
    )

    assert "Link for <bdi>Riverlands Alliance</bdi>" in html
    assert "Revoke" in html


def test_opened_panel_without_javascript_shows_the_console_with_that_form_open(
    console_world, client_for
):
    w = console_world

    response = client_for(w["facilitator"]).get(form_url(w, "close"), follow=True)

    html = response.content.decode()
    assert response.redirect_chain == [(f"{url(w)}?open=close#closing", 302)]
    assert response.status_code == 200
    assert f'action="{url(w, "console-close")}"' in html
    assert f'action="{reading_action(w)}"' not in html
    assert 'id="quick-entry"' in html


def test_panel_form_for_a_facilitator_who_only_reads_the_session_is_forbidden(
    console_world, client_for
):
    w = console_world

    response = client_for(w["other_facilitator"]).get(
        form_url(w, "reading"), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 403


def test_unknown_panel_form_is_not_found(console_world, client_for):
    w = console_world

    response = client_for(w["facilitator"]).get(form_url(w, "summary"), HTTP_HX_REQUEST="true")

    assert response.status_code == 404


def test_refused_reading_shows_the_console_with_its_form_open_and_the_errors(
    console_world, client_for
):
    w = console_world

    response = client_for(w["facilitator"]).post(reading_action(w), {"client_key": "x"})

    html = response.content.decode()
    assert response.status_code == 422
    assert f'action="{reading_action(w)}"' in html
    assert '<details class="console-details" open>' in html


@pytest.mark.parametrize("name", ["reading", "link", "close"])
def test_panel_form_query_count_is_fixed(
    console_world, client_for, django_assert_num_queries, name
):
    w = console_world
    for side in (w.north, w.river):
        entries.reading_link_create(actor=w["facilitator"], session=w.session, hours=2, side=side)
    client = client_for(w["facilitator"])

    # user, membership (2); the session (1); sides (1); attendance, summary (2); the
    # reading links of the link form (1).
    with django_assert_num_queries(7 if name == "link" else 6):
        response = client.get(form_url(w, name), HTTP_HX_REQUEST="true")

    assert response.status_code == 200

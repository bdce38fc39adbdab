"""Hostile and malformed requests never get a 500.

1. Every case of the privacy matrix, sent by every visitor with the other method (GET for
   POST and the reverse) and with ids nobody has: never a 500, and a visitor the case
   denies is still denied (403, 404, 405, a redirect to the login page, or 429).
3. Every page of the matrix (its GET cases), with hostile values in every query parameter
   a page reads (GET filters included): never a 500, never markup unescaped.
2. Every form of the matrix (its POST cases), sent by the roles allowed to send it, with
   its own data mutated by hypothesis into markup, SQL fragments, null bytes,
   right-to-left marks, 1 MB strings, wrong types: never a 500, the markup never comes
   back unescaped, a null byte is never stored, and a refused request stores nothing.
"""

import zlib

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests.privacy.url_cases import CASES, VISITORS
from tests.privacy.world import plant
from tests.security.hostile import (
    IMG,
    POST_CASES,
    SCRIPT,
    allowed_visitors,
    contains_null,
    filter_form_fields,
    garbage_kwargs,
    hostile_data,
    hostile_value,
    row_counts,
    stored_null_bytes,
    unescaped_markup,
)

DENIED = {403, 404}
STILL_DENIED = {403, 404, 405, 302, 429}


@pytest.fixture
def world(cast):
    return plant(cast)


def _send(client, method, url, data):
    with transaction.atomic():
        response = getattr(client, method)(url, data=data)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
@override_settings(HEALTHZ_CHECK_WORKER=False)
def test_case_with_other_method_or_unknown_ids_never_answers_500(case, world, client_for):
    kwargs = case.kwargs(world)
    other = "get" if case.method == "post" else "post"
    # The other method's denial is checked here unless the matrix declares it itself.
    variants = [(other, kwargs, case.data(world))]
    if (garbage := garbage_kwargs(kwargs)) is not None:
        variants.append((case.method, garbage, case.data(world)))
    answers = {}

    for who in VISITORS:
        for method, url_kwargs, data in variants:
            client = client_for(world.cast[who])
            url = reverse(case.url_name, kwargs=url_kwargs)
            answers[(who, method.upper(), url)] = _send(client, method, url, data).status_code

    errors = {key: status for key, status in answers.items() if status >= 500}
    assert errors == {}
    let_through = {
        (who, method, url): status
        for (who, method, url), status in answers.items()
        if case.expect[who] in DENIED
        and status not in STILL_DENIED
        and (case.url_name, method.lower()) not in DECLARED
    }
    assert let_through == {}


#: (url name, method) of the matrix's cases: a method the matrix declares is checked there.
DECLARED = {(case.url_name, case.method) for case in CASES}
HOSTILE_CASES = [(case, who) for case in POST_CASES for who in allowed_visitors(case)]


@pytest.mark.filterwarnings("ignore:Generating overly large repr")  # the megabyte
@pytest.mark.parametrize(("case", "who"), HOSTILE_CASES, ids=lambda v: getattr(v, "id", v))
@override_settings(HEALTHZ_CHECK_WORKER=False)
def test_form_with_hostile_values_never_answers_500_nor_reflects_markup(
    case, who, world, client_for
):
    url = reverse(case.url_name, kwargs=case.kwargs(world))

    def check(data):
        with transaction.atomic():
            client = client_for(world.cast[who])
            before = row_counts()

            response = client.post(url, data=data)

            assert response.status_code < 500, f"POST {url} as {who}"
            assert unescaped_markup(response) == [], f"POST {url} as {who}"
            if response.status_code == 302 and response.url.startswith("/"):
                page = client.get(response.url)
                assert page.status_code < 500, f"GET {response.url} after POST {url} as {who}"
                assert unescaped_markup(page) == [], f"GET {response.url} as {who}"
            if contains_null(data):
                assert stored_null_bytes() == [], f"POST {url} as {who}"
            if 400 <= response.status_code < 500:
                assert row_counts() == before, f"POST {url} as {who}: refused, yet stored"
            transaction.set_rollback(True)

    # Markup in each field in turn, the others valid: it reaches the service and the page
    # shown next (stored, then rendered).
    original = case.data(world)
    for key in original:
        check({**original, key: SCRIPT + IMG})

    # Then what hypothesis makes of it: seeded per case, so every run sends the same.
    @seed(zlib.crc32(f"{case.id}-{who}".encode()))
    @settings(
        max_examples=5,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=hostile_data(original))
    def send_hostile(data):
        check(data)

    send_hostile()


#: Every query parameter a page reads: those read by hand in views, and the fields of the
#: forms pages bind to their query string.
GET_PARAMETERS = sorted(
    {
        "page",
        "picker",
        "term",
        "since",
        "earlier",
        "show",
        "saved",
        "lang",
        "funder",
        "next",
        "year",
        "month",
        "week",
        "day",
        "p",
        *filter_form_fields(),
    }
)
GET_CASES = [
    (case, who) for case in CASES if case.method == "get" for who in allowed_visitors(case)
]


@pytest.mark.filterwarnings("ignore:Generating overly large repr")  # the megabyte
@pytest.mark.parametrize(("case", "who"), GET_CASES, ids=lambda v: getattr(v, "id", v))
@override_settings(HEALTHZ_CHECK_WORKER=False)
def test_page_with_hostile_query_parameters_never_answers_500_nor_reflects_markup(
    case, who, world, client_for
):
    """GET filters and query parameters: markup in every parameter at once, then what
    hypothesis makes of them (seeded per case): never a 500, never markup unescaped."""
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    client = client_for(world.cast[who])

    def check(params):
        with transaction.atomic():
            response = client.get(url, data=params)
            transaction.set_rollback(True)
        assert response.status_code < 500, f"GET {url} {sorted(params)} as {who}"
        assert unescaped_markup(response) == [], f"GET {url} as {who}"

    check(dict.fromkeys(GET_PARAMETERS, SCRIPT + IMG))

    @seed(zlib.crc32(f"get-{case.id}-{who}".encode()))
    @settings(
        max_examples=2,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(params=st.dictionaries(st.sampled_from(GET_PARAMETERS), hostile_value, min_size=1))
    def send_hostile(params):
        check(params)

    send_hostile()

"""Every URL of the project, requested by every kind of visitor: the main safety net.

For each case and visitor: the status code is exactly the one declared, and no
canary the visitor may not read appears anywhere in the response, headers included.
"""

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.privacy.url_cases import CASES, VISITORS


def all_url_names(patterns=None, namespace=None):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = (
                p.namespace
                if not namespace
                else f"{namespace}:{p.namespace}"
                if p.namespace
                else namespace
            )
            yield from all_url_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}:{p.name}" if namespace else (p.name or str(p.pattern))


def test_every_url_pattern_has_a_privacy_case():
    covered = {case.url_name for case in CASES}

    missing = sorted(set(all_url_names()) - covered)

    assert missing == [], (
        f"URL patterns without a privacy case in tests/privacy/url_cases.py: {missing}"
    )


def test_every_case_names_every_visitor():
    incomplete = [case.id for case in CASES if set(case.expect) != set(VISITORS)]

    assert incomplete == []


@pytest.mark.parametrize("who", VISITORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
@override_settings(HEALTHZ_CHECK_WORKER=False)
def test_url_as_visitor_answers_declared_status_and_leaks_nothing(case, who, world, client_for):
    """Also: every answer carries the strict CSP, and answers to logged-in users are
    no-store (checked on the same request, so the matrix runs once)."""
    client = client_for(world.cast[who])
    url = reverse(case.url_name, kwargs=case.kwargs(world))

    response = getattr(client, case.method)(url, data=case.data(world))

    assert response.status_code == case.expect[who], f"{case.method.upper()} {url} as {who}"
    # Streamed responses (CSV exports) are read to the end: their rows are checked too.
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode(errors="replace")
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
    leaked = sorted(c for c in world.forbidden_for(who) if c in body or c in headers)
    assert leaked == [], f"{url} as {who} shows {leaked}"
    csp = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    if who != "anonymous":
        assert "no-store" in response.headers.get("Cache-Control", "")


@pytest.mark.parametrize("who", ["other_member", "outsider"])
@override_settings(HEALTHZ_CHECK_WORKER=False)
def test_every_url_as_htmx_request_of_non_member_answers_declared_status_and_leaks_nothing(
    who, world, client_for
):
    """The same URLs asked for as htmx fragments (HX-Request), by a member of another
    organization and by a user with no membership: the same answer as a plain request and
    no canary. One world for all: none of these requests may change anything, so a case
    that did would show as a wrong answer to a later one."""
    client = client_for(world.cast[who])
    wrong = []

    # The visitor's own account pages are left out: logging out is one of them.
    for case in [c for c in CASES if not c.url_name.startswith(("accounts:", "passkeys:"))]:
        url = reverse(case.url_name, kwargs=case.kwargs(world))
        response = getattr(client, case.method)(
            url, data=case.data(world), headers={"HX-Request": "true"}
        )
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode(errors="replace")
        leaked = sorted(c for c in world.forbidden_for(who) if c in body)
        if response.status_code != case.expect[who] or leaked:
            wrong.append((case.id, response.status_code, case.expect[who], leaked))

    assert wrong == []

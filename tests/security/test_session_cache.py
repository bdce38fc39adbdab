"""Sessions are read through the cache (trackii.lib.sessions) and keep working when the
cache cannot be reached: the database is the record."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse

from tests.security.conftest import password_step


@pytest.fixture
def cache_down(monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    def take_down():
        for name in ("get", "set", "delete", "has_key"):
            monkeypatch.setattr(cache, name, down)

    return take_down


def test_logged_in_page_reads_the_session_from_the_cache(
    cast, client_for, django_assert_num_queries
):
    client = client_for(cast["participant"])

    # the user, the home page's memberships and organization memberships
    with django_assert_num_queries(3) as captured:
        response = client.get(reverse("home"))

    assert response.status_code == 200
    assert all("django_session" not in q["sql"] for q in captured.captured_queries)


def test_login_page_and_logout_work_with_the_cache_down(cast, client, cache_down):
    cache_down()

    password_step(client, cast["participant"].email)
    key = client.session.session_key
    assert client.get(reverse("home")).status_code == 200

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("home")).status_code == 302  # to the login page

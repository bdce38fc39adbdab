"""Sessions: a new key at login, a fixed lifetime, the idle timeout, ending other sessions,
disabled accounts, logout, and the cookies in production."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.security.conftest import password_step
from trackii.accounts import services, session_state
from trackii.accounts.models import UserSession

ROOT = Path(__file__).resolve().parents[2]


def set_last_seen(client, seconds_ago):
    session = client.session
    session[session_state.LAST_SEEN_KEY] = session_state.now() - seconds_ago
    session.save()


def other_client(user):
    other = Client()
    other.force_login(user)
    return other


def expire_date(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_login_gives_a_new_session_key(cast, client, settings):
    session = client.session
    session["probe"] = 1
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    assert client.session["probe"] == 1

    password_step(client, cast["participant"].email)

    assert client.session.session_key != session.session_key
    assert client.session["_auth_user_id"] == str(cast["participant"].pk)


def test_session_ends_twelve_hours_after_login_however_active(cast, client):
    password_step(client, cast["participant"].email)
    at_login = expire_date(client)
    set_last_seen(client, 2 * 60)

    client.get("/")  # activity is written to the session

    assert abs(at_login - (timezone.now() + timedelta(hours=12))) < timedelta(seconds=30)
    assert expire_date(client) == at_login


def test_idle_session_is_logged_out_with_a_message(cast, client_for):
    client = client_for(cast["participant"])
    set_last_seen(client, 31 * 60)

    response = client.get("/accounts/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/"
    assert "_auth_user_id" not in client.session
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "You were logged out after 30 minutes without activity."
    ]


def test_session_used_within_the_timeout_stays(cast, client_for):
    client = client_for(cast["participant"])
    set_last_seen(client, 29 * 60)

    response = client.get("/")

    assert response.status_code == 200


def test_idle_timeout_follows_the_setting(cast, client_for, settings):
    settings.SESSION_IDLE_TIMEOUT = 5 * 60
    client = client_for(cast["participant"])
    set_last_seen(client, 6 * 60)

    response = client.get("/")

    assert response["Location"] == "/accounts/login/?next=/"


def test_activity_is_written_at_most_once_a_minute(cast, client_for):
    client = client_for(cast["participant"])
    set_last_seen(client, 30)
    before = client.session[session_state.LAST_SEEN_KEY]

    client.get("/")
    unchanged = client.session[session_state.LAST_SEEN_KEY]
    set_last_seen(client, 61)
    # Read the clock before the request, not after: a slow request must not fail the test.
    sent_at = session_state.now()
    client.get("/")

    assert unchanged == before
    assert sent_at <= client.session[session_state.LAST_SEEN_KEY] <= session_state.now()


def test_log_out_other_sessions_keeps_this_one(cast, client_for):
    participant = cast["participant"]
    others = [other_client(participant), other_client(participant)]
    stranger = other_client(cast["observer"])
    client = client_for(participant)

    response = client.post(reverse("accounts:sessions-end-others"))

    assert response["Location"] == reverse("accounts:account")
    assert [o.get("/").status_code for o in others] == [302, 302]
    assert stranger.get("/").status_code == 200
    assert client.get("/").status_code == 200
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "2 other sessions are logged out."
    ]


def test_account_page_lists_the_users_live_sessions(cast, client_for):
    participant = cast["participant"]
    password_step(Client(headers={"User-Agent": "Firefox on the office laptop"}), participant.email)
    password_step(Client(headers={"User-Agent": "Someone else's browser"}), cast["observer"].email)
    client = client_for(participant)

    response = client.get(reverse("accounts:account"))

    assert response.status_code == 200
    assert "Firefox on the office laptop" in response.text
    assert "Someone else" not in response.text
    assert response.text.count("(this one)") == 1


def test_disabling_a_user_ends_all_their_sessions(cast, client_for):
    participant = cast["participant"]
    other = other_client(participant)
    client = client_for(participant)
    staff = UserFactory(is_staff=True)

    services.user_disable(actor=staff, user=participant)

    assert not UserSession.objects.filter(user=participant).exists()
    assert client.get("/").status_code == 302
    assert other.get("/").status_code == 302


def test_disabling_a_user_is_for_staff_only(cast):
    with pytest.raises(PermissionDenied):
        services.user_disable(actor=cast["organizer"], user=cast["participant"])


def test_saving_a_user_as_inactive_anywhere_ends_their_sessions(cast, client_for):
    participant = cast["participant"]
    client = client_for(participant)
    key = client.session.session_key

    participant.is_active = False
    participant.save()

    assert not Session.objects.filter(session_key=key).exists()


def test_logout_clears_site_data_and_the_session(cast, client_for):
    client = client_for(cast["participant"])
    key = client.session.session_key

    response = client.post(reverse("accounts:logout"))

    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert not UserSession.objects.filter(session_key=key).exists()
    assert not Session.objects.filter(session_key=key).exists()


def production_settings(**overrides):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "trackii.settings",
        "SECRET_KEY": "k" * 64,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/trackii",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "ALLOWED_HOSTS": "x.example.org",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        **overrides,
    }
    names = [
        "DEBUG",
        "SESSION_COOKIE_NAME",
        "CSRF_COOKIE_NAME",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SAMESITE",
        "SESSION_COOKIE_AGE",
        "SESSION_SAVE_EVERY_REQUEST",
        "SESSION_IDLE_TIMEOUT",
    ]
    probe = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))"
    )
    result = subprocess.run(  # noqa: S603 -- fixed interpreter and code
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_cookies_are_host_prefixed_secure_httponly_and_lax():
    s = production_settings()

    assert s == {
        "DEBUG": False,
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_AGE": 12 * 60 * 60,
        "SESSION_SAVE_EVERY_REQUEST": False,
        "SESSION_IDLE_TIMEOUT": 30 * 60,
    }


def test_cookies_without_https_keep_plain_names_browsers_would_otherwise_refuse():
    s = production_settings(SESSION_COOKIE_SECURE="false", CSRF_COOKIE_SECURE="false")

    assert (s["SESSION_COOKIE_NAME"], s["CSRF_COOKIE_NAME"]) == ("sessionid", "csrftoken")


def test_idle_timeout_is_set_in_minutes_from_the_environment():
    s = production_settings(SESSION_IDLE_TIMEOUT="10")

    assert s["SESSION_IDLE_TIMEOUT"] == 600

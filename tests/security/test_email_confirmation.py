"""A new login address takes effect only once a link e-mailed to it is confirmed, by the
same user, logged in, with a POST; the old address is then told (ASVS 5.0 V6).

Nothing here moves the clock: expiry is tested by moving the time the link was sent.
"""

import datetime as dt
import json
import logging
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.security.conftest import IP, password_step
from trackii.accounts.testing import verify_session
from trackii.lib.logfilters import RedactInvitationTokens
from trackii.outbox.models import OutboxMessage
from trackii.privacy.models import AuditEvent

OLD = "participant@example.org"
NEW = "new.address@example.net"
LINK = re.compile(r"http://testserver(/accounts/email/confirm/([A-Za-z0-9_-]+)/)")
NOT_FOUND = "This link does not work"
CONFIRM_BUTTON = "Confirm new address"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def participant(cast):
    return cast["participant"]


@pytest.fixture
def ask(client_for, django_capture_on_commit_callbacks):
    """Ask, through the page (after re-authenticating), to log in with `email`; returns the
    client. The confirmation e-mail is sent as the worker would, before this returns."""

    def ask(user, email=NEW, client=None):
        client = client or client_for(user)
        url = reverse("accounts:email-change")
        client.post(url, {"reauthenticate": "1", "password": PASSWORD}, REMOTE_ADDR=IP)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"email": email}, REMOTE_ADDR=IP)
        assert response.status_code == 302
        return client

    return ask


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """POST through `client`, running what the request enqueued (e-mails) as a worker would."""

    def post(client, path, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data or {}, REMOTE_ADDR=IP)

    return post


def link_in(message) -> tuple[str, str]:
    """(path, token) of the one confirmation link in an e-mail."""
    [(path, token)] = LINK.findall(message.body)
    return path, token


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    verify_session(client, user)
    return client


def state(user) -> tuple[str, str]:
    user.refresh_from_db()
    return user.email, user.pending_email


# --- Asking --------------------------------------------------------------------------


def test_asking_keeps_the_login_address_until_confirmed(participant, ask):
    ask(participant)

    assert state(participant) == (OLD, NEW)
    assert password_step(Client(), NEW).status_code == 200  # the login form again
    assert password_step(Client(), OLD).status_code == 302


def test_asking_mails_one_working_link_to_the_new_address_only(participant, ask):
    ask(participant)

    assert [m.to for m in mail.outbox] == [[NEW]]
    assert mail.outbox[0].subject == "Confirm your new trackii login address"
    path, _token = link_in(mail.outbox[0])
    assert CONFIRM_BUTTON in logged_in(participant).get(path).text


def test_confirmation_mail_names_no_dialogue_person_or_old_address(cast, participant, ask):
    cast.dialogue.title = "Talks on the northern border"
    cast.dialogue.save()

    ask(participant)

    message = mail.outbox[0]
    text = message.subject + message.body
    secrets = (OLD, "JUNIPER", "Talks on the northern border", participant.display_name)
    found = [s for s in secrets if s in text]
    assert found == []


def test_account_page_shows_the_waiting_address_with_resend_and_cancel(participant, ask):
    client = ask(participant)

    page = client.get(reverse("accounts:account")).text

    assert f"A link is on its way to {NEW}." in page
    assert f"Waiting for confirmation of {NEW}." in page
    assert "Link sent" in page
    assert f'action="{reverse("accounts:email-change-resend")}"' in page
    assert f'action="{reverse("accounts:email-change-cancel")}"' in page


def test_account_page_without_a_waiting_change_shows_none(participant, client_for):
    page = client_for(participant).get(reverse("accounts:account")).text

    assert "Waiting for confirmation" not in page


# --- The link ------------------------------------------------------------------------


def test_opening_the_link_shows_a_confirm_button_and_changes_nothing(participant, ask):
    client = ask(participant)
    path, _token = link_in(mail.outbox[0])

    response = client.get(path)

    assert response.status_code == 200
    assert f"Log in with {NEW} from now on, instead of {OLD}?" in response.text
    assert CONFIRM_BUTTON in response.text
    assert state(participant) == (OLD, NEW)
    assert client.get(path).status_code == 200  # still works: a GET used nothing up


def test_link_pages_send_no_referrer_no_store_and_never_show_the_token(participant, ask):
    client = ask(participant)
    path, token = link_in(mail.outbox[0])
    wrong = path.replace(token, "x" + token[1:] if token[0] != "x" else "y" + token[1:])

    answers = [client.get(path), client.get(wrong)]

    assert [r.status_code for r in answers] == [200, 404]
    assert [r.headers["Referrer-Policy"] for r in answers] == ["no-referrer"] * 2
    assert all("no-store" in r.headers["Cache-Control"] for r in answers)
    assert [token in r.text for r in answers] == [False, False]


def test_posting_the_link_changes_the_login_address(participant, ask, post):
    client = ask(participant)
    path, _token = link_in(mail.outbox[0])

    response = post(client, path)

    assert response["Location"] == reverse("accounts:account")
    assert state(participant) == (NEW, "")
    assert f"You log in with {NEW} from now on." in client.get(response["Location"]).text
    assert password_step(Client(), NEW).status_code == 302
    assert password_step(Client(), OLD).status_code == 200


def test_confirming_tells_the_old_address_without_naming_the_new_one(participant, ask, post):
    client = ask(participant)
    path, token = link_in(mail.outbox[0])

    post(client, path)

    notice = mail.outbox[-1]
    assert [m.to for m in mail.outbox] == [[NEW], [OLD]]
    assert notice.subject == "Your trackii login address was changed"
    assert "If you did not, someone else may be using your account." in notice.body
    assert [s for s in (NEW, token, "JUNIPER", "The participant") if s in notice.body] == []


def test_link_used_twice_answers_404_the_second_time(participant, ask, post):
    client = ask(participant)
    path, _token = link_in(mail.outbox[0])
    post(client, path)

    again = [client.get(path), post(client, path)]

    assert [r.status_code for r in again] == [404, 404]
    assert NOT_FOUND in again[0].text
    assert state(participant) == (NEW, "")
    assert len(mail.outbox) == 2  # the link and one notice, no second notice


def test_expired_link_answers_404_and_changes_nothing(participant, ask, post, settings):
    client = ask(participant)
    path, _token = link_in(mail.outbox[0])
    participant.refresh_from_db()
    participant.pending_email_sent_at -= dt.timedelta(seconds=settings.EMAIL_CHANGE_TIMEOUT + 1)
    participant.save(update_fields=["pending_email_sent_at"])

    answers = [client.get(path), post(client, path)]

    assert [r.status_code for r in answers] == [404, 404]
    assert state(participant) == (OLD, NEW)
    assert "The link has expired" in client.get(reverse("accounts:account")).text


def test_link_within_its_lifetime_still_works(participant, ask, post, settings):
    client = ask(participant)
    path, _token = link_in(mail.outbox[0])
    participant.refresh_from_db()
    participant.pending_email_sent_at -= dt.timedelta(seconds=settings.EMAIL_CHANGE_TIMEOUT - 60)
    participant.save(update_fields=["pending_email_sent_at"])

    response = post(client, path)

    assert response.status_code == 302
    assert state(participant) == (NEW, "")


def test_link_of_another_user_answers_404_naming_nothing_and_changes_nothing(
    cast, participant, ask, post
):
    ask(participant)
    path, _token = link_in(mail.outbox[0])
    organizer = cast["organizer"]
    other = logged_in(organizer)

    answers = [other.get(path), post(other, path)]

    assert [r.status_code for r in answers] == [404, 404]
    assert [s for s in (NEW, OLD) if s in answers[0].text + answers[1].text] == []
    assert state(participant) == (OLD, NEW)
    assert state(organizer) == ("organizer@example.org", "")
    assert len(mail.outbox) == 1


def test_anonymous_visitor_is_sent_to_log_in_and_the_owner_then_sees_the_page(participant, ask):
    ask(participant)
    path, _token = link_in(mail.outbox[0])
    browser = Client()

    first = browser.get(path)
    login = password_step(browser, OLD, next_url=path)

    assert first.status_code == 302
    assert first["Location"].startswith(reverse("accounts:login"))
    assert login["Location"] == path
    assert CONFIRM_BUTTON in browser.get(path).text


def test_anonymous_visitor_who_logs_in_as_someone_else_gets_404(cast, participant, ask):
    ask(participant)
    path, _token = link_in(mail.outbox[0])
    browser = Client()
    browser.get(path)

    login = password_step(browser, cast["observer"].email, next_url=path)
    response = browser.get(login["Location"])

    assert response.status_code == 404
    assert NOT_FOUND in response.text
    assert state(participant) == (OLD, NEW)


# --- Asking again, resending, cancelling ---------------------------------------------


def test_asking_again_replaces_the_address_and_voids_the_first_link(participant, ask, post):
    client = ask(participant)
    first, _token = link_in(mail.outbox[0])
    ask(participant, "second.address@example.net", client=client)
    second, _token = link_in(mail.outbox[1])

    answers = [client.get(first).status_code, post(client, second).status_code]

    assert answers == [404, 302]
    assert [m.to for m in mail.outbox] == [[NEW], ["second.address@example.net"], [OLD]]
    assert state(participant) == ("second.address@example.net", "")


def test_sending_again_mails_a_new_link_and_voids_the_old_one(participant, ask, post):
    client = ask(participant)
    old_link, _token = link_in(mail.outbox[0])

    response = post(client, reverse("accounts:email-change-resend"))

    new_link, _token = link_in(mail.outbox[1])
    assert response["Location"] == reverse("accounts:account")
    assert [m.to for m in mail.outbox] == [[NEW], [NEW]]
    assert new_link != old_link
    assert [client.get(old_link).status_code, client.get(new_link).status_code] == [404, 200]


def test_cancel_clears_the_waiting_address_and_voids_its_link(participant, ask, post):
    client = ask(participant)
    path, _token = link_in(mail.outbox[0])

    response = post(client, reverse("accounts:email-change-cancel"))

    assert response["Location"] == reverse("accounts:account")
    assert state(participant) == (OLD, "")
    assert client.get(path).status_code == 404
    assert "Waiting for confirmation" not in client.get(reverse("accounts:account")).text


def test_send_again_without_a_waiting_change_sends_nothing(participant, client_for, post):
    client = client_for(participant)

    response = post(client, reverse("accounts:email-change-resend"))

    assert response.status_code == 302
    assert mail.outbox == []
    assert "No change of e-mail address is waiting." in client.get(response["Location"]).text


# --- Address taken meanwhile -----------------------------------------------------------


def test_address_taken_meanwhile_is_explained_and_nothing_changes(participant, ask, post):
    client = ask(participant)
    path, _token = link_in(mail.outbox[0])
    UserFactory(email=NEW)

    shown = client.get(path)
    posted = post(client, path)

    taken = f"Another account now uses {NEW}, so it cannot become your login address."
    assert shown.status_code == 200
    assert taken in shown.text
    assert CONFIRM_BUTTON not in shown.text
    assert posted.status_code == 409
    assert taken in posted.text
    assert f"Nothing was changed: you still log in with {OLD}." in posted.text
    assert state(participant) == (OLD, "")
    assert client.get(path).status_code == 404
    assert [m.to for m in mail.outbox] == [[NEW]]  # no notice: nothing changed
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EMAIL_CHANGED).exists()


# --- Audit, logs, tasks ----------------------------------------------------------------


def test_audit_events_name_the_account_by_id_only(participant, ask, post):
    client = ask(participant)
    path, token = link_in(mail.outbox[0])

    post(client, path)

    assert list(
        AuditEvent.objects.filter(
            action__in=[
                AuditEvent.Action.EMAIL_CHANGE_REQUESTED,
                AuditEvent.Action.EMAIL_CHANGED,
            ]
        )
        .order_by("action")
        .values_list("action", "actor_id", "object_type", "object_id", "ip_address", "detail")
    ) == [
        ("email_change_requested", participant.pk, "accounts.user", str(participant.pk), IP, {}),
        ("email_changed", participant.pk, "accounts.user", str(participant.pk), IP, {}),
    ]
    rows = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert [s for s in (OLD, NEW, token) if s in rows] == []


CANARY_OLD = "canary-email-old@example.org"
CANARY_NEW = "canary-email-new@example.org"


@pytest.fixture
def all_logs(caplog):
    """Every record, at DEBUG, of the root logger and the request loggers (which do not all
    propagate)."""
    caplog.set_level(logging.DEBUG)
    server = logging.getLogger("django.server")
    server.addHandler(caplog.handler)
    yield caplog
    server.removeHandler(caplog.handler)


def test_flow_logs_no_address_nor_token_and_tasks_carry_ids_only(cast, ask, post, all_logs):
    user = UserFactory(email=CANARY_OLD)
    client = ask(user, CANARY_NEW, client=logged_in(user))
    path, token = link_in(mail.outbox[0])
    Client().get(path)  # anonymous: to the login page, with the link as `next`
    logged_in(cast["observer"]).get(path)  # someone else's link: 404, logged by Django
    post(client, path)

    text = "\n".join(f"{r.getMessage()} {r.msg!r} {r.args!r}" for r in all_logs.records).lower()
    assert state(user) == (CANARY_NEW, "")
    assert "Not Found: /accounts/email/confirm/[redacted]/" in all_logs.messages
    assert [s for s in (CANARY_OLD, CANARY_NEW, token) if s.lower() in text] == []
    sent = list(OutboxMessage.objects.order_by("pk").values_list("task_name", "args"))
    assert [name for name, _args in sent] == [
        "trackii.accounts.tasks.email_change_send",
        "trackii.accounts.tasks.email_change_notice_send",
    ]
    assert sent[0][1] == [user.pk]
    assert [type(arg) for _name, args in sent for arg in args] == [int, int]


def test_redact_filter_hides_the_token_in_paths_and_login_redirects():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /accounts/login/?next=/accounts/email/confirm/abc_DEF-1/ HTTP/1.1", 200, 5),
        None,
    )

    RedactInvitationTokens().filter(record)

    assert record.getMessage() == (
        '"GET /accounts/login/?next=/accounts/email/confirm/[redacted]/ HTTP/1.1" 200 5'
    )

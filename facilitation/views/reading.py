"""The private reading link /i/<token>/reading/: an anonymous trust reading, without an
account (docs/facilitation.md). The facilitators open and revoke these links from the
console (console_closing.py)."""

import secrets

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from facilitation import entries
from facilitation.forms_reading import AnonymousReadingForm
from facilitation.models import ReadingLink
from trackii import i18n
from trackii.lib import ratelimit
from trackii.privacy.audit import client_ip

READING = "facilitation/console_reading.html"

#: Anonymous readings through one link: enough for a full room answering twice.
READINGS_PER_LINK = (120, 600)  # at most 120 in 10 minutes
#: Unknown or dead tokens from one address (counted in the cache only, address hashed).
BAD_TOKENS_PER_ADDRESS = (30, 600)
#: Answers through any reading link from one address: a room behind one hotel address
#: answering twice fits; one person dropping their cookie to answer again does not go far.
READING_POSTS_PER_ADDRESS = (60, 600)
READING_POSTS_SCOPE = "reading-post"
#: The cookie holding a browser's random key for reading links (see _holder_key).
HOLDER_COOKIE = "trackii_reading_holder"
HOLDER_COOKIE_AGE = 72 * 60 * 60  # as long as a reading link may live


def _holder_key(request) -> tuple[str, bool]:
    """The random key this browser holds for reading links (HOLDER_COOKIE), and whether it
    is new (to be set on the answer). Only a keyed digest of it is ever stored."""
    key = request.get_signed_cookie(HOLDER_COOKIE, default=None, salt=HOLDER_COOKIE)
    if key:
        return key, False
    return secrets.token_urlsafe(24), True


def _set_holder_cookie(response, key: str) -> None:
    # Path /i/ rather than the link's own path: the path would write the token into a
    # header. Strict, httponly, signed; it names nothing and lives as long as a link may.
    response.set_signed_cookie(
        HOLDER_COOKIE,
        key,
        salt=HOLDER_COOKIE,
        max_age=HOLDER_COOKIE_AGE,
        path="/i/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


@login_not_required
@never_cache
def reading_form(request, token):
    """The private link: an anonymous trust reading, no account. The page names neither
    the dialogue nor the session; the reading keeps no trace of who gave it.

    Against ballot stuffing (issue 13): one reading per browser and link (a second answer
    replaces the first, see entries.anonymous_reading_record), the link's side only, no
    reading once the session is closed (its links are revoked), and at most
    READING_POSTS_PER_ADDRESS answers per address, for a browser that drops its cookie."""
    link = ReadingLink.objects.by_token(token).select_related("session__round", "side").first()
    if link is None:
        limit, window = BAD_TOKENS_PER_ADDRESS
        if not ratelimit.allow("reading-link-miss", client_ip(request), limit=limit, window=window):
            return render(request, READING, {"too_many": True}, status=429)
        raise Http404
    # The page speaks the browser's language (or the one chosen with its switcher): a
    # reading link is shared by a whole side, so no one person's preference applies.
    if switched := i18n.language_switch(request):
        return switched
    i18n.participant_language(request)
    form = AnonymousReadingForm(
        request.POST or None, dialogue=link.session.round.dialogue_id, side=link.side
    )
    status = 200
    if request.method == "POST":
        limit, window = READING_POSTS_PER_ADDRESS
        if not ratelimit.allow(READING_POSTS_SCOPE, client_ip(request), limit=limit, window=window):
            return render(request, READING, {"too_many": True}, status=429)
        limit, window = READINGS_PER_LINK
        if not ratelimit.allow("reading-link", link.token_hash, limit=limit, window=window):
            return render(request, READING, {"too_many": True}, status=429)
        if form.is_valid():
            key, new = _holder_key(request)
            try:
                entries.anonymous_reading_record(link=link, holder_key=key, **form.cleaned_data)
            except ValidationError as e:
                form.add_error(None, e)
            else:
                response = render(request, READING, {"thanks": True})
                if new:
                    _set_holder_cookie(response, key)
                return response
        status = 422
    return render(request, READING, {"form": form}, status=status)

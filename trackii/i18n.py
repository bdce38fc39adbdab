"""Languages: which trackii ships, which the app offers, how a participant's page picks its
language, and which files a participant without an account reads.

Two sets of languages (settings.LANGUAGES and settings.PARTICIPANT_ONLY_LANGUAGES):

- the app's languages (`app_languages()`): the whole interface is translated; a user
  chooses one on the account page, and the browser's Accept-Language is the first guess;
- the participant languages (`participant_languages()`): those and, in addition, the
  languages only the participant-facing pages are translated into (Hebrew, Ukrainian).

The participant-facing files are listed once, in PARTICIPANT_FACING: the completeness
test (tests/i18n/test_catalogs.py) requires every string they mark to be translated in
every participant language, and every other string in every app language.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

#: Path prefixes (from the repository's root) of what a participant without an account
#: reads: the private invitation and reading pages, their frame, the invitation e-mail,
#: and the Python files whose strings those pages show (forms, messages, choice labels).
PARTICIPANT_FACING = [
    "participants/templates/participants/public/",
    "participants/templates/participants/invitation_respondent.html",
    "participants/views/public.py",
    "participants/forms/invitations.py",
    "participants/models.py",
    "participants/services/invitations.py",
    "templates/email/invitation_",
    "templates/private_base.html",
    "templates/base.html",
    "templates/400.html",
    "templates/404.html",
    "templates/500.html",
    "templates/includes/form.html",
    "templates/includes/language_switcher.html",
    "facilitation/templates/facilitation/console_reading.html",
    "facilitation/forms_reading.py",
]

#: The field of the language switcher's form (templates/includes/language_switcher.html).
SWITCH_FIELD = "set_language"


def participant_languages() -> list[tuple[str, str]]:
    """Every shipped language, as (code, name in that language)."""
    return list(settings.LANGUAGES)


def app_languages() -> list[tuple[str, str]]:
    """The languages the whole interface is in: a user's setting offers these only."""
    only = settings.PARTICIPANT_ONLY_LANGUAGES
    return [(code, name) for code, name in settings.LANGUAGES if code not in only]


def from_accept_language(request, codes) -> str:
    """The first of the browser's languages (Accept-Language, in its order of preference)
    that is among `codes`; "fr-CA" counts as "fr". Empty when none is."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for tag, _quality in parse_accept_lang_header(header):
        if tag == "*":
            break
        code = tag.split("-")[0].lower()
        if code in codes:
            return code
    return ""


def activate(request, code: str) -> str:
    """Make `code` this request's language (and the response's Content-Language)."""
    translation.activate(code)
    request.LANGUAGE_CODE = code
    return code


def participant_language(request, preferred: str = "") -> str:
    """Choose and activate the language of a participant's private page, first of:
    a `?lang=` link, the language chosen with the switcher in this browser (the language
    cookie), the person's preferred language, the browser's Accept-Language, English."""
    codes = {code for code, _name in participant_languages()}
    for code in (
        request.GET.get("lang", ""),
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
        preferred,
        from_accept_language(request, codes),
    ):
        if code in codes:
            return activate(request, code)
    return activate(request, settings.LANGUAGE_CODE)


def language_switch(request):
    """The language switcher's post, on a private page: keep the choice in this browser's
    language cookie and go back to the same page. The redirect is to "./", so the page's
    token is never written into a form, a header or a log line. None for any other request.
    An unknown language changes nothing."""
    if request.method != "POST" or SWITCH_FIELD not in request.POST:
        return None
    code = request.POST[SWITCH_FIELD]
    response = HttpResponseRedirect("./")
    if code in {code for code, _name in participant_languages()}:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
            httponly=True,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
        )
    return response


def app_language(request, user) -> str:
    """Choose and activate the app's language for this request: the user's own setting,
    else what LocaleMiddleware guessed (cookie, Accept-Language) if the whole app is in it,
    else the browser's first language among the app's, else English."""
    codes = {code for code, _name in app_languages()}
    setting = getattr(user, "language", "") if user.is_authenticated else ""
    if setting in codes:
        return activate(request, setting)
    current = translation.get_language()
    if current in codes:
        return current
    return activate(request, from_accept_language(request, codes) or settings.LANGUAGE_CODE)


def error_page_language(request) -> str:
    """The language of an error page rendered without the request's context (400, 500):
    the one the middleware chose for this request (a participant's on a private page, a
    user's setting elsewhere), else the browser's among every shipped language, else
    English. Never simply the active one: an error raised before LocaleMiddleware ran
    would find the language a previous request left in this thread."""
    codes = {code for code, _name in participant_languages()}
    chosen = getattr(request, "LANGUAGE_CODE", "")
    if chosen in codes:
        return chosen
    return from_accept_language(request, codes) or settings.LANGUAGE_CODE

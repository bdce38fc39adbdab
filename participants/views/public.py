"""The private invitation link, /i/<token>/: no account, no login; the token is the only key.

What the page may show, and to whom: whoever holds the token sees that one
invitation (the round's dates and city, the venue only if the organizer chose
to show it, the dialogue's code name and confidentiality agreement) and the
invited person's own answers. Never anyone else, never the dialogue's real title.

How it keeps the token secret:
- the token is never rendered into the page (forms post to the page's own URL,
  the language switcher posts to it too) and never put in a redirect (they go to "./");
- `Referrer-Policy: no-referrer`, so no other site learns the URL;
  `Cache-Control: no-store`, so no cache keeps the page;
- the stored value is a SHA-256 hash, and the log filter in settings redacts /i/<token>/.

Wrong, expired and revoked tokens, and the links of a participant withdrawn, declined
by an organizer, taken out of the round or erased (Invitation.objects.by_token decides),
all answer the same 404 page, which names nothing. Withdrawing consent kills the link it
is given through: the confirmation is the answer to that POST itself, not a redirect to
the link, which would already answer 404.
Requests are rate-limited per address, before any lookup.

CSRF: the view is exempt. A forged cross-site post would need the 256-bit token
in the URL, which is exactly the secret the attacker lacks; and with
`no-referrer` browsers send `Origin: null`, which Django's CSRF check rejects.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from participants.forms.invitations import AnswerForm, ConsentForm, NeedsForm
from participants.services import invitations as services
from trackii import i18n
from trackii.lib import ratelimit
from trackii.lib.http import private_link_page
from trackii.privacy.audit import client_ip

RATE_SCOPE = "invitation-link"
RATE_LIMIT = 30  # requests per address...
RATE_WINDOW = 10 * 60  # ...in ten minutes

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
FORMS = {"answer": AnswerForm, "consent": ConsentForm, "needs": NeedsForm}
SAVED = {
    "answer": _("Your answer is saved."),
    "consent": _("Your decision on the agreement is saved."),
    "needs": _("Your needs are saved."),
}


def respondent_forms(invitation, *, prefix: str | None = None) -> dict:
    """Unbound answer, consent and needs forms for one invitation."""
    needs = {field: getattr(invitation, field) for field in services.NEEDS_FIELDS}
    return {
        "answer": AnswerForm(prefix=prefix),
        "consent": ConsentForm(prefix=prefix),
        "needs": NeedsForm(initial=needs, prefix=prefix),
    }


def respondent_submit(kind: str, form, *, invitation, actor=None, token=None) -> bool:
    """Hand a valid respondent form to its service; errors land on the form."""
    data = form.cleaned_data
    try:
        if kind == "answer":
            services.invitation_answer(
                invitation=invitation, response=data["response"], actor=actor, token=token
            )
        elif kind == "consent":
            services.consent_record(
                invitation=invitation,
                given=form.given,
                language=translation.get_language(),
                shown_version=data["shown"],
                actor=actor,
                token=token,
            )
        else:
            services.invitation_needs_update(
                invitation=invitation, actor=actor, token=token, **data
            )
    except ValidationError as e:
        form.add_error(None, e)
        return False
    return True


def respondent_card(invitation, *, forms: dict, idp: str, actions: dict | None = None) -> dict:
    """What the invited person is told (the round's dates and city, the venue only if the
    organizer chose to show it, the agreement and their consent) with their forms."""
    venue = invitation.round.venue
    return {
        "invitation": invitation,
        "forms": forms,
        "idp": idp,
        "actions": actions or {},
        "round": invitation.round,
        "dialogue": invitation.round.dialogue,
        "city": venue.city if venue else "",
        "country": venue.country if venue else "",
        "venue_name": venue.name if venue and invitation.show_venue else "",
        # The agreement in the page's language (trackii.i18n.participant_language).
        "consent": services.consent_state(invitation, language=translation.get_language()),
    }


@login_not_required
@csrf_exempt
@private_link_page
@require_http_methods(["GET", "POST"])
def respond(request, token):
    i18n.participant_language(request)  # the browser's, until the invitation is known
    if not ratelimit.allow(RATE_SCOPE, client_ip(request), limit=RATE_LIMIT, window=RATE_WINDOW):
        response = render(request, "participants/public/too_many.html", status=429)
        response["Retry-After"] = str(RATE_WINDOW)
        return response
    # A ?lang= link is kept through the redirect after saving; the switcher's choice is in
    # the browser's language cookie (trackii.i18n.participant_language).
    lang = request.GET.get("lang", "") if request.GET.get("lang") in LANGUAGE_CODES else ""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "participants/public/not_found.html", status=404)
    if switched := i18n.language_switch(request):
        return switched
    i18n.participant_language(request, invitation.participant.person.preferred_language)
    forms, status, unknown = respondent_forms(invitation), 200, False
    if request.method == "POST":
        kind = request.POST.get("form", "")
        form = FORMS[kind](request.POST) if kind in FORMS else None
        if form is None:
            status, unknown = 422, True
        elif form.is_valid() and respondent_submit(kind, form, invitation=invitation, token=token):
            if kind == "consent" and not form.given:
                return render(request, "participants/public/withdrawn.html")
            query = {key: value for key, value in (("lang", lang), ("saved", kind)) if value}
            return redirect("./?" + urlencode(query))
        else:
            forms[kind], status = form, 422
    context = {
        "card": respondent_card(invitation, forms=forms, idp="invitation"),
        "saved": SAVED.get(request.GET.get("saved", "")),
        "lang": lang,
        "unknown_form": unknown,
    }
    return render(request, "participants/public/respond.html", context, status=status)

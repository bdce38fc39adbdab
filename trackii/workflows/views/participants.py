"""Erasing a person, at an organizer's request (trackii/workflows/erasure.py)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from participants.views.rights import ORGANIZERS, visible_participant
from trackii.accounts.reauth import reauthentication_required
from trackii.privacy.access import dialogue_view
from trackii.privacy.audit import client_ip
from trackii.workflows import erasure


@require_http_methods(["GET", "POST"])
@dialogue_view(roles=ORGANIZERS)
def person_erase(request, access, participant_id):
    """A confirmation page that says what erasing does; the POST erases. Erasure is final,
    so it asks for the password (and code) again, as changing a password does."""
    participant = visible_participant(request, access, participant_id)
    return _person_erase(request, access, participant)


def _participant_page(request, access, participant) -> str:
    return reverse("participants:detail", args=[access.dialogue.pk, participant.pk])


@reauthentication_required(
    why=(
        gettext_lazy(
            "Erasing a person cannot be undone, so it needs your password and a new code "
            "from your authenticator app."
        ),
        gettext_lazy("Erasing a person cannot be undone, so it needs your password."),
    ),
    back=_participant_page,
)
def _person_erase(request, access, participant):
    if participant.person.erased_at is not None:
        messages.info(request, _("This person was erased already."))
        return redirect("participants:detail", access.dialogue.pk, participant.pk)
    if request.method != "POST":
        return render(
            request,
            "participants/person_erase.html",
            {"participant": participant, "name": participant.shown_name(access.role)},
        )
    erasure.person_erase(actor=request.user, participant=participant, ip=client_ip(request))
    messages.success(
        request,
        _("The person is erased. Their records stay, shown as “Erased person”."),
    )
    return redirect("participants:detail", access.dialogue.pk, participant.pk)

"""Organizers invite participants to rounds; the team follows answers, needs and consent.

The list is for the team (organizers and facilitators: the Invitation and
ConsentRecord readers); inviting, revoking and re-sending are for organizers.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from participants.forms.invitations import (
    PARTICIPANT_LABEL_FIELDS,
    InvitationCreateForm,
    InvitationFilterForm,
)
from participants.services import invitations as services
from trackii.lib.htmx import render_page
from trackii.privacy import pickers
from trackii.privacy.access import dialogue_view
from trackii.privacy.roles import TEAM_ROLES, Role

ORGANIZERS = {Role.ORGANIZER}
NO_EMAIL = _lazy(
    "This person has no e-mail address, so no link was sent. If they have a trackii "
    "account, they can answer under “My invitations”."
)


def _rows(page, access, versions):
    """What each row shows: the participant as this role may see them, and their consent
    now and before, with whether the latest was given to the agreement as it reads now in
    its language. The history was prefetched newest first."""
    for invitation in page.object_list:
        history = invitation.participant.consent_history
        yield {
            "invitation": invitation,
            "name": invitation.participant.shown_name(access.role),
            "consent": history[0] if history else None,
            "consent_current_text": bool(history)
            and services.consent_is_current(history[0], versions=versions),
            "history": history,
        }


@dialogue_view(roles=TEAM_ROLES)
def invitation_list(request, access):
    form = InvitationFilterForm(request.GET or None, user=request.user, dialogue=access.dialogue)
    chosen = form.cleaned_data["round"] if form.is_valid() else None
    invitations = services.invitations_for_team(
        user=request.user, dialogue=access.dialogue, round_id=chosen.pk if chosen else None
    )
    page = Paginator(invitations, 50).get_page(request.GET.get("page"))
    versions = services.agreement_versions_for_team(user=request.user, dialogue=access.dialogue)
    rows = list(_rows(page, access, versions))
    context = {"form": form, "page": page, "rows": rows, "round": chosen}
    return render_page(
        request, "participants/invitation_list.html", context, fragment="invitations"
    )


@dialogue_view(roles=ORGANIZERS)
def invitation_create(request, access):
    form = InvitationCreateForm(request.POST or None, user=request.user, access=access)
    # A dialogue may hold hundreds of participants: the newest and those searched for.
    pickers.narrow(
        request,
        form,
        "participant",
        search_label=_("Search names"),
        only=PARTICIPANT_LABEL_FIELDS,
    )
    if (choices := pickers.fragment(request, form)) is not None:
        return choices
    if request.method == "POST":
        if form.is_valid():
            try:
                invitation = services.invitation_create(actor=request.user, **form.cleaned_data)
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Invitation created."))
                if not invitation.participant.person.email:
                    messages.warning(request, NO_EMAIL)
                return redirect("participants:invitation-list", access.dialogue.pk)
        return render(request, "participants/invitation_form.html", {"form": form}, status=422)
    return render(request, "participants/invitation_form.html", {"form": form})


def _organizer_action(request, access, invitation_id, action, done: str):
    invitation = services.invitation_for_team(
        user=request.user, dialogue=access.dialogue, invitation_id=invitation_id
    )
    if invitation is None:
        raise Http404
    try:
        action(actor=request.user, invitation=invitation)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, done)
    return redirect("participants:invitation-list", access.dialogue.pk)


@require_POST
@dialogue_view(roles=ORGANIZERS)
def invitation_revoke(request, access, invitation_id):
    return _organizer_action(
        request,
        access,
        invitation_id,
        services.invitation_revoke,
        _("Invitation revoked. Its link no longer works."),
    )


@require_POST
@dialogue_view(roles=ORGANIZERS)
def invitation_resend(request, access, invitation_id):
    return _organizer_action(
        request,
        access,
        invitation_id,
        services.invitation_resend,
        _("A new link is on its way. The previous link no longer works."),
    )

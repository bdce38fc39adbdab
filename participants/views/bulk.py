"""Acting on the participants ticked on the list (participants.services.bulk): a POST from
the list shows what will happen and asks; the confirmed POST does it and says how it went."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from participants import selectors
from participants.forms.participants import BulkActionForm
from participants.models import Participant
from participants.services.bulk import BulkAction, participants_bulk
from participants.views.rights import ORGANIZERS
from trackii.privacy.access import dialogue_view


def bulk_form(request, access, data=None) -> BulkActionForm:
    """The form, choosing among the participants and coming rounds the organizer may read."""
    return BulkActionForm(
        data,
        participants=selectors.visible_participants(user=request.user, dialogue=access.dialogue),
        rounds=selectors.upcoming_rounds(user=request.user, dialogue=access.dialogue),
    )


def _names(chosen, access) -> list[str]:
    return [participant.shown_name(access.role) for participant in chosen]


@require_POST
@dialogue_view(roles=ORGANIZERS)
def participant_bulk(request, access):
    form = bulk_form(request, access, request.POST)
    if not form.is_valid():
        return render(request, "participants/participant_bulk.html", {"form": form}, status=422)
    data = form.cleaned_data
    chosen = list(data["selected"].with_person())
    if "confirm" not in request.POST:
        return render(
            request,
            "participants/participant_bulk.html",
            {
                "form": form,
                "names": _names(chosen, access),
                "data": data,
                "state_label": Participant.State(data["state"]).label if data["state"] else "",
            },
        )
    result = participants_bulk(
        actor=request.user,
        action=data["action"],
        chosen=chosen,
        round=data["round"],
        state=data["state"],
        unvetted_reason=data["unvetted_reason"],
    )
    done = len(result.done)
    if data["action"] == BulkAction.INVITE:
        text = ngettext("%(n)d participant invited.", "%(n)d participants invited.", done)
    elif data["action"] == BulkAction.STATE:
        text = ngettext("%(n)d participant moved.", "%(n)d participants moved.", done)
    else:
        text = ngettext(
            "%(n)d participant added to the round.", "%(n)d participants added to the round.", done
        )
    messages.success(request, text % {"n": done})
    if result.unchanged:
        messages.info(
            request,
            _("Already so, left as they were: %(names)s.")
            % {"names": ", ".join(_names(result.unchanged, access))},
        )
    for participant, why in result.refused:
        messages.warning(
            request,
            _("Not done for %(name)s: %(why)s")
            % {"name": participant.shown_name(access.role), "why": why},
        )
    return redirect("participants:list", access.dialogue.pk)

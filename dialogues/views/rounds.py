"""Rounds: the list, creating and editing one. A round's page, its agenda and the agenda's
exports show its sessions, so they are in trackii/workflows/views/rounds.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dialogues.forms.rounds import RoundForm
from dialogues.models import Round, Venue
from dialogues.services import rounds as services
from trackii.privacy.access import dialogue_view
from trackii.privacy.roles import Role

ORGANIZERS = {Role.ORGANIZER}


def visible_round(request, access, round_id) -> Round:
    """The round if this member may read it; 404 otherwise (they may not know it exists)."""
    visible = services.rounds_visible_to(request.user).filter(dialogue=access.dialogue)
    return get_object_or_404(visible, pk=round_id)


@dialogue_view()
def round_list(request, access):
    rounds = services.rounds_for_list(request.user, access.dialogue)
    page = Paginator(rounds, 50).get_page(request.GET.get("page"))
    rows = services.with_shown_venue(page.object_list, is_team=access.is_team)
    return render(request, "dialogues/round_list.html", {"page": page, "rows": rows})


def _round_form(request, access, round_):
    """Create (round_ is None) or edit a round: GET shows the form, POST saves."""
    venues = Venue.objects.visible_to(request.user).filter(dialogue=access.dialogue)
    data = request.POST if request.method == "POST" else None
    form = RoundForm(data, instance=round_ or Round(dialogue=access.dialogue), venues=venues)
    if data is not None and form.is_valid():
        try:
            if round_ is None:
                round_ = services.round_create(
                    actor=request.user, dialogue=access.dialogue, data=form.cleaned_data
                )
            else:
                services.round_update(actor=request.user, round_=round_, data=form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Round saved."))
            if round_.ends_on and round_.ends_on < timezone.localdate():
                # A warning, not a refusal: rounds held before trackii are recorded too.
                messages.warning(
                    request,
                    _(
                        "This round ended on %(date)s, in the past. If that is not what you "
                        "meant, correct its dates."
                    )
                    % {"date": date_format(round_.ends_on, "DATE_FORMAT")},
                )
            return redirect("dialogues:round-detail", access.dialogue.pk, round_.pk)
    return render(
        request,
        "dialogues/round_form.html",
        {"form": form, "round": round_},
        status=422 if data is not None else 200,
    )


@dialogue_view(roles=ORGANIZERS)
def round_create(request, access):
    return _round_form(request, access, None)


@dialogue_view(roles=ORGANIZERS)
def round_edit(request, access, round_id):
    return _round_form(request, access, visible_round(request, access, round_id))

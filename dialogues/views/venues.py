"""Venues: the team reads them; organizers add and edit them. Comparing them for a round
counts participants, so it is in trackii/workflows/views/venues.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dialogues.forms.venues import VenueForm, side_access_forms
from dialogues.models import Side, Venue
from dialogues.services import venues as services
from dialogues.services.rounds import rounds_visible_to
from trackii.privacy.access import dialogue_view, get_visible_or_404
from trackii.privacy.roles import TEAM_ROLES, Role

ORGANIZERS = {Role.ORGANIZER}


def visible_venues(request, access):
    return Venue.objects.visible_to(request.user).filter(dialogue=access.dialogue)


def by_name(venues) -> list[Venue]:
    """Venues sorted by name in Python: names are encrypted, SQL cannot sort them (a
    dialogue weighs tens of venues, not thousands)."""
    return sorted(venues, key=lambda v: (v.name.casefold(), v.pk))


@dialogue_view(roles=TEAM_ROLES)
def venue_list(request, access):
    page = Paginator(by_name(visible_venues(request, access)), 50).get_page(request.GET.get("page"))
    return render(request, "dialogues/venue_list.html", {"page": page})


@dialogue_view(roles=TEAM_ROLES)
def venue_detail(request, access, venue_id):
    venue = get_visible_or_404(visible_venues(request, access), request.user, pk=venue_id)
    side_access = venue.side_access.select_related("side").order_by(
        "side__is_third_party", "side_id"
    )
    rounds = rounds_visible_to(request.user).filter(venue=venue).order_by("starts_on", "id")
    page = Paginator(rounds, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "dialogues/venue_detail.html",
        {"venue": venue, "side_access": side_access, "rounds": page.object_list, "page": page},
    )


def _venue_form(request, access, venue):
    """Create (venue is None) or edit a venue with one row per side: GET shows, POST saves."""
    sides = Side.objects.visible_to(request.user).filter(dialogue=access.dialogue)
    data = request.POST if request.method == "POST" else None
    form = VenueForm(data, instance=venue or Venue(dialogue=access.dialogue))
    side_forms = side_access_forms(sides, venue=venue, data=data)
    if data is not None:
        # validate every form (no short-circuit), so every error shows at once
        checked = [form.is_valid(), *(f.is_valid() for _side, f in side_forms)]
        if all(checked):
            side_access = {side: f.cleaned_data for side, f in side_forms}
            try:
                if venue is None:
                    venue = services.venue_create(
                        actor=request.user,
                        dialogue=access.dialogue,
                        data=form.cleaned_data,
                        side_access=side_access,
                    )
                else:
                    services.venue_update(
                        actor=request.user,
                        venue=venue,
                        data=form.cleaned_data,
                        side_access=side_access,
                    )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Venue saved."))
                return redirect("dialogues:venue-detail", access.dialogue.pk, venue.pk)
    return render(
        request,
        "dialogues/venue_form.html",
        {"form": form, "side_forms": side_forms, "venue": venue},
        status=422 if data is not None else 200,
    )


@dialogue_view(roles=ORGANIZERS)
def venue_create(request, access):
    return _venue_form(request, access, None)


@dialogue_view(roles=ORGANIZERS)
def venue_edit(request, access, venue_id):
    venue = get_visible_or_404(visible_venues(request, access), request.user, pk=venue_id)
    return _venue_form(request, access, venue)

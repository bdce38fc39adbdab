"""Candidate venues side by side for a round, with each side's confirmed participants."""

from django.core.paginator import Paginator

from dialogues.forms.venues import CompareForm
from dialogues.services.rounds import rounds_visible_to
from dialogues.views.venues import by_name, visible_venues
from trackii.lib.htmx import render_page
from trackii.privacy.access import dialogue_view
from trackii.privacy.roles import TEAM_ROLES
from trackii.workflows.venues import venue_comparison

COMPARED_PER_PAGE = 10


@dialogue_view(roles=TEAM_ROLES)
def venue_compare(request, access):
    """Candidate venues side by side for a round (?round=<id>&venue=<id>&venue=<id>…)."""
    venues = visible_venues(request, access)
    rounds = rounds_visible_to(request.user).filter(dialogue=access.dialogue)
    form = CompareForm(request.GET or None, rounds=rounds, venues=venues)
    comparison, page, status = None, None, 200
    if not request.GET or form.is_valid():
        chosen = form.cleaned_data.get("venue") if form.is_bound else None
        # Ten columns to a page: a dialogue may weigh dozens of venues.
        compared = by_name(chosen if chosen else venues)
        page = Paginator(compared, COMPARED_PER_PAGE).get_page(request.GET.get("page"))
        comparison = venue_comparison(
            user=request.user,
            dialogue=access.dialogue,
            venues=page.object_list,
            round_=form.cleaned_data.get("round") if form.is_bound else None,
        )
    else:
        status = 422
    context = {"form": form, "comparison": comparison, "page": page}
    return render_page(
        request, "dialogues/venue_compare.html", context, fragment="comparison", status=status
    )

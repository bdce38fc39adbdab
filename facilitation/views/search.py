"""Search within a dialogue: notes, options and outcomes the user may read."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from facilitation import search
from trackii.privacy.access import dialogue_view
from trackii.privacy.audit import audit_restricted_reads, client_ip
from trackii.privacy.roles import CONTENT_ROLES


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, min_length=2)


@dialogue_view(roles=CONTENT_ROLES)
def dialogue_search(request, access):
    """Everyone who reads content; each sees only hits in what visible_to gives them.
    Funders: 403."""
    form = SearchForm(request.GET or None)
    hits, more, status = [], False, 200
    if form.is_bound and form.is_valid():
        hits, more = search.dialogue_search(
            request.user,
            dialogue=access.dialogue,
            role=access.role,
            query=form.cleaned_data["q"],
        )
        audit_restricted_reads(
            actor=request.user, items=[h.obj for h in hits], ip=client_ip(request)
        )
    elif form.is_bound:
        status = 422
    context = {
        "form": form,
        "hits": hits,
        "more": more,
        "bound": search.CANDIDATES_PER_KIND,
        "max_hits": search.MAX_HITS,
    }
    return render(request, "facilitation/search.html", context, status=status)

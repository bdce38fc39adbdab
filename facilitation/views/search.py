"""Search within a dialogue: everything the user may read, narrowed by kind, level and date."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from facilitation import search
from trackii.privacy.access import dialogue_view
from trackii.privacy.audit import audit_restricted_reads, client_ip
from trackii.privacy.levels import Level
from trackii.privacy.roles import CONTENT_ROLES


class DateInput(forms.DateInput):
    input_type = "date"


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, min_length=2)
    kinds = forms.MultipleChoiceField(
        label=_("Only these kinds"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every kind."),
    )
    level = forms.ChoiceField(label=_("Level"), required=False)
    since = forms.DateField(label=_("Recorded from"), required=False, widget=DateInput)
    until = forms.DateField(label=_("Recorded until"), required=False, widget=DateInput)

    def __init__(self, *args, role=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(k.code, k.label) for k in search.kinds_for(role)]
        self.fields["level"].choices = [("", _("Any level")), *Level.choices]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end comes before the start."))
        return data

    def filters(self) -> search.Filters:
        data = self.cleaned_data
        return search.Filters(
            kinds=frozenset(data["kinds"]),
            level=data["level"],
            since=data["since"],
            until=data["until"],
        )


@dialogue_view(roles=CONTENT_ROLES)
def dialogue_search(request, access):
    """Everyone who reads content; each sees only hits in what visible_to gives them.
    Funders: 403."""
    form = SearchForm(request.GET or None, role=access.role)
    hits, more, status = [], False, 200
    if form.is_bound and form.is_valid():
        hits, more = search.dialogue_search(
            request.user,
            dialogue=access.dialogue,
            role=access.role,
            query=form.cleaned_data["q"],
            filters=form.filters(),
        )
        audit_restricted_reads(
            actor=request.user,
            items=[h.obj for h in hits if h.level is not None],
            ip=client_ip(request),
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

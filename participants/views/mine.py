"""A participant with a trackii account (Person.user is them): their own invitations.

They answer, state their needs and give or withdraw consent here as they would
through the private link (ConsentRecord.via = account). Only their own
invitations exist for them: any other id answers 404. Login is required (the
project's LoginRequiredMiddleware).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from participants.services import invitations as services
from participants.views.public import (
    FORMS,
    SAVED,
    respondent_card,
    respondent_forms,
    respondent_submit,
)

#: A withdrawal closes the file, so the invitation leaves the list (services.pipeline).
WITHDRAWN = _(
    "You have withdrawn your consent and no longer take part in this dialogue. "
    "The organizers have been told."
)


def _prefix(invitation) -> str:
    return f"inv{invitation.pk}"


def _page(request, *, bound=None, status=200):
    """The list of one's invitations, each with its forms; `bound` is (invitation id,
    kind, form) of a form that failed validation, shown with what was typed."""
    cards = []
    for invitation in services.invitations_of(request.user):
        prefix = _prefix(invitation)
        forms = respondent_forms(invitation, prefix=prefix)
        if bound is not None and bound[0] == invitation.pk:
            forms[bound[1]] = bound[2]
        actions = {kind: reverse(f"mine:invitation-{kind}", args=[invitation.pk]) for kind in FORMS}
        cards.append(respondent_card(invitation, forms=forms, idp=prefix, actions=actions))
    return render(request, "participants/mine_invitations.html", {"cards": cards}, status=status)


def my_invitations(request):
    return _page(request)


def _submit(request, invitation_id, kind):
    invitation = get_object_or_404(services.invitations_of(request.user), pk=invitation_id)
    form = FORMS[kind](request.POST, prefix=_prefix(invitation))
    if form.is_valid() and respondent_submit(kind, form, invitation=invitation, actor=request.user):
        withdrawn = kind == "consent" and not form.given
        messages.success(request, WITHDRAWN if withdrawn else SAVED[kind])
        return redirect(f"{reverse('mine:invitations')}#invitation-{invitation.pk}")
    return _page(request, bound=(invitation.pk, kind, form), status=422)


@require_POST
def my_invitation_answer(request, invitation_id):
    return _submit(request, invitation_id, "answer")


@require_POST
def my_invitation_consent(request, invitation_id):
    return _submit(request, invitation_id, "consent")


@require_POST
def my_invitation_needs(request, invitation_id):
    return _submit(request, invitation_id, "needs")

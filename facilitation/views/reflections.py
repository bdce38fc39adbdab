"""Reflective practice: each facilitator's short structured look back after a round.

Always `team`: Reflection.objects.visible_to gives organizers and facilitators of the
dialogue; participants, observers and funders get 403 from the decorator.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dialogues.models import Round
from facilitation import after, review
from facilitation.forms_after import ReflectionForm
from facilitation.models import Reflection
from trackii.privacy.access import dialogue_view, get_visible_or_404
from trackii.privacy.roles import TEAM_ROLES


@dialogue_view(roles=TEAM_ROLES)
def round_reflections(request, access, round_id):
    """The round's reflections side by side, and the user's own to fill in or amend."""
    round_ = get_visible_or_404(
        Round.objects.filter(dialogue=access.dialogue), request.user, pk=round_id
    )
    # Sorted by author in Python: display names are encrypted, SQL cannot sort them.
    reflections = sorted(
        Reflection.objects.visible_to(request.user).filter(round=round_).select_related("author"),
        key=lambda r: (str(r.author).casefold(), r.author_id),
    )
    mine = next((r for r in reflections if r.author_id == request.user.pk), None)
    status = 200
    if request.method == "POST":
        form = ReflectionForm(request.POST, instance=mine or Reflection(round=round_))
        if form.is_valid():
            try:
                after.reflection_save(actor=request.user, round_=round_, data=form.cleaned_data)
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Your reflection is saved."))
                return redirect("facilitation:round-reflections", access.dialogue.pk, round_.pk)
        status = 422
    else:
        form = ReflectionForm(instance=mine)
    return render(
        request,
        "facilitation/reflection_round.html",
        {"round": round_, "reflections": reflections, "form": form, "mine": mine},
        status=status,
    )


@dialogue_view(roles=TEAM_ROLES)
def reflection_compare(request, access, user_id):
    """One team member's reflections, round after round."""
    member = (
        get_user_model()
        .objects.filter(
            pk=user_id,
            memberships__dialogue=access.dialogue,
            memberships__role__in=list(TEAM_ROLES),
        )
        .first()
    )
    if member is None:
        raise Http404
    reflections = (
        Reflection.objects.visible_to(request.user)
        .filter(round__dialogue=access.dialogue, author=member)
        .select_related("round")
        .order_by("round__starts_on", "round_id")
    )
    page = Paginator(reflections, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "facilitation/reflection_compare.html",
        {"member": member, "reflections": page.object_list, "page": page},
    )


@dialogue_view(roles=TEAM_ROLES)
def round_review(request, access, round_id):
    """Team only: trust readings per side over the round and earlier rounds, the options'
    movement, trust-building steps and their effects."""
    round_ = get_visible_or_404(
        Round.objects.filter(dialogue=access.dialogue), request.user, pk=round_id
    )
    context = {"round": round_, **review.round_review(request.user, round_)}
    return render(request, "facilitation/round_review.html", context)

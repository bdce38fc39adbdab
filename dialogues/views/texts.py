"""The agreement and invitation texts participants read, per language (organizers)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dialogues import selectors
from dialogues.forms.texts import ParticipantTextsForm
from dialogues.services.participant_texts import participant_texts_save
from trackii.privacy.access import dialogue_view
from trackii.privacy.roles import Role

TEMPLATE = "dialogues/participant_texts.html"


@require_http_methods(["GET", "POST"])
@dialogue_view(roles={Role.ORGANIZER})
def participant_texts(request, access):
    """Edit the texts; a changed agreement is saved only once the organizer has confirmed
    (participants who agreed to the earlier version will be asked to agree again)."""
    newest, earlier = selectors.participant_texts(dialogue=access.dialogue, user=request.user)
    form = ParticipantTextsForm(
        request.POST or None, newest=newest, reference_language=access.dialogue.reference_language
    )
    context = {"form": form, "earlier": earlier}
    if request.method != "POST":
        return render(request, TEMPLATE, context)
    if form.is_valid():
        changed = form.changed_agreements()
        if changed and request.POST.get("confirm") != "yes":
            return render(request, TEMPLATE, {**context, "confirm": changed})
        try:
            written = participant_texts_save(
                actor=request.user,
                dialogue=access.dialogue,
                reference_language=form.cleaned_data["reference_language"],
                texts=form.texts(),
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request,
                _("Saved. Each changed text is a new version; earlier versions are kept.")
                if written
                else _("Saved. No text changed, so no new version was made."),
            )
            return redirect("dialogues:texts", access.dialogue.pk)
    return render(request, TEMPLATE, context, status=422)

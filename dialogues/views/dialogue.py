"""The dialogue itself: its home page."""

from django.shortcuts import render

from trackii.privacy.access import dialogue_view


@dialogue_view()
def dialogue_detail(request, access):
    return render(request, "dialogues/dialogue_detail.html", {"dialogue": access.dialogue})

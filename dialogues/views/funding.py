"""Funders, fundings and reporting obligations: organizers only.

Who gets what (DESIGN.md, "Organizer: … secures and tracks funding"):
- organizers: everything here;
- facilitators: 403. They know the dialogue, but a funder's conditions and the
  legitimacy risk its money carries are organizer business: facilitators keep
  their own views back in the room, and what they do not know they cannot let
  slip. (Fundings use the team's queryset; these pages narrow it to organizers.)
- participants, observers and funders: 403 (funders read published reports only);
- non-members and unknown dialogues: 404; anonymous visitors: the login page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dialogues.forms.funding import (
    FunderForm,
    FunderUserForm,
    FundingForm,
    ObligationDoneForm,
    ObligationEditForm,
    ObligationForm,
)
from dialogues.models import Funding, ReportingObligation
from dialogues.selectors_funding import (
    funder_contact_users,
    funder_members,
    funders_of_dialogue,
    funding_totals,
    fundings_for_page,
    obligations_due,
)
from dialogues.services import funding as services
from trackii.privacy.access import dialogue_view, get_visible_or_404
from trackii.privacy.audit import client_ip
from trackii.privacy.roles import Role

ORGANIZERS = {Role.ORGANIZER}
LIST = "dialogues/funding_list.html"


def _obligation_form(funding, data=None):
    # Several add forms share the list page: ids must differ, names must not.
    return ObligationForm(data, auto_id=f"id_ob{funding.pk}_%s")


def _list_url(access, funding=None):
    url = reverse("dialogues:funding-list", args=[access.dialogue.pk])
    return f"{url}#funding-{funding.pk}" if funding else url


def _funding_page(request, access, *, status=200, link_errors=None):
    """The funding page; every path that shows it builds its context here."""
    fundings = fundings_for_page(request.user, access.dialogue)
    page = Paginator(fundings, 25).get_page(request.GET.get("page"))
    for funding in page:
        funding.obligation_form = _obligation_form(funding)
    funders = sorted(
        funders_of_dialogue(request.user, access.dialogue), key=lambda f: (f.name.casefold(), f.pk)
    )
    for funder in funders:
        funder.link_errors = (link_errors or {}).get(funder.pk, [])
        funder.members = [contact.user for contact in funder.dialogue_contacts]
    context = {
        "page": page,
        "totals": funding_totals(request.user, access.dialogue),
        "due": obligations_due(access.dialogue),
        "funders": funders,
        "funder_users": list(funder_members(access.dialogue)),
    }
    return render(request, LIST, context, status=status)


def _obligations_fragment(request, access, funding, form=None, status=200):
    """The obligations block of one funding (and, out of band, the due-soon list) for htmx."""
    funding = fundings_for_page(request.user, access.dialogue).get(pk=funding.pk)
    funding.obligation_form = form or _obligation_form(funding)
    context = {"funding": funding, "due": obligations_due(access.dialogue), "oob": True}
    return render(request, f"{LIST}#obligations-update", context, status=status)


def _visible_funding(request, access, funding_id):
    return get_visible_or_404(
        Funding.objects.filter(dialogue=access.dialogue), request.user, pk=funding_id
    )


def _visible_obligation(request, access, obligation_id):
    return get_visible_or_404(
        ReportingObligation.objects.filter(funding__dialogue=access.dialogue).select_related(
            "funding__dialogue", "funding__funder"
        ),
        request.user,
        pk=obligation_id,
    )


def _funder_of_dialogue(request, access, funder_id):
    """A funder of this dialogue; 404 for any other funder id, so ids cannot be probed."""
    funder = funders_of_dialogue(request.user, access.dialogue).filter(pk=funder_id).first()
    if funder is None:
        raise Http404
    return funder


@dialogue_view(roles=ORGANIZERS)
def funding_list(request, access):
    return _funding_page(request, access)


@dialogue_view(roles=ORGANIZERS)
def funder_create(request, access):
    form = FunderForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                funder = services.funder_create(
                    actor=request.user,
                    dialogue=access.dialogue,
                    ip=client_ip(request),
                    **form.cleaned_data,
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Funder added. Now record its funding."))
                url = reverse("dialogues:funding-create", args=[access.dialogue.pk])
                return redirect(f"{url}?funder={funder.pk}")
        return render(request, "dialogues/funder_form.html", {"form": form}, status=422)
    return render(request, "dialogues/funder_form.html", {"form": form})


@dialogue_view(roles=ORGANIZERS)
def funding_create(request, access):
    if request.method != "POST":
        form = FundingForm(
            initial={"funder": request.GET.get("funder"), "currency": "EUR"},
            organization=access.dialogue.organization_id,
        )
        return render(request, "dialogues/funding_form.html", {"form": form})
    form = FundingForm(request.POST, organization=access.dialogue.organization_id)
    if form.is_valid():
        try:
            funding = services.funding_create(
                actor=request.user, dialogue=access.dialogue, **form.cleaned_data
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Funding recorded."))
            return redirect(_list_url(access, funding))
    return render(request, "dialogues/funding_form.html", {"form": form}, status=422)


@dialogue_view(roles=ORGANIZERS)
def funding_edit(request, access, funding_id):
    funding = _visible_funding(request, access, funding_id)
    form = FundingForm(
        request.POST or None, instance=funding, organization=access.dialogue.organization_id
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.funding_update(actor=request.user, funding=funding, **form.cleaned_data)
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Funding saved."))
                return redirect(_list_url(access, funding))
        status = 422
    else:
        status = 200
    return render(
        request, "dialogues/funding_form.html", {"form": form, "funding": funding}, status=status
    )


@dialogue_view(roles=ORGANIZERS)
def obligation_create(request, access, funding_id):
    """Inline on the funding page with htmx; on its own page without JavaScript."""
    funding = _visible_funding(request, access, funding_id)
    form = _obligation_form(funding, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.obligation_create(actor=request.user, funding=funding, **form.cleaned_data)
            except ValidationError as e:
                form.add_error(None, e)
            else:
                if request.htmx:
                    return _obligations_fragment(request, access, funding)
                messages.success(request, _("Reporting obligation added."))
                return redirect(_list_url(access, funding))
        if request.htmx:
            return _obligations_fragment(request, access, funding, form, status=422)
        status = 422
    else:
        status = 200
    return render(
        request,
        "dialogues/funding_obligation_form.html",
        {"form": form, "funding": funding},
        status=status,
    )


@dialogue_view(roles=ORGANIZERS)
def obligation_edit(request, access, obligation_id):
    obligation = _visible_obligation(request, access, obligation_id)
    form = ObligationEditForm(request.POST or None, instance=obligation)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.obligation_update(
                    actor=request.user, obligation=obligation, **form.cleaned_data
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Reporting obligation saved."))
                return redirect(_list_url(access, obligation.funding))
        status = 422
    else:
        status = 200
    return render(
        request,
        "dialogues/funding_obligation_form.html",
        {"form": form, "funding": obligation.funding, "obligation": obligation},
        status=status,
    )


@require_POST
@dialogue_view(roles=ORGANIZERS)
def obligation_done(request, access, obligation_id):
    obligation = _visible_obligation(request, access, obligation_id)
    form = ObligationDoneForm(request.POST)
    if not form.is_valid():
        return _funding_page(request, access, status=422)
    done = form.cleaned_data["done"]
    services.obligation_set_done(actor=request.user, obligation=obligation, done=done)
    if request.htmx:
        return _obligations_fragment(request, access, obligation.funding)
    messages.success(request, _("Marked as done.") if done else _("Marked as open again."))
    return redirect(_list_url(access, obligation.funding))


def _funder_user_action(request, access, funder_id, *, action, users, done_message):
    funder = _funder_of_dialogue(request, access, funder_id)
    form = FunderUserForm(request.POST, users=users)
    if form.is_valid():
        try:
            action(
                actor=request.user,
                dialogue=access.dialogue,
                funder=funder,
                user=form.cleaned_data["user"],
                ip=client_ip(request),
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, done_message)
            return redirect(f"{_list_url(access)}#funder-{funder.pk}")
    errors = [m for messages_ in form.errors.values() for m in messages_]
    return _funding_page(request, access, status=422, link_errors={funder.pk: errors})


@require_POST
@dialogue_view(roles=ORGANIZERS)
def funder_link_user(request, access, funder_id):
    return _funder_user_action(
        request,
        access,
        funder_id,
        action=services.funder_link_user,
        users=funder_members(access.dialogue),
        done_message=_("Member linked to the funder."),
    )


@require_POST
@dialogue_view(roles=ORGANIZERS)
def funder_unlink_user(request, access, funder_id):
    return _funder_user_action(
        request,
        access,
        funder_id,
        action=services.funder_unlink_user,
        users=funder_contact_users(access.dialogue),
        done_message=_("Member no longer linked to the funder."),
    )

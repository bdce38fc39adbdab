"""Transfers to officials and outcomes: lists and forms for the dialogue's team.

Both are confidential content: read through visible_to (a `restricted` record by its
author and those granted it only), written through facilitation.after. Participants,
observers and funders: 403 (these pages are the team's working records).
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dialogues.models import ChangeStatement
from facilitation import after
from facilitation.forms_after import OutcomeForm, TransferForm
from facilitation.models import Option, Outcome, Transfer
from trackii.privacy import pickers
from trackii.privacy import services as privacy
from trackii.privacy.access import dialogue_view, get_visible_or_404
from trackii.privacy.audit import audit_record, audit_restricted_reads, client_ip
from trackii.privacy.models import AuditEvent
from trackii.privacy.roles import TEAM_ROLES
from trackii.privacy.views import restricted_access_page

PAGE_SIZE = 50


def _list(request, access, queryset, template, **context):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_restricted_reads(actor=request.user, items=page.object_list, ip=client_ip(request))
    return render(request, template, {"page": page, **context})


def _audit_restricted(request, access, obj):
    if obj is not None and obj.is_restricted:
        audit_record(
            action=AuditEvent.Action.RESTRICTED_READ,
            actor=request.user,
            dialogue=access.dialogue,
            obj=obj,
            ip=client_ip(request),
        )


def _form_page(
    request, access, *, form_class, model, save, obj, template, done, saved_msg, picker=None
):
    """`picker`: narrow()'s arguments for the form's picker field, if it has one."""
    instance = obj if obj is not None else model(dialogue=access.dialogue, author=request.user)
    if request.method == "POST":
        form = form_class(
            request.POST, instance=instance, user=request.user, dialogue=access.dialogue
        )
        if form.is_valid():
            try:
                saved = save(
                    actor=request.user, dialogue=access.dialogue, data=form.cleaned_data, obj=obj
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, saved_msg(saved))
                return redirect(done, access.dialogue.pk)
        status = 422
    else:
        form = form_class(instance=instance, user=request.user, dialogue=access.dialogue)
        status = 200
    if picker is not None:
        pickers.narrow(request, form, **picker)
        if (choices := pickers.fragment(request, form)) is not None:
            return choices  # the picker's choices alone: nothing of the record itself
    if request.method != "POST":
        _audit_restricted(request, access, obj)
    can_manage = obj is not None and privacy.can_manage_grants(request.user, obj)
    return render(
        request,
        template,
        {"form": form, "obj": obj, "can_manage_grants": can_manage},
        status=status,
    )


def _access_page(request, access, obj, *, name: str, edit: str, what: str):
    """Who may read a restricted transfer or outcome, and granting or revoking it (audited).
    Its author, or an organizer who reads it; grants go to the team (the only ones who open
    these pages)."""
    _audit_restricted(request, access, obj)
    return restricted_access_page(
        request,
        access,
        obj,
        grantee_roles=TEAM_ROLES,
        grant=partial(privacy.restricted_grant, actor=request.user, obj=obj),
        revoke=partial(privacy.restricted_revoke, actor=request.user, obj=obj),
        success_url=reverse(f"facilitation:{name}", args=[access.dialogue.pk, obj.pk]),
        template="facilitation/record_access.html",
        context={
            "obj": obj,
            "what": what,
            "back_url": reverse(f"facilitation:{edit}", args=[access.dialogue.pk, obj.pk]),
        },
    )


def transfers_of(user, dialogue):
    """Transfers `user` may read. `option_visible`: whether they may read its option too (a
    team transfer of someone's restricted option must not show that option's title)."""
    return (
        Transfer.objects.visible_to(user)
        .filter(dialogue=dialogue)
        .annotate(
            option_visible=Exists(Option.objects.visible_to(user).filter(pk=OuterRef("option_id")))
        )
        .select_related("option", "author")
        .order_by("-transferred_on", "-id")
    )


@dialogue_view(roles=TEAM_ROLES)
def transfer_list(request, access):
    return _list(
        request,
        access,
        transfers_of(request.user, access.dialogue),
        "facilitation/transfer_list.html",
    )


def _save_transfer(*, actor, dialogue, data, obj):
    return after.transfer_save(actor=actor, dialogue=dialogue, data=data, transfer=obj)


def _transfer_saved(transfer):
    if getattr(transfer, "option_moved", False):
        return _("Transfer recorded; the option is now “transferred to officials”.")
    return _("Transfer saved.")


#: A dialogue may hold thousands of options: the newest and those searched for.
TRANSFER_PICKER = {
    "name": "option",
    "search_label": _lazy("Search option titles"),
    "only": ("title",),
}


def _transfer_page(request, access, transfer):
    return _form_page(
        request,
        access,
        form_class=TransferForm,
        model=Transfer,
        save=_save_transfer,
        obj=transfer,
        template="facilitation/transfer_form.html",
        done="facilitation:transfer-list",
        saved_msg=_transfer_saved,
        picker=TRANSFER_PICKER,
    )


@dialogue_view(roles=TEAM_ROLES)
def transfer_create(request, access):
    return _transfer_page(request, access, None)


@dialogue_view(roles=TEAM_ROLES)
def transfer_edit(request, access, transfer_id):
    transfer = get_visible_or_404(
        Transfer.objects.filter(dialogue=access.dialogue), request.user, pk=transfer_id
    )
    return _transfer_page(request, access, transfer)


def outcomes_of(user, dialogue):
    return (
        Outcome.objects.visible_to(user)
        .filter(dialogue=dialogue)
        .select_related("statement", "author")
        .order_by("-observed_on", "-id")
    )


def _statement_of(request, access, statement_id):
    """A theory-of-change statement of this dialogue the user may read, else 404."""
    return get_visible_or_404(
        ChangeStatement.objects.filter(dialogue=access.dialogue), request.user, pk=statement_id
    )


@dialogue_view(roles=TEAM_ROLES)
def outcome_list(request, access):
    """Every outcome the user may read; with ?statement=<id>, those recorded against one
    theory-of-change statement (an unknown or foreign one: 404)."""
    outcomes, statement = outcomes_of(request.user, access.dialogue), None
    if (statement_id := request.GET.get("statement", "")).isdigit():
        statement = _statement_of(request, access, int(statement_id))
        outcomes = outcomes.filter(statement=statement)
    return _list(request, access, outcomes, "facilitation/outcome_list.html", statement=statement)


#: How many outcomes a statement shows on the theory-of-change page; the rest are a link.
STATEMENT_OUTCOMES_SHOWN = 5


@dialogue_view(roles=TEAM_ROLES)
def statement_outcomes(request, access, statement_id):
    """The outcomes recorded against one statement, for its place on the theory-of-change
    page (loaded there by htmx). Without htmx: the outcome list, narrowed to it."""
    statement = _statement_of(request, access, statement_id)
    list_url = reverse("facilitation:outcome-list", args=[access.dialogue.pk])
    list_url += f"?statement={statement.pk}"
    if not request.htmx:
        return redirect(list_url)
    outcomes = outcomes_of(request.user, access.dialogue).filter(statement=statement)
    shown = list(outcomes[:STATEMENT_OUTCOMES_SHOWN])
    transfers = list(
        Transfer.objects.visible_to(request.user).filter(
            dialogue=access.dialogue, statement=statement
        )
    )
    audit_restricted_reads(actor=request.user, items=[*shown, *transfers], ip=client_ip(request))
    return render(
        request,
        "facilitation/includes/statement_outcomes.html",
        {
            "outcomes": shown,
            "total": outcomes.count() if len(shown) == STATEMENT_OUTCOMES_SHOWN else len(shown),
            "list_url": list_url,
            "transfers": transfers,
        },
    )


def _save_outcome(*, actor, dialogue, data, obj):
    return after.outcome_save(actor=actor, dialogue=dialogue, data=data, outcome=obj)


def _outcome_page(request, access, outcome):
    return _form_page(
        request,
        access,
        form_class=OutcomeForm,
        model=Outcome,
        save=_save_outcome,
        obj=outcome,
        template="facilitation/outcome_form.html",
        done="facilitation:outcome-list",
        saved_msg=lambda o: _("Outcome saved."),
    )


@dialogue_view(roles=TEAM_ROLES)
def outcome_create(request, access):
    return _outcome_page(request, access, None)


@dialogue_view(roles=TEAM_ROLES)
def outcome_edit(request, access, outcome_id):
    outcome = get_visible_or_404(
        Outcome.objects.filter(dialogue=access.dialogue), request.user, pk=outcome_id
    )
    return _outcome_page(request, access, outcome)


@dialogue_view(roles=TEAM_ROLES)
def transfer_access(request, access, transfer_id):
    transfer = get_visible_or_404(
        Transfer.objects.filter(dialogue=access.dialogue), request.user, pk=transfer_id
    )
    return _access_page(
        request,
        access,
        transfer,
        name="transfer-access",
        edit="transfer-edit",
        what=_("Who may read this restricted transfer"),
    )


@dialogue_view(roles=TEAM_ROLES)
def outcome_access(request, access, outcome_id):
    outcome = get_visible_or_404(
        Outcome.objects.filter(dialogue=access.dialogue), request.user, pk=outcome_id
    )
    return _access_page(
        request,
        access,
        outcome,
        name="outcome-access",
        edit="outcome-edit",
        what=_("Who may read this restricted outcome"),
    )

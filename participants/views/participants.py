"""The participant pipeline: list and balance, adding and editing, state, vetting notes,
round participation and attendance, and the organizers' CSV export."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dialogues.models import Round
from participants import selectors
from participants.forms.participants import (
    PERSON_LABEL_FIELDS,
    ParticipantFilterForm,
    ParticipantForm,
    RoundParticipationForm,
    StateForm,
    VettingNoteForm,
)
from participants.models import Participant, RoundParticipation, VettingNote
from participants.services import participants as services
from participants.views.bulk import bulk_form
from trackii.lib.htmx import render_page, wants_fragment
from trackii.privacy import pickers
from trackii.privacy.access import dialogue_view, get_visible_or_404
from trackii.privacy.audit import audit_record, audit_restricted_reads, client_ip
from trackii.privacy.models import AuditEvent
from trackii.privacy.roles import TEAM_ROLES, Role
from trackii.privacy.views import restricted_access_page

ORGANIZERS = frozenset({Role.ORGANIZER})
LIST_TEMPLATE = "participants/participant_list.html"


def _row(participant, access) -> dict:
    """What one list row may show this viewer. Identity fields are the team's, and a
    protected person's are the organizers' alone; contact details are never listed."""
    person = participant.person
    identity = access.is_team and (not person.is_protected or access.sees_protected_identity)
    return {
        "participant": participant,
        "name": participant.shown_name(access.role),
        "affiliation": participant.shown_affiliation(access.role) if identity else "",
        "position": person.position if identity else "",
        "position_kind": person.get_position_kind_display() if identity else "",
        "country": person.country if identity else "",
        "identity_hidden": access.is_team and not identity,
    }


def _list_context(request, access, *, panels: bool) -> dict:
    """Rows, filters and (for full pages) the team's panels. The htmx fragment and the full
    page are built here alike, so they show exactly the same rows to the same role."""
    sides = selectors.dialogue_sides(access.dialogue)
    form = ParticipantFilterForm(request.GET or None, sides=sides, team=access.is_team)
    visible = selectors.visible_participants(
        user=request.user, dialogue=access.dialogue, role=access.role
    )
    rows = selectors.filter_participants(visible, role=access.role, **form.filters())
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    audit_restricted_reads(actor=request.user, items=page.object_list, ip=client_ip(request))
    context = {
        "form": form,
        "page": page,
        "rows": [_row(p, access) for p in page.object_list],
        "balance": None,
        "round_balances": [],
    }
    if access.is_organizer:
        context["bulk_form"] = bulk_form(request, access)
    if panels and access.is_team:
        context["balance"] = selectors.participant_balance(visible, role=access.role, sides=sides)
        rounds = selectors.upcoming_rounds(user=request.user, dialogue=access.dialogue)
        context["round_balances"] = selectors.rounds_balance(
            rounds, sides=sides, viewer=request.user
        )
    return context


@dialogue_view()
def participant_list(request, access):
    """Participants this member may see; protected people by pseudonym unless organizer;
    identity fields for the team; contact details never in a list."""
    partial = wants_fragment(request)
    context = _list_context(request, access, panels=not partial)
    return render_page(request, LIST_TEMPLATE, context, fragment="participant-table")


def _form_page(request, access, form, *, participant=None, status=200):
    return render(
        request,
        "participants/participant_form.html",
        {"form": form, "participant": participant},
        status=status,
    )


@dialogue_view(roles=ORGANIZERS)
def participant_create(request, access):
    sides = selectors.dialogue_sides(access.dialogue)
    reusable = selectors.reusable_persons(actor=request.user, dialogue=access.dialogue)
    form = ParticipantForm(request.POST or None, sides=sides, creating=True, reusable=reusable)
    # An organizer of many dialogues may reuse thousands: the newest and those searched for.
    pickers.narrow(
        request,
        form,
        "existing_person",
        search_label=_("Search names"),
        only=PERSON_LABEL_FIELDS,
    )
    if (choices := pickers.fragment(request, form)) is not None:
        return choices
    if request.method == "POST":
        if form.is_valid():
            try:
                participant = services.participant_create(
                    actor=request.user, dialogue=access.dialogue, **form.service_kwargs()
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Participant added."))
                return redirect("participants:detail", access.dialogue.pk, participant.pk)
        return _form_page(request, access, form, status=422)
    return _form_page(request, access, form)


def _get_participant(request, access, participant_id) -> Participant:
    return get_visible_or_404(
        selectors.shown_to_role(
            Participant.objects.filter(dialogue=access.dialogue)
            .with_person()
            .select_related("proposed_by"),
            role=access.role,
            user=request.user,
        ),
        request.user,
        pk=participant_id,
    )


def _detail_page(request, access, participant, *, vetting_form=None, status=200):
    context = {"participant": participant, "name": participant.shown_name(access.role)}
    if access.is_team:
        notes = list(selectors.vetting_notes(user=request.user, participant=participant))
        audit_restricted_reads(actor=request.user, items=notes, ip=client_ip(request))
        context |= {
            "vetting_notes": notes,
            "vetting_form": vetting_form or VettingNoteForm(),
            "rounds": selectors.round_participations(user=request.user, participant=participant),
            "withdrawal": selectors.consent_withdrawal(user=request.user, participant=participant),
            "identity_shown": not participant.person.is_protected or access.sees_protected_identity,
            "next_states": [
                Participant.State(s) for s in services.allowed_states(participant.state)
            ],
        }
    return render(request, "participants/participant_detail.html", context, status=status)


@dialogue_view()
def participant_detail(request, access, participant_id):
    participant = _get_participant(request, access, participant_id)
    if participant.is_restricted:
        audit_record(
            action=AuditEvent.Action.RESTRICTED_READ,
            actor=request.user,
            dialogue=access.dialogue,
            obj=participant,
            ip=client_ip(request),
        )
    return _detail_page(request, access, participant)


@dialogue_view(roles=ORGANIZERS)
def participant_edit(request, access, participant_id):
    participant = _get_participant(request, access, participant_id)
    sides = selectors.dialogue_sides(access.dialogue)
    form = ParticipantForm(
        request.POST or None,
        sides=sides,
        creating=False,
        initial=ParticipantForm.initial_for(participant),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.participant_update(
                    actor=request.user, participant=participant, **form.service_kwargs()
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Participant saved."))
                return redirect("participants:detail", access.dialogue.pk, participant.pk)
        return _form_page(request, access, form, participant=participant, status=422)
    return _form_page(request, access, form, participant=participant)


@require_POST
@dialogue_view(roles=ORGANIZERS)
def participant_state(request, access, participant_id):
    participant = _get_participant(request, access, participant_id)
    form = StateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the listed states."))
    else:
        try:
            services.participant_change_state(
                actor=request.user, participant=participant, state=form.cleaned_data["state"]
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(
                request,
                _("State changed to %(state)s.") % {"state": participant.get_state_display()},
            )
    return redirect("participants:detail", access.dialogue.pk, participant.pk)


@require_POST
@dialogue_view(roles=TEAM_ROLES)
def vetting_note_add(request, access, participant_id):
    participant = _get_participant(request, access, participant_id)
    form = VettingNoteForm(request.POST)
    if form.is_valid():
        try:
            services.vetting_note_create(
                actor=request.user, participant=participant, **form.cleaned_data
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Vetting note saved."))
            return redirect("participants:detail", access.dialogue.pk, participant.pk)
    return _detail_page(request, access, participant, vetting_form=form, status=422)


@dialogue_view(roles=TEAM_ROLES)
def vetting_note_access(request, access, participant_id, note_id):
    """Who may read a restricted vetting note: its author, and team members granted it."""
    participant = _get_participant(request, access, participant_id)
    note = get_visible_or_404(
        VettingNote.objects.filter(participant=participant), request.user, pk=note_id
    )
    return restricted_access_page(
        request,
        access,
        note,
        grantee_roles=TEAM_ROLES,
        grant=partial(services.vetting_note_grant, actor=request.user, note=note),
        revoke=partial(services.vetting_note_revoke, actor=request.user, note=note),
        success_url=reverse(
            "participants:vetting-access", args=[access.dialogue.pk, participant.pk, note.pk]
        ),
        template="participants/vetting_access.html",
        context={
            "participant": participant,
            "name": participant.shown_name(access.role),
            "note": note,
        },
    )


ROUND_PAGE_SIZE = 50


def _round_page_participants(request, visible):
    """The participants one page of the round's form covers, and that page. A POST covers
    the participants its page showed (the `shown` ids it sends back, those the organizer
    may read), whatever the pages hold by now; without `shown`, the page it was sent from."""
    page = Paginator(visible, ROUND_PAGE_SIZE).get_page(request.GET.get("page"))
    if request.method == "POST" and "shown" in request.POST:
        ids = [int(pk) for pk in request.POST.getlist("shown") if pk.isdigit()]
        return list(visible.filter(pk__in=ids)), page
    return list(page.object_list), page


@dialogue_view(roles=ORGANIZERS)
def round_participants(request, access, round_id):
    """Who takes part in one round, and who attended: 50 participants to a page, one form
    per page; saving a page changes its participants only, those of other pages are kept."""
    rnd = get_visible_or_404(
        Round.objects.filter(dialogue=access.dialogue), request.user, pk=round_id
    )
    visible = selectors.visible_participants(user=request.user, dialogue=access.dialogue)
    participants, page = _round_page_participants(request, visible)
    current = {
        rp.participant_id: rp
        for rp in RoundParticipation.objects.visible_to(request.user).filter(
            round=rnd, participant__in=[p.pk for p in participants]
        )
    }
    names = {p.pk: p.shown_name(access.role) for p in participants}
    form = RoundParticipationForm(
        request.POST or None, participants=participants, current=current, names=names
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.round_participation_set(
                    actor=request.user, round=rnd, entries=form.entries()
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Round participants saved."))
                back = reverse("participants:round-participants", args=[access.dialogue.pk, rnd.pk])
                return redirect(back + (f"?page={page.number}" if page.number > 1 else ""))
        status = 422
    balance = selectors.rounds_balance(
        [rnd], sides=selectors.dialogue_sides(access.dialogue), viewer=request.user
    )[0]
    return render(
        request,
        "participants/round_participants.html",
        {"round": rnd, "form": form, "balance": balance, "page": page},
        status=status,
    )

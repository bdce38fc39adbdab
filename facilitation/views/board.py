"""The options board: every option of a dialogue the user may read, filtered, and moved
through its lifecycle by the team (the console's transition service, with its checks)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dialogues.models import Side
from facilitation import entries, selectors
from facilitation.entries import EditConflict
from facilitation.forms_after import OptionBoardFilterForm
from facilitation.forms_entries import OptionTransitionForm
from facilitation.models import Option, OptionStance
from trackii.lib.htmx import render_page
from trackii.privacy.access import dialogue_view, get_visible_or_404
from trackii.privacy.audit import audit_restricted_reads, client_ip
from trackii.privacy.roles import CONTENT_ROLES, TEAM_ROLES

PAGE_SIZE = 50


def board_options(user, dialogue):
    """The options of `dialogue` that `user` may read, with what a board row shows."""
    return (
        Option.objects.visible_to(user)
        .filter(dialogue=dialogue)
        .select_related("session", "author")
        .prefetch_related(
            "topics", Prefetch("stances", queryset=OptionStance.objects.select_related("side"))
        )
        .order_by("-created_at", "-id")
    )


def _board(request, access, *, status=200, move_form=None, moved_option=None):
    sides = list(Side.objects.filter(dialogue=access.dialogue))
    form = OptionBoardFilterForm(request.GET or None, sides=sides)
    options = board_options(request.user, access.dialogue)
    if form.is_bound and form.is_valid():
        options = form.apply(options)
    elif form.is_bound:
        status = 422
    # Paginate the ids, then read the page's rows by them in one query (the page's ids are
    # its subquery): PostgreSQL then joins sessions and authors to 50 rows, not to every
    # option of the dialogue before sorting them.
    page = Paginator(options.values("pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(options.filter(pk__in=page.object_list))
    audit_restricted_reads(actor=request.user, items=page.object_list, ip=client_ip(request))
    # A move form is drawn only for the option whose move was refused (to show why); the
    # other rows offer "Move…", which loads the form (htmx) or opens it on a page of its
    # own: forms drawn on every row were most of the board's rendering time.
    rows = [
        {
            "option": option,
            "move_form": move_form
            if moved_option is not None and option.pk == moved_option.pk
            else None,
            "can_move": access.is_team and bool(option.next_states()),
        }
        for option in page.object_list
    ]
    context = {"form": form, "page": page, "rows": rows, "sides": sides}
    # A refused move (POST) shows the whole board again, with the move form and its error.
    fragment = "board-results" if request.method != "POST" else None
    return render_page(
        request, "facilitation/option_board.html", context, fragment=fragment, status=status
    )


@dialogue_view(roles=CONTENT_ROLES)
def option_detail(request, access, option_id):
    """One option's story: its text, state history, lineage, stances and transfers, each as
    the viewer may read them (an option they may not read: 404). Funders: 403."""
    story = selectors.option_story(user=request.user, dialogue=access.dialogue, option_id=option_id)
    audit_restricted_reads(
        actor=request.user, items=[story.option, *story.transfers], ip=client_ip(request)
    )
    return render(request, "facilitation/option_detail.html", {"story": story})


@dialogue_view(roles=CONTENT_ROLES)
def option_board(request, access):
    """Team: every option they may read (restricted ones only as author or grantee), with
    attribution and a move form. Participants and observers: `dialogue` and `reportable`
    options, without proposer or author. Funders: 403 (they read published reports only)."""
    return _board(request, access)


@require_http_methods(["GET", "POST"])
@dialogue_view(roles=TEAM_ROLES)
def option_board_move(request, access, option_id):
    """GET: the move form of one option (inline with htmx, else a page of its own).
    POST: move it, back to the board; refused moves show the board with the reason."""
    option = get_visible_or_404(
        Option.objects.filter(dialogue=access.dialogue).select_related("session__round"),
        request.user,
        pk=option_id,
    )
    if request.method == "GET":
        if option.is_restricted:
            audit_restricted_reads(actor=request.user, items=[option], ip=client_ip(request))
        template = "facilitation/option_move.html"
        form = OptionTransitionForm(option=option)
        # Keyboard use: the form loaded in place of "Move…" takes the focus (htmx honours
        # autofocus in what it swaps in).
        form.fields["to_state"].widget.attrs["autofocus"] = True
        context = {"option": option, "move_form": form}
        return render(request, f"{template}#move-form" if request.htmx else template, context)
    form = OptionTransitionForm(request.POST, option=option)
    status = 422
    if form.is_valid():
        try:
            if option.session_id is None:
                raise PermissionDenied
            entries.option_transition(
                actor=request.user,
                option=option,
                from_state=form.cleaned_data["from_state"],
                to_state=form.cleaned_data["to_state"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as e:
            form.add_error(None, e)
        except PermissionDenied:
            form.add_error(
                None, _("Only organizers and this session's facilitators may move this option.")
            )
            status = 403
        except EditConflict:
            option.refresh_from_db()
            form = OptionTransitionForm(request.POST, option=option)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Someone else moved this option meanwhile (it is now: %(state)s). "
                    "Nothing was changed; look again and retry."
                )
                % {"state": option.get_state_display()},
            )
            status = 409
        else:
            messages.success(
                request,
                _("Moved to: %(state)s.") % {"state": option.get_state_display()},
            )
            return redirect(
                reverse("facilitation:option-board", args=[access.dialogue.pk])
                + f"#option-{option.pk}"
            )
    return _board(request, access, status=status, move_form=form, moved_option=option)

"""The per-dialogue navigation: which links each role sees.

A link shows only when the member's role is listed and its URL exists. The
views enforce the same rules on their own; hiding a link is courtesy, not
protection.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from trackii.privacy.roles import CONTENT_ROLES, EXPORT_ROLES, TEAM_ROLES, Role

ORGANIZERS = frozenset({Role.ORGANIZER})
REPORT_READERS = frozenset({Role.ORGANIZER, Role.FUNDER})

#: (URL name, label, roles that see the link), in the order shown.
DIALOGUE_NAV = [
    ("dialogues:detail", _("Overview"), CONTENT_ROLES),
    ("dialogues:theory", _("Theory of change"), TEAM_ROLES),
    ("participants:list", _("Participants"), CONTENT_ROLES),
    ("dialogues:round-list", _("Rounds"), CONTENT_ROLES),
    ("participants:invitation-list", _("Invitations"), TEAM_ROLES),
    ("dialogues:venue-list", _("Venues"), TEAM_ROLES),
    ("dialogues:funding-list", _("Funding"), ORGANIZERS),
    ("facilitation:note-list", _("Notes"), CONTENT_ROLES),
    ("facilitation:option-board", _("Options"), CONTENT_ROLES),
    ("reports:list", _("Reports"), REPORT_READERS),
    ("dialogues:export-list", _("Export data"), EXPORT_ROLES),
    ("dialogues:member-list", _("Members"), ORGANIZERS),
    ("dialogues:audit-list", _("Audit log"), ORGANIZERS),
    ("dialogues:edit", _("Settings"), ORGANIZERS),
]


def dialogue_links(access, current_view: str | None) -> list[dict]:
    links = []
    for name, label, roles in DIALOGUE_NAV:
        if access.role not in roles:
            continue
        try:
            url = reverse(name, kwargs={"dialogue_id": access.dialogue.pk})
        except NoReverseMatch:
            continue
        links.append({"url": url, "label": label, "current": name == current_view})
    return links


def context(request):
    """Template context: the dialogue of the current page (if any) and the links its
    member's role allows. Views decorated with @dialogue_view set request.access."""
    access = getattr(request, "access", None)
    if access is None:
        return {"access": None, "dialogue_links": []}
    match = getattr(request, "resolver_match", None)
    return {"access": access, "dialogue_links": dialogue_links(access, match and match.view_name)}

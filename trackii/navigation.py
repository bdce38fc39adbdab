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

#: (URL name, label, roles that see the link).
Link = tuple[str, object, frozenset]

#: The navigation, in the order shown: a link, or a group of links under one label
#: (a disclosure menu), so an organizer's thirteen pages fit in one row at 1280 px.
#: A group of which a role may see only one link shows as that link.
DIALOGUE_NAV: list[Link | tuple[object, list[Link]]] = [
    ("dialogues:detail", _("Overview"), CONTENT_ROLES),
    (
        _("Plan"),
        [
            ("dialogues:theory", _("Theory of change"), TEAM_ROLES),
            ("dialogues:round-list", _("Rounds"), CONTENT_ROLES),
            ("dialogues:venue-list", _("Venues"), TEAM_ROLES),
            ("dialogues:funding-list", _("Funding"), ORGANIZERS),
        ],
    ),
    (
        _("People"),
        [
            ("participants:list", _("Participants"), CONTENT_ROLES),
            ("participants:invitation-list", _("Invitations"), TEAM_ROLES),
            ("dialogues:member-list", _("Members"), ORGANIZERS),
        ],
    ),
    ("facilitation:note-list", _("Notes"), CONTENT_ROLES),
    ("facilitation:option-board", _("Options"), CONTENT_ROLES),
    ("reports:list", _("Reports"), REPORT_READERS),
    (
        _("Manage"),
        [
            ("dialogues:export-list", _("Export data"), EXPORT_ROLES),
            ("dialogues:audit-list", _("Audit log"), ORGANIZERS),
            ("dialogues:edit", _("Settings"), ORGANIZERS),
        ],
    ),
]


def _link(access, item: Link, current_view: str | None) -> dict | None:
    name, label, roles = item
    if access.role not in roles:
        return None
    try:
        url = reverse(name, kwargs={"dialogue_id": access.dialogue.pk})
    except NoReverseMatch:
        return None
    return {"url": url, "label": label, "current": name == current_view}


def dialogue_links(access, current_view: str | None) -> list[dict]:
    """The links this member sees: each a link ({url, label, current}) or a group
    ({label, links, current}) when the role sees more than one link of it."""
    shown = []
    for item in DIALOGUE_NAV:
        if len(item) == 3:
            link = _link(access, item, current_view)
            if link:
                shown.append(link)
            continue
        label, members = item
        links = [link for m in members if (link := _link(access, m, current_view))]
        if len(links) == 1:
            shown.append(links[0])
        elif links:
            current = any(link["current"] for link in links)
            shown.append({"label": label, "links": links, "current": current})
    return shown


def context(request):
    """Template context: the dialogue of the current page (if any) and the links its
    member's role allows. Views decorated with @dialogue_view set request.access."""
    access = getattr(request, "access", None)
    if access is None:
        return {"access": None, "dialogue_links": []}
    match = getattr(request, "resolver_match", None)
    return {"access": access, "dialogue_links": dialogue_links(access, match and match.view_name)}

"""The privacy matrix's cases: one line per URL (more where one URL serves objects of
different levels). test_url_matrix fails for any URL pattern without a case.

Core cases are below; each area keeps its own in tests/privacy/cases_<area>.py as a
list named CASES, built with the helpers here (Case, everyone, in_dialogue, ...).

Status codes: 200 ok, 302 redirect (to login for anonymous visitors, or after a
successful POST), 403 a member whose role may not, 404 anyone who may not know
the object (or the dialogue) exists.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from trackii.privacy.levels import Level

ROLES = ("organizer", "facilitator", "participant", "funder", "observer")
VISITORS = (*ROLES, "other_member", "outsider", "anonymous")
TEAM = ("organizer", "facilitator")
CONTENT = (*TEAM, "participant", "observer")


@dataclass(frozen=True)
class Case:
    url_name: str
    expect: dict[str, int]
    kwargs: Callable = field(default=lambda w: {})
    method: str = "get"
    data: Callable = field(default=lambda w: {})
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.url_name}{'[' + self.label + ']' if self.label else ''}"


def everyone(status=200, *, anonymous=302, **overrides) -> dict[str, int]:
    """The same answer for every logged-in visitor; anonymous visitors go to the login page."""
    return {**dict.fromkeys(VISITORS, status), "anonymous": anonymous, **overrides}


#: The visitors of the standing world who have a second factor (organizers of some dialogue).
TEAM_WITH_FACTOR = ("organizer", "facilitator", "other_member")


def only_with_factor(status):
    """`status` for the users who have a second factor, 404 for the others."""
    return everyone(404, **dict.fromkeys(TEAM_WITH_FACTOR, status))


def in_dialogue(allowed, ok=200, *, denied=403, hidden=()) -> dict[str, int]:
    """A page of the dialogue: `allowed` roles get `ok`; roles in `hidden` 404 (they may not
    know the object exists); other members 403; non-members 404; anonymous to login."""
    expect = {role: ok if role in allowed else 404 if role in hidden else denied for role in ROLES}
    return {**expect, "other_member": 404, "outsider": 404, "anonymous": 302}


def dialogue(w):
    return {"dialogue_id": w.dialogue.pk}


def note(level):
    return lambda w: {"dialogue_id": w.dialogue.pk, "note_id": w.notes[level].pk}


def membership_of(who):
    def kwargs(w):
        membership = w.cast[who].memberships.get(dialogue=w.dialogue)
        return {"dialogue_id": w.dialogue.pk, "membership_id": membership.pk}

    return kwargs


def new_note(w):
    session = w.notes[Level.TEAM].session
    return {"session": session.pk, "text": "A new note", "level": Level.TEAM}


reset = {"uidb64": "MQ", "token": "set-password"}

CORE_CASES = [
    Case("home", everyone(200)),
    Case("healthz", everyone(200, anonymous=200)),
    Case("accounts:login", everyone(302, anonymous=200)),
    Case("accounts:logout", everyone(302, anonymous=302), method="post"),
    Case("accounts:password_change", everyone(200)),
    Case("accounts:password_change_done", everyone(200)),
    Case("accounts:password_reset", everyone(200, anonymous=200)),
    Case("accounts:password_reset_done", everyone(200, anonymous=200)),
    Case("accounts:password_reset_confirm", everyone(200, anonymous=200), kwargs=lambda w: reset),
    Case("accounts:password_reset_complete", everyone(200, anonymous=200)),
    Case("dialogues:detail", in_dialogue(CONTENT), kwargs=dialogue),
    Case("dialogues:member-list", in_dialogue(["organizer"]), kwargs=dialogue),
    Case(
        "dialogues:member-role",
        in_dialogue(["organizer"], 302),
        kwargs=membership_of("observer"),
        method="post",
        data=lambda w: {"role": "participant"},
    ),
    Case(
        "dialogues:member-remove",
        in_dialogue(["organizer"], 302),
        kwargs=membership_of("observer"),
        method="post",
    ),
    Case("dialogues:audit-list", in_dialogue(["organizer"]), kwargs=dialogue),
    Case("participants:list", in_dialogue(CONTENT), kwargs=dialogue),
    Case("facilitation:note-list", in_dialogue(CONTENT), kwargs=dialogue),
    Case(
        # Writing into a session follows Session.objects.writable_by: the world's
        # facilitator is not listed on the core session, so only organizers write into it.
        "facilitation:note-create",
        in_dialogue(["organizer"], 302),
        kwargs=dialogue,
        method="post",
        data=new_note,
    ),
    Case(
        "facilitation:note-detail",
        in_dialogue(CONTENT),
        kwargs=note(Level.REPORTABLE),
        label="reportable",
    ),
    Case(
        "facilitation:note-detail",
        in_dialogue(CONTENT),
        kwargs=note(Level.DIALOGUE),
        label="dialogue",
    ),
    Case(
        "facilitation:note-detail",
        in_dialogue(TEAM, hidden=["participant", "observer"]),
        kwargs=note(Level.TEAM),
        label="team",
    ),
    Case(
        "facilitation:note-detail",
        in_dialogue(["facilitator"], hidden=["organizer", "participant", "observer"]),
        kwargs=note(Level.RESTRICTED),
        label="restricted",
    ),
    Case(
        "facilitation:note-access",
        in_dialogue(["facilitator"], hidden=["organizer"]),
        kwargs=note(Level.RESTRICTED),
        label="restricted",
    ),
    Case("facilitation:note-access", in_dialogue([]), kwargs=note(Level.TEAM), label="team"),
]


def all_cases() -> list[Case]:
    from tests.privacy.world import area_modules

    cases = list(CORE_CASES)
    for module in area_modules():
        cases.extend(getattr(module, "CASES", []))
    return cases


CASES = all_cases()

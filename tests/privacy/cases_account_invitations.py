"""Privacy cases for invitations to an account (issue 12; trackii.organizations).

Who reads what:
- the dialogue's invitations on its member page (the invited addresses, role, state):
  its organizers only, who also invite, re-send and revoke;
- /join/<token>/: whoever holds a live token is the invited person as far as the link
  goes: anonymous, they see the code name, the role and the invited address (and a form
  to make their account); logged in with another account, a refusal naming nothing. A
  wrong token answers 404 to everyone, naming nothing.

The live link's invitation is into a dialogue of its own (MAPLE, in another organization
that no visitor belongs to): JUNIPER's code name is a canary for non-members, MAPLE's is
shown to the token holder.
"""

from tests.factories import AccountInvitationFactory, DialogueFactory, OrganizationFactory
from tests.privacy.url_cases import VISITORS, Case, dialogue, in_dialogue
from trackii.lib import ratelimit
from trackii.lib.tokens import hash_token
from trackii.privacy.roles import Role

JOIN_TOKEN = "matrix-token-of-the-maple-account-invitation-0123456789"

CANARIES = {
    # An address invited into JUNIPER: on the member page, for its organizers only.
    "canary-juniper-invitee@example.org": {"organizer"},
    # The invited address of the live link: shown to the link holder (anonymous here) only,
    # never to a logged-in visitor who is someone else.
    "canary-maple-invitee@example.org": {"anonymous"},
    "CANARY-MAPLE-REAL-TITLE": set(),
}


def plant(world):
    from trackii.organizations.views import RATE_SCOPE, RATE_WINDOW

    ratelimit.reset(RATE_SCOPE, "127.0.0.1", window=RATE_WINDOW)
    juniper_invitation = AccountInvitationFactory(
        org=world.dialogue.organization,
        dialogue=world.dialogue,
        email="canary-juniper-invitee@example.org",
        dialogue_role=Role.FACILITATOR,
    )
    world.objects["account_invitation"] = juniper_invitation
    other = world.cast.other_dialogue
    world.objects["other_account_invitation"] = AccountInvitationFactory(
        org=other.organization,
        dialogue=other,
        email="other-invitee@example.org",
        dialogue_role=Role.OBSERVER,
    )
    maple = DialogueFactory(
        code_name="MAPLE",
        title="CANARY-MAPLE-REAL-TITLE",
        organization=OrganizationFactory(name="Maple organization"),
    )
    AccountInvitationFactory(
        org=maple.organization,
        dialogue=maple,
        email="canary-maple-invitee@example.org",
        dialogue_role=Role.OBSERVER,
        org_role="",
        token_hash=hash_token(JOIN_TOKEN),
    )


def _not_found():
    return dict.fromkeys(VISITORS, 404)


def _live():
    return {**dict.fromkeys(VISITORS, 403), "anonymous": 200}


def invitation(key):
    def kwargs(w):
        return {"dialogue_id": w.dialogue.pk, "invitation_id": w.objects[key].pk}

    return kwargs


def _through_juniper_for_another_dialogue():
    # The role check comes first (403 for JUNIPER's other members); JUNIPER's organizer
    # cannot reach another dialogue's invitation through JUNIPER's URL (404).
    return {**in_dialogue(["organizer"], 302), "organizer": 404}


CASES = [
    Case(
        "dialogues:member-list",
        in_dialogue(["organizer"], 302),
        kwargs=dialogue,
        method="post",
        data=lambda w: {"email": "someone-new@example.org", "role": "observer"},
        label="invite",
    ),
    Case(
        "dialogues:member-invitation-resend",
        in_dialogue(["organizer"], 302),
        kwargs=invitation("account_invitation"),
        method="post",
    ),
    Case(
        "dialogues:member-invitation-revoke",
        in_dialogue(["organizer"], 302),
        kwargs=invitation("account_invitation"),
        method="post",
    ),
    Case(
        "dialogues:member-invitation-resend",
        _through_juniper_for_another_dialogue(),
        kwargs=invitation("other_account_invitation"),
        method="post",
        label="another dialogue's",
    ),
    Case(
        "dialogues:member-invitation-revoke",
        _through_juniper_for_another_dialogue(),
        kwargs=invitation("other_account_invitation"),
        method="post",
        label="another dialogue's",
    ),
    Case(
        "organizations:invitation-accept",
        _not_found(),
        kwargs=lambda w: {"token": "wrong-token"},
        label="wrong token",
    ),
    Case(
        "organizations:invitation-accept",
        _not_found(),
        kwargs=lambda w: {"token": "wrong-token"},
        method="post",
        data=lambda w: {"display_name": "X", "password": "y", "password_again": "y"},
        label="wrong token, post",
    ),
    Case(
        "organizations:invitation-accept",
        _live(),
        kwargs=lambda w: {"token": JOIN_TOKEN},
        label="live token",
    ),
]

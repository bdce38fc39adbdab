"""Privacy cases for invitations to an account (issue 12; trackii.organizations).

Who reads what:
- /join/<token>/: whoever holds a live token is the invited person as far as the link
  goes: anonymous, they see the code name, the role and the invited address (and a form
  to make their account); logged in with another account, a refusal naming nothing. A
  wrong token answers 404 to everyone, naming nothing.

The live link's invitation is into a dialogue of its own (MAPLE, in another organization
that no visitor belongs to): JUNIPER's code name is a canary for non-members, MAPLE's is
shown to the token holder.
"""

from tests.factories import AccountInvitationFactory, DialogueFactory, OrganizationFactory
from tests.privacy.url_cases import VISITORS, Case
from trackii.lib import ratelimit
from trackii.lib.tokens import hash_token
from trackii.privacy.roles import Role

JOIN_TOKEN = "matrix-token-of-the-maple-account-invitation-0123456789"

CANARIES = {
    # The invited address of the live link: shown to the link holder (anonymous here) only,
    # never to a logged-in visitor who is someone else.
    "canary-maple-invitee@example.org": {"anonymous"},
    "CANARY-MAPLE-REAL-TITLE": set(),
}


def plant(world):
    from trackii.organizations.views import RATE_SCOPE, RATE_WINDOW

    ratelimit.reset(RATE_SCOPE, "127.0.0.1", window=RATE_WINDOW)
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


CASES = [
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

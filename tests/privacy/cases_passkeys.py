"""Privacy cases for passkeys: adding, removing, and using one at the second step of a login.

Every visitor sees only their own passkeys. As in cases_accounts, the team (organizers,
facilitators, other_member) has passed the second factor with an authenticator app and nobody
has re-authenticated in the last five minutes:

- Adding (page and registration options): 404 for users without a second factor; for the
  others the "confirm it's you" form (200 on GET, 403 on a POST).
- Removing the organizer's passkey: the organizer gets the "confirm it's you" form; everyone
  else 404 (another user's passkey is not theirs to know of).
- The passkey step of a login: nothing left to verify for anyone, so the options are 404 and
  the login sends everyone on (302).

Canary: the name the organizer gave their passkey, shown on their own account page only.
"""

from tests.passkeys.authenticator import SoftAuthenticator
from tests.privacy.url_cases import Case, everyone, only_with_factor
from trackii.passkeys.models import Passkey

CANARIES = {"CANARY-PASSKEY-NAME": {"organizer"}}


def plant(world):
    authenticator = SoftAuthenticator(1)
    world.objects["passkey"] = Passkey.objects.create(
        user=world.cast["organizer"],
        name="CANARY-PASSKEY-NAME",
        credential_id=authenticator.credential_id_b64,
        public_key=authenticator.cose_public_key(),
    )


def organizers_passkey(w):
    return {"passkey_id": w.objects["passkey"].pk}


CASES = [
    Case("passkeys:passkey-add", only_with_factor(200)),
    Case(
        "passkeys:passkey-add",
        only_with_factor(403),
        method="post",
        data=lambda w: {"name": "A new passkey", "credential": "{}"},
        label="stale",
    ),
    Case("passkeys:registration-options", only_with_factor(403), method="post"),
    Case("passkeys:passkey-remove", everyone(404, organizer=200), kwargs=organizers_passkey),
    Case(
        "passkeys:passkey-remove",
        everyone(404, organizer=403),
        kwargs=organizers_passkey,
        method="post",
        label="stale",
    ),
    Case("passkeys:authentication-options", everyone(404), method="post"),
    Case(
        "passkeys:passkey-login",
        everyone(302),
        method="post",
        data=lambda w: {"credential": "{}"},
    ),
]

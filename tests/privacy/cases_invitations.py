"""Privacy cases for invitations and consent.

Who reads what (issue "Planning for organizers"; participants.services.invitations):
- the invitation list (answers, needs, consent state and history): the team, the
  readers of Invitation and ConsentRecord; organizers invite, revoke and re-send;
- dietary, access and travel needs: the team, and the invited person themselves
  (on their private link, or under /me/invitations/ when they have an account);
- /me/invitations/: every logged-in user sees their own invitations, nobody else's;
- /i/<token>/: whoever holds a live token sees that one invitation (the round's dates
  and city, the code name, the agreement, their own answers), whoever they are logged
  in as; a bogus token answers 404 to everyone.

The private link's invitation lives in a dialogue of its own (SAFFRON), of which no
visitor of the matrix is a member: its code name is shown to any token holder, while
JUNIPER's code name is a canary for non-members. Everything the token page must not
show (the real title, the description, the round's title, the hidden venue, the
invitee's own name and side, another invitee and their needs) is planted there as a
canary nobody may read.
"""

import datetime as dt

from django.utils import timezone

from participants.models import ConsentRecord, Invitation, Person, hash_token
from tests.factories import (
    ConsentRecordFactory,
    DialogueFactory,
    InvitationFactory,
    ParticipantFactory,
    PersonFactory,
    RoundFactory,
    SideFactory,
    VenueFactory,
)
from tests.privacy.url_cases import TEAM, VISITORS, Case, dialogue, everyone, in_dialogue
from trackii.lib import ratelimit

MATRIX_TOKEN = "matrix-token-of-the-saffron-invitation-0123456789abcdef"

CANARIES = {
    "CANARY-INVITATION-DIETARY": {"organizer", "facilitator"},
    "CANARY-OWN-ACCESS-NEEDS": {"organizer", "facilitator", "participant"},
    "CANARY-INVITE-VENUE-HIDDEN": {"organizer", "facilitator"},
    # The private link's dialogue: nobody in the matrix may read any of these.
    "CANARY-SAFFRON-REAL-TITLE": set(),
    "CANARY-SAFFRON-DESCRIPTION": set(),
    "CANARY-SAFFRON-ROUND-TITLE": set(),
    "CANARY-SAFFRON-VENUE-NAME": set(),
    "CANARY-SAFFRON-INVITEE-NAME": set(),
    "CANARY-SAFFRON-INVITEE-SIDE": set(),
    "CANARY-SAFFRON-OTHER-INVITEE": set(),
    "CANARY-SAFFRON-OTHER-DIETARY": set(),
}


def _own_participant(world):
    """The cast's participant as a Person with a participation in JUNIPER (the same
    way the rounds area links them, whichever area runs first)."""
    person = Person.objects.filter(user=world.cast["participant"]).first()
    if person is None:
        person = world.participants["open"].person
        person.user = world.cast["participant"]
        person.save()
    return person.participations.get(dialogue=world.dialogue)


def _plant_saffron(world):
    saffron = DialogueFactory(
        code_name="SAFFRON",
        title="CANARY-SAFFRON-REAL-TITLE",
        description="CANARY-SAFFRON-DESCRIPTION",
        agreement_text="Nothing said in the room is attributed to anyone.",
    )
    side = SideFactory(dialogue=saffron, name="CANARY-SAFFRON-INVITEE-SIDE")
    venue = VenueFactory(dialogue=saffron, name="CANARY-SAFFRON-VENUE-NAME", city="Vienna")
    round_ = RoundFactory(dialogue=saffron, title="CANARY-SAFFRON-ROUND-TITLE", venue=venue)
    invitee = ParticipantFactory(
        side=side,
        person=PersonFactory(name="CANARY-SAFFRON-INVITEE-NAME", email="invitee@example.org"),
    )
    InvitationFactory(
        round=round_,
        participant=invitee,
        token_hash=hash_token(MATRIX_TOKEN),
        sent_at=timezone.now(),
        show_venue=False,
        dietary_needs="No nuts, please",
    )
    other = ParticipantFactory(side=side, person=PersonFactory(name="CANARY-SAFFRON-OTHER-INVITEE"))
    InvitationFactory(
        round=round_,
        participant=other,
        token_hash=hash_token("another-token"),
        dietary_needs="CANARY-SAFFRON-OTHER-DIETARY",
    )
    ConsentRecordFactory(participant=other, via=ConsentRecord.Via.LINK)


def plant(world):
    # Every matrix request comes from 127.0.0.1: start each test with a fresh count.
    from participants.views.public import RATE_SCOPE, RATE_WINDOW

    ratelimit.reset(RATE_SCOPE, "127.0.0.1", window=RATE_WINDOW)

    venue = VenueFactory(dialogue=world.dialogue, name="CANARY-INVITE-VENUE-HIDDEN", city="Oslo")
    round_ = RoundFactory(
        dialogue=world.dialogue,
        title="Invitations round",
        starts_on=dt.date(2027, 3, 1),
        ends_on=dt.date(2027, 3, 3),
        venue=venue,
    )
    world.objects["invitation_round"] = round_
    own = InvitationFactory(
        round=round_,
        participant=_own_participant(world),
        show_venue=False,
        access_needs="CANARY-OWN-ACCESS-NEEDS",
    )
    world.objects["own_invitation"] = own

    team_participant = world.participants["team"]
    world.objects["invitation"] = InvitationFactory(
        round=round_,
        participant=team_participant,
        dietary_needs="CANARY-INVITATION-DIETARY",
        sent_at=timezone.now(),
        response=Invitation.Response.ACCEPTED,
        responded_at=timezone.now() - dt.timedelta(days=1),
    )
    ConsentRecordFactory(participant=team_participant, given=True)
    ConsentRecordFactory(participant=team_participant, given=False)

    _plant_saffron(world)


def token(w):
    return {"token": MATRIX_TOKEN}


def bogus_token(w):
    return {"token": "bogus-token-that-opens-nothing"}


def invitation(w):
    return {"dialogue_id": w.dialogue.pk, "invitation_id": w.objects["invitation"].pk}


def own_invitation(w):
    return {"invitation_id": w.objects["own_invitation"].pk}


def own_prefixed(**data):
    def build(w):
        prefix = f"inv{w.objects['own_invitation'].pk}"
        return {f"{prefix}-{key}": value for key, value in data.items()}

    return build


def new_invitation(w):
    return {
        "round": w.objects["invitation_round"].pk,
        "participant": w.participants["protected"].pk,
        "valid_days": 21,
    }


def only_the_invitee(ok):
    """A write on one's own invitation: the invitee `ok`, anyone else 404 (it is not theirs
    to know of), anonymous visitors to the login page."""
    return {**dict.fromkeys(VISITORS, 404), "participant": ok, "anonymous": 302}


ORGANIZER = ["organizer"]

CASES = [
    Case("invitation:respond", everyone(200, anonymous=200), kwargs=token, label="valid"),
    Case(
        "invitation:respond",
        everyone(302, anonymous=302),
        kwargs=token,
        method="post",
        data=lambda w: {"form": "answer", "response": "accepted"},
        label="valid-answer",
    ),
    Case("invitation:respond", everyone(404, anonymous=404), kwargs=bogus_token, label="bogus"),
    Case("participants:invitation-list", in_dialogue(TEAM), kwargs=dialogue),
    Case("participants:invitation-create", in_dialogue(ORGANIZER), kwargs=dialogue),
    Case(
        "participants:invitation-create",
        in_dialogue(ORGANIZER, 302),
        kwargs=dialogue,
        method="post",
        data=new_invitation,
        label="post",
    ),
    Case(
        "participants:invitation-revoke",
        in_dialogue(ORGANIZER, 302),
        kwargs=invitation,
        method="post",
    ),
    Case(
        "participants:invitation-resend",
        in_dialogue(ORGANIZER, 302),
        kwargs=invitation,
        method="post",
    ),
    Case("mine:invitations", everyone(200)),
    Case(
        "mine:invitation-answer",
        only_the_invitee(302),
        kwargs=own_invitation,
        method="post",
        data=own_prefixed(response="accepted"),
    ),
    Case(
        "mine:invitation-consent",
        only_the_invitee(302),
        kwargs=own_invitation,
        method="post",
        data=own_prefixed(decision="give"),
    ),
    Case(
        "mine:invitation-needs",
        only_the_invitee(302),
        kwargs=own_invitation,
        method="post",
        data=own_prefixed(dietary_needs="vegetarian", access_needs="", travel_needs=""),
    ),
]

"""A small, realistic demo on an invented conflict, with one login per role.

Idempotent: every object is found by a natural key before it is created, so a
second run changes nothing.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from guardian.shortcuts import assign_perm

from dialogues.models import Dialogue, Round, Side
from facilitation.models import Note, Session
from participants.models import Participant, Person
from trackii.privacy.levels import Level
from trackii.privacy.models import Membership
from trackii.privacy.roles import Role

DEMO_PASSWORD = "trackii-demo-2026"  # noqa: S105 -- published demo login, printed by the command
DOMAIN = "demo.trackii.test"

LOGINS = [
    ("organizer", Role.ORGANIZER, "Amira Haddad"),
    ("facilitator", Role.FACILITATOR, "Jonas Lind"),
    ("cofacilitator", Role.FACILITATOR, "Mei Tanaka"),
    ("participant", Role.PARTICIPANT, "Participant account"),
    ("funder", Role.FUNDER, "Foundation officer"),
    ("observer", Role.OBSERVER, "Observer account"),
    ("outsider", None, "Someone with no dialogue"),
]

PEOPLE = [
    # name, affiliation, side, protected, state, level
    ("Dr. Tomas Varga", "University of Ostrava (ret.)", "Northern Council", False, "confirmed"),
    (
        "Leyla Karimova",
        "Former deputy minister, Northern Council",
        "Northern Council",
        True,
        "confirmed",
    ),
    ("Nadia Saleh", "Riverlands Women's Network", "Riverlands Alliance", False, "confirmed"),
    (
        "Col. (ret.) Idris Okafor",
        "Riverlands veterans' association",
        "Riverlands Alliance",
        False,
        "invited",
    ),
    ("Prof. Anneli Koski", "Convener, Nordic peace institute", "Third party", False, "confirmed"),
]

NOTES = [
    (Level.REPORTABLE, "Both sides agreed to meet again within three months.", "", ""),
    (
        Level.DIALOGUE,
        "Shared summary: water allocation was raised as the first practical topic.",
        "",
        "",
    ),
    (
        Level.TEAM,
        "Tension rose when the checkpoint incident came up; we moved to a break early.",
        "Riverlands Alliance",
        "",
    ),
    (
        Level.TEAM,
        "A Northern participant hinted that the council might accept joint monitoring.",
        "Northern Council",
        "speaker asked not to be named",
    ),
    (
        Level.RESTRICTED,
        "Private word from a participant: their ministry is briefed after each round.",
        "Northern Council",
        "Leyla Karimova",
    ),
]


class Command(BaseCommand):
    help = "Create (or leave as it is) the demo dialogue and one login per role."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the logins")

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        users = {}
        for key, _role, name in LOGINS:
            user, created = User.objects.get_or_create(
                email=f"{key}@{DOMAIN}", defaults={"display_name": name}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            users[key] = user

        juniper, _ = Dialogue.objects.get_or_create(
            code_name="JUNIPER",
            defaults={
                "title": "Highlands water and boundary dialogue",
                "description": (
                    "An invented conflict between the Northern Council and the Riverlands "
                    "Alliance over the upper Veld river valley: water rights, a disputed "
                    "boundary and checkpoints that divide families."
                ),
                "status": Dialogue.Status.ACTIVE,
            },
        )
        # A second dialogue, so that "member of another dialogue only" is visible in the demo.
        alder, _ = Dialogue.objects.get_or_create(
            code_name="ALDER",
            defaults={"title": "Coastal fisheries dialogue", "status": Dialogue.Status.EXPLORING},
        )
        for key, role, _name in LOGINS:
            if role is not None:
                Membership.objects.get_or_create(
                    dialogue=juniper, user=users[key], defaults={"role": role}
                )
        Membership.objects.get_or_create(
            dialogue=alder, user=users["cofacilitator"], defaults={"role": Role.ORGANIZER}
        )

        sides = {}
        for name, third in [
            ("Northern Council", False),
            ("Riverlands Alliance", False),
            ("Third party", True),
        ]:
            sides[name], _ = Side.objects.get_or_create(
                dialogue=juniper, name=name, defaults={"is_third_party": third}
            )

        round1, _ = Round.objects.get_or_create(
            dialogue=juniper,
            title="Round 1",
            defaults={"starts_on": dt.date(2026, 10, 12), "ends_on": dt.date(2026, 10, 14)},
        )
        day = dt.datetime(2026, 10, 12, 9, 0, tzinfo=dt.UTC)
        session, created = Session.objects.get_or_create(
            round=round1,
            title="Opening plenary: hopes and fears",
            defaults={"starts_at": day, "ends_at": day + dt.timedelta(hours=3)},
        )
        if created:
            session.facilitators.add(users["facilitator"], users["cofacilitator"])
        Session.objects.get_or_create(
            round=round1,
            title="Working group: water allocation",
            defaults={
                "starts_at": day + dt.timedelta(days=1),
                "ends_at": day + dt.timedelta(days=1, hours=3),
            },
        )

        for name, affiliation, side, protected, state in PEOPLE:
            person, _ = Person.objects.get_or_create(
                name=name, defaults={"affiliation": affiliation, "is_protected": protected}
            )
            Participant.objects.get_or_create(
                dialogue=juniper,
                person=person,
                defaults={
                    "side": sides[side],
                    "state": state,
                    "level": Level.DIALOGUE,
                    "author": users["organizer"],
                },
            )

        for level, text, side, speaker in NOTES:
            note, created = Note.objects.get_or_create(
                dialogue=juniper,
                session=session,
                text=text,
                defaults={
                    "level": level,
                    "speaker_side": sides.get(side),
                    "speaker": speaker,
                    "author": users["facilitator"]
                    if level != Level.RESTRICTED
                    else users["organizer"],
                },
            )
            if created and level == Level.RESTRICTED:
                # The restricted note is granted to one facilitator, as DESIGN.md's demo asks.
                assign_perm("facilitation.view_note", users["facilitator"], note)

        if not options["quiet_logins"]:
            self.stdout.write(f"Demo ready. Logins (password for each: {DEMO_PASSWORD}):")
            for key, role, _name in LOGINS:
                label = role.label if role else "no membership"
                self.stdout.write(f"  {key + '@' + DOMAIN:<34} {label}")

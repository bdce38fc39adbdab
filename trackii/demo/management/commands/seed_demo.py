"""A small, realistic demo on an invented conflict, with one login per role, and a
second, larger dialogue whose published funder report shows figures.

Idempotent: every object is found by a natural key before it is created, so a
second run changes nothing. JUNIPER's rounds are placed around the day of the first
run (one just held, two ahead), so its open invitation can be answered whenever the
demo is loaded; ROWAN's rounds are fixed in the past.
"""

import datetime as dt
import hashlib
import hmac
import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from guardian.shortcuts import assign_perm

from dialogues.models import (
    ChangeStatement,
    ChangeStatementRevision,
    Dialogue,
    Funder,
    FunderContact,
    Funding,
    Indicator,
    ParticipantText,
    ReportingObligation,
    Round,
    Side,
    Venue,
    VenueSideAccess,
)
from dialogues.services import theory
from dialogues.services.participant_texts import text_digest
from facilitation import entries
from facilitation.models import Note, Option, Session
from participants.models import (
    ConsentRecord,
    Invitation,
    Participant,
    Person,
    RoundParticipation,
    VettingNote,
    hash_token,
)
from reports import services as report_services
from reports import tasks as report_tasks
from reports.models import Report
from trackii.accounts.services import AUTHENTICATOR_NAME
from trackii.demo import large
from trackii.lib.tokens import new_token
from trackii.organizations.models import (
    AccountInvitation,
    Organization,
    OrganizationMembership,
    OrgRole,
)
from trackii.privacy.levels import Level
from trackii.privacy.models import Membership
from trackii.privacy.roles import Role

DEMO_PASSWORD = "trackii-demo-2026"  # noqa: S105 -- published demo login, printed by the command
DOMAIN = "demo.trackii.test"
#: Invited to JUNIPER as a facilitator, with no account yet: the printed link shows how
#: people join (set a name and password, then a second factor).
NEW_COLLEAGUE = f"newcolleague@{DOMAIN}"
ORGANIZATION_NAME = "Highlands Peace Initiative (demo)"
#: The demo team's authenticator key (hex), published like the password: organizers and
#: facilitators must pass a second factor, and `manage.py demo_code` shows the code.
DEMO_TOTP_KEY = "7472616b69692d64656d6f2d746f74702d6b6579"
TEAM_LOGINS = ("organizer", "facilitator", "cofacilitator")
NORTH, RIVER, THIRD = "Northern Council", "Riverlands Alliance", "Third party"
#: The second, larger dialogue: made in bulk like the large demo (trackii/demo/large.py),
#: with groups above k, and one published funder report the demo funder can open.
LARGE_CODE_NAME = "ROWAN"
LARGE_REPORT_TITLE = "ROWAN: the dialogue so far"
#: How to run manage.py on a machine set up as the README says (`make run` made .venv).
MANAGE = ".venv/bin/python manage.py"

LOGINS = [
    ("organizer", Role.ORGANIZER, "Amira Haddad"),
    ("facilitator", Role.FACILITATOR, "Jonas Lind"),
    ("cofacilitator", Role.FACILITATOR, "Mei Tanaka"),
    ("participant", Role.PARTICIPANT, "Nadia Saleh"),
    ("funder", Role.FUNDER, "Foundation officer"),
    ("observer", Role.OBSERVER, "Observer account"),
    ("outsider", None, "Someone with no dialogue"),
]

AGREEMENT = (
    "We meet under the Chatham House rule: what is said may be used, never who said it.\n"
    "No recordings. Notes are kept by the facilitation team only.\n"
    "Nobody names another participant outside the dialogue, for ten years."
)

# name, affiliation, position kind, country, gender, side, protected, state, level, user key
#: Participants who read another language best: organizers see it on the participant's
#: page; the invitation e-mail and private page use it (the page can switch).
PREFERRED_LANGUAGES = {"Col. (ret.) Idris Okafor": "ar", "Samir Haddou": "fr"}

PEOPLE = [
    (
        "Dr. Tomas Varga",
        "University of Ostrava (ret.)",
        "academic",
        "Northland",
        "man",
        NORTH,
        False,
        "confirmed",
        Level.DIALOGUE,
        None,
    ),
    (
        "Leyla Karimova",
        "Former deputy minister, Northern Council",
        "ex_official",
        "Northland",
        "woman",
        NORTH,
        True,
        "confirmed",
        Level.DIALOGUE,
        None,
    ),
    (
        "Pavel Dorn",
        "Council liaison office",
        "official",
        "Northland",
        "man",
        NORTH,
        False,
        "vetted",
        Level.TEAM,
        None,
    ),
    (
        "Irena Volk",
        "Northland Journalists' Union",
        "journalist",
        "Northland",
        "woman",
        NORTH,
        False,
        "proposed",
        Level.TEAM,
        None,
    ),
    (
        "Nadia Saleh",
        "Riverlands Women's Network",
        "civil_society",
        "Riverlands",
        "woman",
        RIVER,
        False,
        "confirmed",
        Level.DIALOGUE,
        "participant",
    ),
    (
        "Col. (ret.) Idris Okafor",
        "Riverlands veterans' association",
        "military",
        "Riverlands",
        "man",
        RIVER,
        False,
        "invited",
        Level.DIALOGUE,
        None,
    ),
    (
        "Samir Haddou",
        "Chamber of commerce, Riverlands",
        "business",
        "Riverlands",
        "man",
        RIVER,
        True,
        "confirmed",
        Level.DIALOGUE,
        None,
    ),
    (
        "Hanna Beck",
        "Riverlands university",
        "academic",
        "Riverlands",
        "woman",
        RIVER,
        False,
        "declined",
        Level.TEAM,
        None,
    ),
    (
        "Prof. Anneli Koski",
        "Convener, Nordic peace institute",
        "academic",
        "Finland",
        "woman",
        THIRD,
        False,
        "confirmed",
        Level.DIALOGUE,
        None,
    ),
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
        RIVER,
        "",
    ),
    (
        Level.TEAM,
        "A Northern participant hinted that the council might accept joint monitoring.",
        NORTH,
        "",  # the speaker asked not to be named: their side only
    ),
    (
        Level.RESTRICTED,
        "Private word from a participant: their ministry is briefed after each round.",
        NORTH,
        # Never a protected participant's name: the note records her side only.
        "",
    ),
]


def demo_token(invitation_pk: int) -> str:
    """The demo invitation's link token, reproducible from SECRET_KEY so that every run of
    seed_demo can print the same working link. Real invitations use random tokens."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"demo-invitation-{invitation_pk}".encode(), hashlib.sha256
    ).hexdigest()


def demo_account_token(invitation_pk: int) -> str:
    """The demo's invitation to an account: its link token, reproducible from SECRET_KEY as
    Nadia's is, so every run prints the same working link. Real ones use random tokens."""
    return hmac.new(
        settings.SECRET_KEY.encode(),
        f"demo-account-invitation-{invitation_pk}".encode(),
        hashlib.sha256,
    ).hexdigest()


def at(day: dt.date, hour: int, minute: int, tz: str) -> dt.datetime:
    from zoneinfo import ZoneInfo

    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(tz))


def get_or_create_matching(model, *, scope: dict, match: dict, defaults: dict | None = None):
    """get_or_create for encrypted fields, which SQL cannot compare: SQL finds the
    candidates by `scope` (clear fields: a foreign key), Python compares `match`. Keeps the
    seed idempotent: a second run finds what the first one made."""
    for obj in model.objects.filter(**scope):
        if all(getattr(obj, name) == value for name, value in match.items()):
            return obj, False
    return model.objects.create(**scope, **match, **(defaults or {})), True


def demo_agreement(dialogue) -> None:
    """Version 1 of the dialogue's agreement, in English (its reference language)."""
    ParticipantText.objects.get_or_create(
        dialogue=dialogue,
        kind=ParticipantText.Kind.AGREEMENT,
        language="en",
        version=1,
        defaults={"text": AGREEMENT},
    )


class Command(BaseCommand):
    help = "Create (or leave as it is) the demo dialogue and one login per role."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the logins")
        parser.add_argument(
            "--scale",
            choices=["small", "large"],
            default="small",
            help="small: the demo dialogue (default); large: trackii at scale (demo/large.py)",
        )
        parser.add_argument(
            "--scale-factor", type=float, default=1.0, help="large only: a fraction of its counts"
        )
        parser.add_argument("--seed", type=int, default=2026, help="large only: random seed")

    def handle(self, *args, **options):
        if options["scale"] == "large":
            return self.handle_large(options)
        return self.handle_small(options)

    def handle_large(self, options):
        from trackii.demo import large

        result = large.build(
            seed=options["seed"], factor=options["scale_factor"], log=self.stdout.write
        )
        if result.already_seeded:
            self.stdout.write("The large demo is there already: nothing changed.")
            return
        for name, count in result.counts.items():
            self.stdout.write(f"  {name:<22} {count:>9,}")
        for name in result.skipped:
            self.stdout.write(f"  {name}: no such model in this version, none made")
        self.stdout.write(f"Large demo made in {result.seconds:.1f} s.")
        if not options["quiet_logins"]:
            self.stdout.write(
                f"Logins: {large.login_email('organizer', 1)} (and facilitator, participant, "
                f"funder, observer), password {DEMO_PASSWORD}; team logins need "
                f"`{MANAGE} demo_code {large.login_email('organizer', 1)}`."
            )

    def handle_small(self, options):
        # One transaction; the work it hands on (the report's PDF, the funder's e-mail) runs
        # after its commit, before the logins are printed.
        with transaction.atomic():
            self.users = self.make_users()
            juniper = self.make_dialogue()
            self.sides = self.make_sides(juniper)
            self.make_theory(juniper)
            venues = self.make_venues(juniper)
            rounds = self.make_rounds(juniper, venues)
            self.make_sessions(rounds)
            participants = self.make_participants(juniper)
            self.make_round_participation(rounds, participants)
            self.make_notes(juniper, rounds["r1"])
            self.make_console_entries(rounds["r1"])
            nordic = self.make_funding(juniper)
            link = self.make_invitations(rounds, participants)
            join_link = self.make_account_invitation(juniper)
            report_link = self.make_large_dialogue(nordic)

        if not options["quiet_logins"]:
            self.stdout.write(f"Demo ready. Logins (password for each: {DEMO_PASSWORD}):")
            for key, role, _name in LOGINS:
                label = role.label if role else "no membership"
                self.stdout.write(f"  {key + '@' + DOMAIN:<34} {label}")
            self.stdout.write(
                "Organizers and facilitators also need a second-factor code: "
                f"`{MANAGE} demo_code organizer` (or facilitator, cofacilitator) prints the "
                "current one."
            )
            self.stdout.write(
                f"A new colleague's invitation ({NEW_COLLEAGUE}, facilitator of JUNIPER): "
                f"{join_link}"
            )
            self.stdout.write(
                f"The funder's published report on {LARGE_CODE_NAME} "
                f"(log in as funder@{DOMAIN}): {report_link}"
            )
            self.stdout.write(f"Nadia Saleh's private invitation link (no login): {link}")

    # --- people and the dialogue ---------------------------------------------------

    def make_users(self):
        User = get_user_model()
        users = {}
        for key, _role, name in LOGINS:
            user, created = User.objects.get_or_create(
                email=f"{key}@{DOMAIN}", defaults={"display_name": name}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            if key in TEAM_LOGINS:
                TOTPDevice.objects.get_or_create(
                    user=user,
                    name=AUTHENTICATOR_NAME,
                    defaults={"key": DEMO_TOTP_KEY, "confirmed": True},
                )
            users[key] = user
        return users

    def make_organization(self):
        """The demo's organization: the organizer administers it, the co-facilitator may
        start dialogues in it, the facilitator is a member. Participants, the funder and
        the observer are not members: they see its dialogues, never the organization."""
        org = Organization.objects.filter(dialogues__code_name="JUNIPER").first()
        if org is None:
            org = Organization.objects.create(name=ORGANIZATION_NAME)
        for key, role in [
            ("organizer", OrgRole.ADMIN),
            ("cofacilitator", OrgRole.CREATOR),
            ("facilitator", OrgRole.MEMBER),
        ]:
            OrganizationMembership.objects.get_or_create(
                org=org, user=self.users[key], defaults={"role": role}
            )
        return org

    def make_dialogue(self):
        self.organization = org = self.make_organization()
        juniper, _ = Dialogue.objects.get_or_create(
            organization=org,
            code_name="JUNIPER",
            defaults={
                "title": "Highlands water and boundary dialogue",
                "description": (
                    "An invented conflict between the Northern Council and the Riverlands "
                    "Alliance over the upper Veld river valley: water rights, a disputed "
                    "boundary and checkpoints that divide families."
                ),
                "context": (
                    "A space for people close to both leaderships to explore, in private, "
                    "practical steps on water and movement across the valley."
                ),
                "status": Dialogue.Status.ACTIVE,
                "agreement_records_access": "Organizers and facilitators only; no recordings.",
                "agreement_years": 10,
            },
        )
        demo_agreement(juniper)
        # A second dialogue, so that "member of another dialogue only" shows in the demo.
        alder, _ = Dialogue.objects.get_or_create(
            organization=org,
            code_name="ALDER",
            defaults={"title": "Coastal fisheries dialogue", "status": Dialogue.Status.EXPLORING},
        )
        for key, role, _name in LOGINS:
            if role is not None:
                Membership.objects.get_or_create(
                    dialogue=juniper, user=self.users[key], defaults={"role": role}
                )
        Membership.objects.get_or_create(
            dialogue=alder, user=self.users["cofacilitator"], defaults={"role": Role.ORGANIZER}
        )
        return juniper

    def make_sides(self, juniper):
        sides = {}
        for name, third in [(NORTH, False), (RIVER, False), (THIRD, True)]:
            sides[name], _ = get_or_create_matching(
                Side,
                scope={"dialogue": juniper},
                match={"name": name},
                defaults={"is_third_party": third},
            )
        return sides

    def make_theory(self, juniper):
        statement, created = ChangeStatement.objects.get_or_create(
            dialogue=juniper,
            position=1,
            defaults={
                "if_text": "people trusted by both leaderships work through water sharing together",
                "then_text": "each side's officials will hear workable options from their own",
                "because_text": "advice from one's own side is heard where the other side's is not",
                "assumptions": "Participants keep their access; the valley stays calm enough.",
                "indicators": "An option from the room appears in an official briefing.",
                "level": Level.TEAM,
                "author": self.users["organizer"],
            },
        )
        if created:
            ChangeStatementRevision.objects.create(
                statement=statement,
                edited_by=self.users["organizer"],
                content={
                    "if_text": "people close to the leaderships meet",
                    "then_text": statement.then_text,
                    "because_text": statement.because_text,
                    "assumptions": "",
                    "indicators": "",
                },
            )
        ChangeStatement.objects.get_or_create(
            dialogue=juniper,
            position=2,
            defaults={
                "if_text": "participants experience small joint tasks that succeed",
                "then_text": "they will argue for the dialogue at home",
                "because_text": "shared success changes how the other side is seen",
                "level": Level.TEAM,
                "author": self.users["organizer"],
            },
        )

    def make_venues(self, juniper):
        specs = [
            (
                "Villa Lindenhof",
                "Switzerland",
                "Geneva",
                "Europe/Zurich",
                24,
                "4200",
                "CHF",
                (5, 5, 4, 3),
                {NORTH: (True, "3.5"), RIVER: (False, "5")},
            ),
            (
                "Fjordhotel Solstrand",
                "Norway",
                "Bergen",
                "Europe/Oslo",
                18,
                "3100",
                "EUR",
                (5, 4, 4, 4),
                {NORTH: (True, "6"), RIVER: (True, "7.5")},
            ),
            (
                "Hakone Retreat House",
                "Japan",
                "Hakone",
                "Asia/Tokyo",
                30,
                "2600",
                "EUR",
                (4, 5, 5, 3),
                {NORTH: (False, "14"), RIVER: (True, "15")},
            ),
        ]
        venues = {}
        for name, country, city, tz, cap, cost, cur, (neu, dis, sec, acc), access in specs:
            venue, _ = get_or_create_matching(
                Venue,
                scope={"dialogue": juniper},
                match={"name": name},
                defaults={
                    "country": country,
                    "city": city,
                    "time_zone": tz,
                    "capacity": cap,
                    "cost_per_day": Decimal(cost),
                    "currency": cur,
                    "neutrality": neu,
                    "discretion": dis,
                    "security": sec,
                    "accessibility": acc,
                    "notes": "Private entrance; staff sign confidentiality undertakings.",
                },
            )
            for side, (visa, hours) in access.items():
                VenueSideAccess.objects.get_or_create(
                    venue=venue,
                    side=self.sides[side],
                    defaults={"visa_needed": visa, "travel_hours": Decimal(hours)},
                )
            venues[city] = venue
        return venues

    def make_rounds(self, juniper, venues):
        """Round 1 was held seven weeks before the first run; rounds 2 and 3 are ahead."""
        today = timezone.localdate()
        r1, r2, r3 = (today + dt.timedelta(weeks=w) for w in (-7, 10, 24))
        specs = {
            "r1": (
                "Round 1",
                r1,
                r1 + dt.timedelta(days=2),
                venues["Geneva"],
                True,
                "problem_solving",
                "Agree on ground rules; map the water questions.",
            ),
            "r2": (
                "Round 2",
                r2,
                r2 + dt.timedelta(days=2),
                venues["Hakone"],
                False,
                "scenarios",
                "Build three scenarios for the valley in 2035.",
            ),
            "r3": (
                "Round 3",
                r3,
                r3 + dt.timedelta(days=2),
                None,
                False,
                "fact_finding",
                "Joint look at the river data.",
            ),
        }
        rounds = {}
        for key, (title, first, last, venue, shared, method, objectives) in specs.items():
            rounds[key], _ = get_or_create_matching(
                Round,
                scope={"dialogue": juniper},
                match={"title": title},
                defaults={
                    "starts_on": first,
                    "ends_on": last,
                    "venue": venue,
                    "venue_shared": shared,
                    "methodology": method,
                    "objectives": objectives,
                },
            )
        return rounds

    def make_sessions(self, rounds):
        fac, cofac, org = (self.users[k] for k in ("facilitator", "cofacilitator", "organizer"))
        r1, r2 = rounds["r1"], rounds["r2"]
        specs = [
            (
                r1,
                "Opening plenary: hopes and fears",
                at(r1.starts_on, 11, 0, "Europe/Zurich"),
                3,
                "plenary",
                [fac, cofac],
            ),
            (
                r1,
                "Working group: water allocation",
                at(r1.starts_on + dt.timedelta(days=1), 11, 0, "Europe/Zurich"),
                3,
                "working_group",
                [fac],
            ),
            (
                r2,
                "Scenarios: what could go wrong",
                at(r2.starts_on, 9, 30, "Asia/Tokyo"),
                2,
                "plenary",
                [fac, org],
            ),
            (
                r2,
                "Scenarios: a good year in 2035",
                at(r2.starts_on, 14, 0, "Asia/Tokyo"),
                2,
                "working_group",
                [cofac],
            ),
        ]
        for rnd, title, starts, hours, fmt, facilitators in specs:
            session, created = get_or_create_matching(
                Session,
                scope={"round": rnd},
                match={"title": title},
                defaults={
                    "starts_at": starts,
                    "ends_at": starts + dt.timedelta(hours=hours),
                    "format": fmt,
                    "agenda_item": title.split(":", 1)[-1].strip().capitalize(),
                },
            )
            if created:
                session.facilitators.add(*facilitators)

    def make_participants(self, juniper):
        # Names are encrypted at rest, so SQL cannot find a person by name: the demo's
        # people are matched in Python among the dialogue's participants.
        existing = {
            p.person.name: p
            for p in Participant.objects.filter(dialogue=juniper).select_related("person")
        }
        participants = {}
        for (
            name,
            affiliation,
            kind,
            country,
            gender,
            side,
            protected,
            state,
            level,
            user_key,
        ) in PEOPLE:
            if name in existing:
                participants[name] = existing[name]
                continue
            person = Person.objects.create(
                name=name,
                affiliation=affiliation,
                position_kind=kind,
                country=country,
                gender=gender,
                is_protected=protected,
                # Their invitation e-mail and private page come in this language.
                preferred_language=PREFERRED_LANGUAGES.get(name, ""),
                email=f"{name.split()[-1].lower()}@example.org",
                user=self.users[user_key] if user_key else None,
            )
            participants[name] = Participant.objects.create(
                dialogue=juniper,
                person=person,
                side=self.sides[side],
                state=state,
                level=level,
                author=self.users["organizer"],
                proposed_by=self.users["organizer"],
                rationale_influence="Listened to in their side's leadership circles.",
                rationale_openness="Has met people from the other side before.",
            )
        # Vetting notes are encrypted too: made once, when the participant has none.
        for name, text, level, author in [
            (
                "Dr. Tomas Varga",
                "References from two former colleagues: discreet, keeps confidences.",
                Level.TEAM,
                "facilitator",
            ),
            (
                "Leyla Karimova",
                "Under watch at home; never put her name in anything that leaves the team.",
                Level.RESTRICTED,
                "organizer",
            ),
        ]:
            participant = participants[name]
            if not participant.vetting_notes.exists():
                VettingNote.objects.create(
                    participant=participant,
                    dialogue=juniper,
                    text=text,
                    level=level,
                    author=self.users[author],
                )
        return participants

    def make_round_participation(self, rounds, participants):
        r1_people = [
            "Dr. Tomas Varga",
            "Leyla Karimova",
            "Nadia Saleh",
            "Samir Haddou",
            "Prof. Anneli Koski",
        ]
        for name in r1_people:
            RoundParticipation.objects.get_or_create(
                round=rounds["r1"], participant=participants[name], defaults={"attended": True}
            )
        # Round 2 has confirmed people from one side only: the balance warning shows.
        for name in ["Nadia Saleh", "Samir Haddou"]:
            RoundParticipation.objects.get_or_create(
                round=rounds["r2"], participant=participants[name]
            )

    def make_notes(self, juniper, round1):
        # Note text is encrypted at rest, so notes are made once, when the session has none.
        session = Session.objects.filter(round=round1).order_by("starts_at").first()
        if session.notes.exists():
            return
        for level, text, side, speaker in NOTES:
            note = Note.objects.create(
                dialogue=juniper,
                session=session,
                text=text,
                level=level,
                speaker_side=self.sides.get(side),
                speaker=speaker,
                author=self.users["organizer" if level == Level.RESTRICTED else "facilitator"],
            )
            if level == Level.RESTRICTED:
                # The restricted note is granted to one facilitator, as the demo promises.
                assign_perm("facilitation.view_note", self.users["facilitator"], note)

    def make_console_entries(self, round1):
        """What the co-facilitators logged live. The console's services are idempotent by
        client key, so fixed keys make a second run store nothing new."""
        session = Session.objects.filter(round=round1).order_by("starts_at").first()
        facilitator = self.users["facilitator"]
        keys = uuid.UUID("6f1c3a52-0d4e-4b8e-9a55-3d2f7c1e9b10")

        def log(name, kind, text, level, side=None):
            return entries.entry_create(
                actor=facilitator,
                session=session,
                kind=kind,
                text=text,
                level=level,
                client_key=uuid.uuid5(keys, name),
                side=side,
            )

        log(
            "step-dinner",
            "step",
            "Informal dinner: both sides told stories of the valley before the checkpoints.",
            Level.TEAM,
        )
        log(
            "option-commission",
            "option",
            "Joint water commission\nA standing body with engineers from both sides.",
            Level.TEAM,
            self.sides[NORTH],
        )
        quotas, created = log(
            "option-quotas",
            "option",
            "Seasonal water quotas\nShares that follow the river's flow, reviewed each spring.",
            Level.DIALOGUE,
            self.sides[RIVER],
        )
        if created:
            entries.option_transition(
                actor=facilitator,
                option=quotas,
                from_state=Option.State.FLOATED,
                to_state=Option.State.EXPLORED,
                reason="Both sides asked for numbers.",
            )
        entries.trust_readings_record(
            actor=facilitator,
            session=session,
            readings={self.sides[NORTH]: (3, 4), self.sides[RIVER]: (2, 3)},
            client_key=uuid.uuid5(keys, "readings-1"),
        )

    def make_funding(self, juniper):
        nordic, _ = get_or_create_matching(
            Funder,
            scope={"organization": juniper.organization},
            match={"name": "Nordic Peace Foundation"},
            defaults={"kind": Funder.Kind.FOUNDATION},
        )
        ministry, _ = get_or_create_matching(
            Funder,
            scope={"organization": juniper.organization},
            match={"name": "Federal Department of Foreign Affairs"},
            defaults={"kind": Funder.Kind.GOVERNMENT},
        )
        FunderContact.objects.get_or_create(
            dialogue=juniper, funder=nordic, user=self.users["funder"]
        )
        granted, _ = Funding.objects.get_or_create(
            dialogue=juniper,
            funder=nordic,
            defaults={
                "amount": Decimal("250000"),
                "currency": "EUR",
                "status": Funding.Status.GRANTED,
                "starts_on": dt.date(2026, 1, 1),
                "ends_on": dt.date(2027, 6, 30),
                "conditions": "No funds for travel of serving officials.",
                "legitimacy_risk": "Seen as western-backed by one side; keep it out of public "
                "communication.",
            },
        )
        Funding.objects.get_or_create(
            dialogue=juniper,
            funder=ministry,
            defaults={
                "amount": Decimal("80000"),
                "currency": "CHF",
                "status": Funding.Status.APPLIED,
                "starts_on": dt.date(2027, 1, 1),
                "ends_on": dt.date(2027, 12, 31),
            },
        )
        today = timezone.localdate()
        for description, days, done in [
            ("Inception report", -90, True),
            ("Interim narrative report", 12, False),
            ("Financial report", 200, False),
        ]:
            get_or_create_matching(
                ReportingObligation,
                scope={"funding": granted},
                match={"description": description},
                defaults={"due_on": today + dt.timedelta(days=days), "done": done},
            )
        return nordic

    def make_invitations(self, rounds, participants):
        """Round 2's invitations: Nadia has not answered hers yet (its private link is
        printed; it must be answered two weeks before the round), Samir Haddou accepted
        and consented through his, and Col. Okafor's waits to be sent."""
        r2 = rounds["r2"]
        answer_by = at(r2.starts_on - dt.timedelta(days=14), 18, 0, "UTC")
        nadia = participants["Nadia Saleh"]
        invitation, created = Invitation.objects.get_or_create(
            round=r2,
            participant=nadia,
            defaults={
                "created_by": self.users["organizer"],
                "expires_at": answer_by,
                "sent_at": timezone.now(),
            },
        )
        if created:
            invitation.token_hash = hash_token(demo_token(invitation.pk))
            invitation.save(update_fields=["token_hash"])
        samir, created = Invitation.objects.get_or_create(
            round=r2,
            participant=participants["Samir Haddou"],
            defaults={
                "created_by": self.users["organizer"],
                "expires_at": answer_by,
                "sent_at": timezone.now(),
                "response": Invitation.Response.ACCEPTED,
                "responded_at": timezone.now(),
                "dietary_needs": "Vegetarian",
            },
        )
        if created:
            # A token of its own, never printed: the link was "e-mailed" to him.
            samir.token_hash = hash_token(new_token())
            samir.save(update_fields=["token_hash"])
            ConsentRecord.objects.create(
                participant=samir.participant,
                invitation=samir,
                given=True,
                via=ConsentRecord.Via.LINK,
                agreement_digest=text_digest(AGREEMENT),
                agreement_language="en",
                agreement_version=1,
            )
        Invitation.objects.get_or_create(
            round=r2,
            participant=participants["Col. (ret.) Idris Okafor"],
            defaults={"created_by": self.users["organizer"], "expires_at": answer_by},
        )
        path = reverse("invitation:respond", kwargs={"token": demo_token(invitation.pk)})
        return f"{settings.SITE_URL}{path}"

    def make_account_invitation(self, juniper):
        """A pending invitation of a new colleague as facilitator of JUNIPER; returns its link.

        Found again by its address on a second run (addresses are encrypted: compared
        here, not in SQL), so the run changes nothing. Once accepted, the link is used up
        and answers 404, as any used link does.
        """
        invitation = next(
            (
                inv
                for inv in AccountInvitation.objects.filter(dialogue=juniper)
                if inv.email == NEW_COLLEAGUE
            ),
            None,
        )
        if invitation is None:
            invitation = AccountInvitation.objects.create(
                org=juniper.organization,
                dialogue=juniper,
                email=NEW_COLLEAGUE,
                dialogue_role=Role.FACILITATOR,
                org_role=OrgRole.MEMBER,
                token_hash=hash_token(new_token()),  # replaced just below, once the pk is known
                created_by=self.users["organizer"],
                sent_at=timezone.now(),
                expires_at=timezone.now() + dt.timedelta(days=365),
            )
            invitation.token_hash = hash_token(demo_account_token(invitation.pk))
            invitation.save(update_fields=["token_hash"])
        path = reverse(
            "organizations:invitation-accept", kwargs={"token": demo_account_token(invitation.pk)}
        )
        return f"{settings.SITE_URL}{path}"

    def make_results(self, rowan, organizer):
        """ROWAN's theory of change, published to funders in its own words, with two
        indicators: transfers to officials (counted from what the team records) and
        checkpoint opening hours (entered by hand), so the report tells its results."""
        statement, _ = ChangeStatement.objects.get_or_create(
            dialogue=rowan,
            position=1,
            defaults={
                "if_text": "people close to both leaderships test practical steps together",
                "then_text": "officials on both sides hear workable checkpoint arrangements",
                "because_text": "proposals from one's own side are heard at home",
                "indicators": "An arrangement from the room is tried at a checkpoint.",
            },
        )
        if not statement.publishable:
            theory.change_statement_publishing_set(
                actor=organizer,
                statement=statement,
                publishable=True,
                funder_wording=(
                    "People close to both leaderships test practical arrangements for the "
                    "checkpoints and carry them to their officials."
                ),
            )
        if Indicator.objects.filter(statement=statement).exists():
            return
        theory.indicator_create(
            actor=organizer,
            statement=statement,
            name="Options taken to officials",
            measure=Indicator.Measure.TRANSFERS,
            baseline=Decimal(0),
            baseline_on=dt.date(2024, 1, 1),
            target=Decimal(30),
            direction=Indicator.Direction.INCREASE,
            target_on=dt.date(2026, 12, 31),
        )
        hours = theory.indicator_create(
            actor=organizer,
            statement=statement,
            name="Checkpoint opening hours",
            unit="hours a day",
            measure=Indicator.Measure.MANUAL,
            baseline=Decimal(8),
            baseline_on=dt.date(2024, 1, 1),
            target=Decimal(16),
            direction=Indicator.Direction.INCREASE,
            target_on=dt.date(2026, 12, 31),
        )
        for measured_on, value in ((dt.date(2024, 9, 1), 10), (dt.date(2025, 6, 1), 12)):
            theory.indicator_value_record(
                actor=organizer, indicator=hours, measured_on=measured_on, value=Decimal(value)
            )

    def make_large_dialogue(self, nordic):
        """ROWAN: a larger dialogue in the same organization, organized by the demo organizer
        with the demo facilitator and funded by the Nordic Peace Foundation, whose contact
        is the demo funder. Its people, rounds, sessions, notes, options, trust readings,
        transfers and outcomes are made in bulk by the large demo's code, large enough that
        groups exceed k; its funder report is built and published through the report
        services, under the release rule. Answers the published report's address."""
        organizer, facilitator = self.users["organizer"], self.users["facilitator"]
        rowan, _ = Dialogue.objects.get_or_create(
            organization=self.organization,
            code_name=LARGE_CODE_NAME,
            defaults={
                "title": "Northern pass checkpoints and movement dialogue",
                "description": "An invented dispute over the checkpoints of the northern pass.",
                "context": "People close to both leaderships explore practical steps.",
                "status": Dialogue.Status.ACTIVE,
                "agreement_years": 10,
            },
        )
        demo_agreement(rowan)
        for key, role in [
            ("organizer", Role.ORGANIZER),
            ("facilitator", Role.FACILITATOR),
            ("funder", Role.FUNDER),
        ]:
            Membership.objects.get_or_create(
                dialogue=rowan, user=self.users[key], defaults={"role": role}
            )
        FunderContact.objects.get_or_create(
            dialogue=rowan, funder=nordic, user=self.users["funder"]
        )
        Funding.objects.get_or_create(
            dialogue=rowan,
            funder=nordic,
            defaults={
                "amount": Decimal("180000"),
                "currency": "EUR",
                "status": Funding.Status.GRANTED,
                "starts_on": dt.date(2024, 1, 1),
                "ends_on": dt.date(2026, 12, 31),
            },
        )
        if not Round.objects.filter(dialogue=rowan).exists():
            large.fill_dialogue(rowan, organizer=organizer, facilitators=[facilitator])
        self.make_results(rowan, organizer)
        report = (
            Report.objects.filter(dialogue=rowan, status=Report.Status.PUBLISHED)
            .order_by("pk")
            .first()
        )
        if report is None:
            report = report_services.report_create(
                actor=organizer,
                dialogue=rowan,
                title=LARGE_REPORT_TITLE,
                period_kind=Report.Period.WHOLE,
            )
            if Report.objects.get(pk=report.pk).status != Report.Status.READY:
                report_tasks.report_build(report.pk)  # now, not after the commit
            report = report_services.report_publish(actor=organizer, report=report)
        path = reverse("reports:detail", kwargs={"dialogue_id": rowan.pk, "report_id": report.pk})
        return f"{settings.SITE_URL}{path}"

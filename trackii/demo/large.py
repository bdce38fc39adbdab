"""The large demo: trackii at scale, for the benchmark (docs/performance.md).

`python manage.py seed_demo --scale large` calls build(). At factor 1.0 it makes
40 dialogues, 4,000 people, 300 rounds, 6,000 sessions, 300,000 notes (a third of
them in the first dialogue), 20,000 options, 60,000 trust readings, 2,000 transfers,
2,000 outcomes and 500 users with one membership each, spread over the five roles.

Everything comes from random.Random(seed): the same seed gives the same code names,
titles, texts and shapes. Rows are made with bulk_create in batches, never one query
per row; encrypted fields encrypt in bulk_create like in save(). A second run finds the
first dialogue's code name and changes nothing.
"""

import datetime as dt
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from dialogues.models import (
    Dialogue,
    Funder,
    FunderContact,
    Funding,
    ParticipantText,
    Round,
    Side,
)
from facilitation import models as fm
from participants.models import Participant, Person, RoundParticipation
from trackii.accounts.services import AUTHENTICATOR_NAME
from trackii.organizations.models import Organization, OrganizationMembership, OrgRole
from trackii.privacy.levels import Level
from trackii.privacy.models import Membership
from trackii.privacy.roles import Role

# Same published demo credentials as the small demo (seed_demo.py).
DEMO_PASSWORD = "trackii-demo-2026"  # noqa: S105 -- published demo login
DEMO_TOTP_KEY = "7472616b69692d64656d6f2d746f74702d6b6579"
DOMAIN = "demo.trackii.test"
BATCH = 2_000

#: What factor 1.0 makes. Every count is scaled by the factor, with the minimum beside it.
FULL = {
    "dialogues": (40, 2),
    "people": (4_000, 12),
    "rounds": (300, 2),
    "sessions": (6_000, 4),
    "notes": (300_000, 30),
    "options": (20_000, 8),
    "trust_readings": (60_000, 8),
    "transfers": (2_000, 2),
    "outcomes": (2_000, 2),
    "users": (500, 5),
}
#: Share of the users per role (participants take what is left).
ROLE_SHARES = [
    (Role.ORGANIZER, 0.10),
    (Role.FACILITATOR, 0.16),
    (Role.FUNDER, 0.06),
    (Role.OBSERVER, 0.08),
]
BIG_DIALOGUE_SHARE_OF_NOTES = 1 / 3

CODE_WORDS = [
    "ACACIA",
    "BIRCH",
    "CEDAR",
    "DOGWOOD",
    "ELM",
    "FIR",
    "GINKGO",
    "HAZEL",
    "ILEX",
    "JACARANDA",
    "KAPOK",
    "LARCH",
    "MAPLE",
    "NUTMEG",
    "OAK",
    "POPLAR",
    "QUINCE",
    "ROWAN",
    "SPRUCE",
    "TAMARIND",
    "ULMUS",
    "VIBURNUM",
    "WALNUT",
    "XYLIA",
    "YEW",
    "ZELKOVA",
    "ASPEN",
    "BAOBAB",
    "CYPRESS",
    "DAMSON",
    "EBONY",
    "FIG",
    "GUAVA",
    "HOLLY",
    "IROKO",
    "JUJUBE",
    "KOWHAI",
    "LINDEN",
    "MIMOSA",
    "NEEM",
]
PLACES = [
    ("Upper Veld", "water and boundary"),
    ("Saltmarsh coast", "fisheries"),
    ("Eastern plateau", "grazing land"),
    ("Twin cities", "municipal services"),
    ("Northern pass", "checkpoints and movement"),
    ("Delta islands", "maritime boundary"),
    ("Old mining belt", "land return"),
    ("Border valley", "detainees and missing persons"),
]
SIDE_PAIRS = [
    ("Northern Council", "Riverlands Alliance"),
    ("Coastal League", "Inland Federation"),
    ("Plateau Movement", "Capital Government"),
    ("Eastern Front", "Western Bloc"),
]
FIRST = [
    "Amira",
    "Jonas",
    "Mei",
    "Nadia",
    "Tomas",
    "Leyla",
    "Pavel",
    "Irena",
    "Idris",
    "Samir",
    "Hanna",
    "Anneli",
    "Omar",
    "Sofia",
    "Luca",
    "Yusuf",
    "Elena",
    "Karim",
    "Marta",
    "Ravi",
    "Ines",
    "Dmitri",
    "Aisha",
    "Felix",
    "Noor",
    "Tariq",
    "Ilse",
    "Kofi",
    "Rania",
    "Emil",
]
LAST = [
    "Haddad",
    "Lind",
    "Tanaka",
    "Saleh",
    "Varga",
    "Karimova",
    "Dorn",
    "Volk",
    "Okafor",
    "Haddou",
    "Beck",
    "Koski",
    "Nasser",
    "Rossi",
    "Demir",
    "Novak",
    "Mensah",
    "Petrov",
    "Costa",
    "Aziz",
    "Berg",
    "Farah",
    "Quist",
    "Sato",
    "Diallo",
    "Ivanova",
    "Moreau",
    "Khan",
]
AFFILIATIONS = (
    "Former ministry official",
    "University lecturer",
    "Women's network",
    "Chamber of commerce",
    "Veterans' association",
    "Religious council",
    "Journalists' union",
    "Youth movement",
    "Farmers' cooperative",
    "Municipal council",
)
NOTE_OPENERS = (
    "A participant said",
    "Several voices agreed",
    "One side noted",
    "Someone asked whether",
    "The group came back to the point that",
    "It was suggested that",
    "Concern was raised that",
    "A quieter participant added that",
)
NOTE_SUBJECTS = (
    "water sharing in the dry season",
    "the checkpoint on the valley road",
    "families divided by the line",
    "a joint technical committee",
    "the release of detainees",
    "access to grazing land",
    "the monitoring of the ceasefire",
    "school curricula on both sides",
    "return of property",
    "a hotline between local commanders",
    "customs at the crossing",
    "the data on river flow",
)
NOTE_ENDINGS = (
    "could be tested in one village first.",
    "needs support from the leaderships before it is raised.",
    "was seen differently by each side.",
    "should be put to the technical experts.",
    "is where trust is lowest.",
    "would need a third party to guarantee it.",
    "came up again after the break.",
    "was welcomed, with conditions.",
)
OPTION_TITLES = (
    "Joint water commission",
    "Seasonal quotas",
    "Shared monitoring team",
    "Crossing hours extended",
    "Family visits scheme",
    "Joint fact-finding on the river data",
    "Local commanders' hotline",
    "Return of records",
    "Market day at the line",
    "Common curriculum module",
)
METHODS = [m.value for m in Round.Methodology]
SESSION_FORMATS = [f.value for f in fm.Session.Format]
OPTION_STATES = [
    (fm.Option.State.FLOATED, 40),
    (fm.Option.State.EXPLORED, 20),
    (fm.Option.State.REFINED, 12),
    (fm.Option.State.SUPPORTED, 8),
    (fm.Option.State.TRANSFERRED, 6),
    (fm.Option.State.ADOPTED, 4),
    (fm.Option.State.SHELVED, 10),
]
NOTE_LEVELS = [
    (Level.REPORTABLE, 10),
    (Level.DIALOGUE, 40),
    (Level.TEAM, 46),
    (Level.RESTRICTED, 4),
]
PARTICIPANT_STATES = [
    (Participant.State.CONFIRMED, 45),
    (Participant.State.INVITED, 15),
    (Participant.State.VETTED, 15),
    (Participant.State.PROPOSED, 15),
    (Participant.State.DECLINED, 10),
]


def counts_for(factor: float) -> dict[str, int]:
    """How many of each kind `factor` makes (factor 1.0 is the full large demo)."""
    counts = {name: max(minimum, round(full * factor)) for name, (full, minimum) in FULL.items()}
    counts["rounds"] = max(counts["rounds"], counts["dialogues"])
    counts["sessions"] = max(counts["sessions"], counts["rounds"])
    return counts


def users_per_role(total: int) -> dict[str, int]:
    split = {role: max(1, round(total * share)) for role, share in ROLE_SHARES}
    split[Role.PARTICIPANT] = total - sum(split.values())
    return split


def login_email(role: str, n: int) -> str:
    """The e-mail of the n-th large-demo user of `role` (n from 1); n=1 is in the first,
    biggest dialogue."""
    return f"large-{role}-{n:03d}@{DOMAIN}"


def code_names(count: int) -> list[str]:
    names = []
    for i in range(count):
        word = CODE_WORDS[i % len(CODE_WORDS)]
        names.append(f"{word}-L" if i < len(CODE_WORDS) else f"{word}-L{i // len(CODE_WORDS)}")
    return names


def _weighted(rng: random.Random, table):
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights=weights)[0]


def _split(total: int, parts: int) -> list[int]:
    """`total` spread as evenly as possible over `parts` (the first ones get the rest)."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


@dataclass
class Result:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)
    already_seeded: bool = False


class _Builder:
    def __init__(self, *, seed: int, factor: float, log):
        self.rng = random.Random(seed)  # noqa: S311 -- demo data, reproducible on purpose
        self.want = counts_for(factor)
        self.log = log
        self.made: dict[str, int] = {}
        self.now = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
        #: Every n-th option and transfer is reportable (an option also publishable), so a
        #: funder report shows them; 0 (the benchmark's shape) makes none.
        self.reportable_every = 0

    def bulk(self, model, objs, name=None):
        made = model.objects.bulk_create(objs, batch_size=BATCH)
        if name:
            self.made[name] = self.made.get(name, 0) + len(objs)
        return made

    def run(self):
        steps = [
            self.make_users,
            self.make_dialogues,
            self.make_memberships,
            self.make_sides,
            self.make_funding,
            self.make_people,
            self.make_rounds,
            self.make_sessions,
            self.make_round_participation,
            self.make_notes,
            self.make_options,
            self.make_trust_readings,
            self.make_transfers,
            self.make_outcomes,
            self.make_report,
        ]
        for step in steps:
            started = time.monotonic()
            step()
            self.log(f"  {step.__name__[5:]:<22} {time.monotonic() - started:6.1f} s")

    # --- accounts -----------------------------------------------------------------

    def make_users(self):
        User = get_user_model()
        password = make_password(DEMO_PASSWORD)  # hashed once: the same for every user
        self.users: list[tuple[str, object]] = []
        objs = []
        for role, count in users_per_role(self.want["users"]).items():
            for n in range(1, count + 1):
                objs.append(
                    (
                        role,
                        User(
                            email=login_email(role, n),
                            display_name=f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}",
                            password=password,
                        ),
                    )
                )
        made = self.bulk(User, [u for _, u in objs], "users")
        self.users = [(role, user) for (role, _), user in zip(objs, made, strict=True)]
        team = [u for role, u in self.users if role in (Role.ORGANIZER, Role.FACILITATOR)]
        self.bulk(
            TOTPDevice,
            [
                TOTPDevice(user=u, name=AUTHENTICATOR_NAME, key=DEMO_TOTP_KEY, confirmed=True)
                for u in team
            ],
            "totp_devices",
        )

    # --- dialogues ------------------------------------------------------------------

    def make_dialogues(self):
        self.organization = Organization.objects.create(name="Large demo organization")
        objs = []
        for i, code in enumerate(code_names(self.want["dialogues"])):
            place, topic = PLACES[i % len(PLACES)]
            objs.append(
                Dialogue(
                    organization=self.organization,
                    code_name=code,
                    title=f"{place} {topic} dialogue",
                    description=f"An invented dispute over {topic} in the {place} region.",
                    context="People close to both leaderships explore practical steps.",
                    status=Dialogue.Status.ACTIVE if i % 5 else Dialogue.Status.EXPLORING,
                    agreement_years=10,
                )
            )
        self.dialogues = self.bulk(Dialogue, objs, "dialogues")
        agreements = [
            ParticipantText(
                dialogue=d,
                kind=ParticipantText.Kind.AGREEMENT,
                language="en",
                version=1,
                text="Chatham House rule. No recordings.",
            )
            for d in self.dialogues
        ]
        self.bulk(ParticipantText, agreements)

    def make_memberships(self):
        """User n of a role is a member of dialogue (n-1) mod D: the first of each role is
        in the first, biggest dialogue."""
        objs = []
        self.team_of: dict[int, list] = {d.pk: [] for d in self.dialogues}
        self.organizer_of: dict[int, object] = {}
        index: dict[str, int] = {}
        for role, user in self.users:
            n = index.get(role, 0)
            index[role] = n + 1
            dialogue = self.dialogues[n % len(self.dialogues)]
            objs.append(Membership(dialogue=dialogue, user=user, role=role))
            if role == Role.FACILITATOR:
                self.team_of[dialogue.pk].append(user)
            if role == Role.ORGANIZER:
                self.organizer_of.setdefault(dialogue.pk, user)
            if role == Role.FUNDER:
                user._large_dialogue = dialogue
        self.bulk(Membership, objs, "memberships")
        org_roles = {Role.ORGANIZER: OrgRole.ADMIN, Role.FACILITATOR: OrgRole.MEMBER}
        self.bulk(
            OrganizationMembership,
            [
                OrganizationMembership(org=self.organization, user=user, role=org_roles[role])
                for role, user in self.users
                if role in org_roles
            ],
            "org_memberships",
        )

    def make_sides(self):
        objs = []
        for i, dialogue in enumerate(self.dialogues):
            one, two = SIDE_PAIRS[i % len(SIDE_PAIRS)]
            objs += [
                Side(dialogue=dialogue, name=one),
                Side(dialogue=dialogue, name=two),
                Side(dialogue=dialogue, name="Third party", is_third_party=True),
            ]
        made = self.bulk(Side, objs, "sides")
        self.sides = {d.pk: made[3 * i : 3 * i + 3] for i, d in enumerate(self.dialogues)}

    def make_funding(self):
        funders = self.bulk(
            Funder,
            [
                Funder(
                    organization=self.organization,
                    name=f"Large demo foundation {i + 1:02d}",
                    kind=Funder.Kind.FOUNDATION,
                )
                for i in range(max(1, len(self.dialogues) // 4))
            ],
            "funders",
        )
        self.bulk(
            Funding,
            [
                Funding(
                    dialogue=d,
                    funder=funders[i % len(funders)],
                    amount=self.rng.randrange(50, 500) * 1000,
                    currency="EUR",
                    status=Funding.Status.GRANTED,
                    starts_on=dt.date(2025, 1, 1),
                    ends_on=dt.date(2027, 12, 31),
                )
                for i, d in enumerate(self.dialogues)
            ],
            "fundings",
        )
        by_dialogue = {d.pk: i for i, d in enumerate(self.dialogues)}
        self.bulk(
            FunderContact,
            [
                FunderContact(
                    dialogue=u._large_dialogue,
                    funder=funders[by_dialogue[u._large_dialogue.pk] % len(funders)],
                    user=u,
                )
                for role, u in self.users
                if role == Role.FUNDER
            ],
            "funder_contacts",
        )

    # --- people -----------------------------------------------------------------------

    def make_people(self):
        per_dialogue = _split(self.want["people"], len(self.dialogues))
        participant_users = [u for role, u in self.users if role == Role.PARTICIPANT]
        plan = []
        people = []
        for dialogue, count in zip(self.dialogues, per_dialogue, strict=True):
            for _ in range(count):
                first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
                people.append(
                    Person(
                        name=f"{first} {last}",
                        affiliation=self.rng.choice(AFFILIATIONS),
                        position_kind=self.rng.choice(Person.PositionKind.values),
                        country=self.rng.choice(("Northland", "Riverlands", "Finland", "Kenya")),
                        gender=self.rng.choice(Person.Gender.values),
                        email=f"{first}.{last}.{len(people)}@example.org".lower(),
                        is_protected=self.rng.random() < 0.1,
                    )
                )
                plan.append(dialogue)
        # Participant users are people of their own dialogue (the first few of each).
        taken = 0
        seen: dict[int, int] = {}
        for i, dialogue in enumerate(plan):
            if taken < len(participant_users) and seen.get(dialogue.pk, 0) < 8:
                people[i].user = participant_users[taken]
                taken += 1
                seen[dialogue.pk] = seen.get(dialogue.pk, 0) + 1
        people = self.bulk(Person, people, "people")
        objs = []
        for person, dialogue in zip(people, plan, strict=True):
            sides = self.sides[dialogue.pk]
            objs.append(
                Participant(
                    dialogue=dialogue,
                    person=person,
                    side=sides[
                        0 if self.rng.random() < 0.45 else 1 if self.rng.random() < 0.9 else 2
                    ],
                    state=_weighted(self.rng, PARTICIPANT_STATES),
                    level=Level.DIALOGUE if self.rng.random() < 0.8 else Level.TEAM,
                    author=self.organizer_of.get(dialogue.pk),
                    rationale_influence="Listened to in their side's leadership circles.",
                )
            )
        made = self.bulk(Participant, objs, "participants")
        self.confirmed: dict[int, list] = {d.pk: [] for d in self.dialogues}
        for p in made:
            if p.state == Participant.State.CONFIRMED:
                self.confirmed[p.dialogue_id].append(p)

    def _side_index(self) -> int:
        """Most people on the two parties' sides, about one in twenty a third party."""
        roll = self.rng.random()
        return 0 if roll < 0.48 else 1 if roll < 0.95 else 2

    # --- rounds and sessions ----------------------------------------------------------

    def make_rounds(self):
        per_dialogue = _split(self.want["rounds"], len(self.dialogues))
        objs = []
        for dialogue, count in zip(self.dialogues, per_dialogue, strict=True):
            day = dt.date(2024, 1, 15) + dt.timedelta(days=self.rng.randrange(60))
            for n in range(count):
                objs.append(
                    Round(
                        dialogue=dialogue,
                        title=f"Round {n + 1}",
                        starts_on=day,
                        ends_on=day + dt.timedelta(days=2),
                        methodology=self.rng.choice(METHODS),
                        objectives="Map the questions; test one practical step.",
                    )
                )
                day += dt.timedelta(days=self.rng.randrange(70, 130))
        self.rounds = self.bulk(Round, objs, "rounds")

    def make_sessions(self):
        per_round = _split(self.want["sessions"], len(self.rounds))
        objs, self.session_dialogue = [], []
        for rnd, count in zip(self.rounds, per_round, strict=True):
            for n in range(count):
                day = rnd.starts_on + dt.timedelta(days=n % 3)
                hour = 8 + (n // 3) % 10
                starts = dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC)
                topic = self.rng.choice(NOTE_SUBJECTS)
                objs.append(
                    fm.Session(
                        round=rnd,
                        title=f"{self.rng.choice(('Plenary', 'Working group', 'Informal'))}: "
                        f"{topic}",
                        agenda_item=topic.capitalize(),
                        format=self.rng.choice(SESSION_FORMATS),
                        starts_at=starts,
                        ends_at=starts + dt.timedelta(minutes=50),
                    )
                )
                self.session_dialogue.append(rnd.dialogue_id)
        self.sessions = self.bulk(fm.Session, objs, "sessions")
        through = fm.Session.facilitators.through
        links = []
        for session, dialogue_id in zip(self.sessions, self.session_dialogue, strict=True):
            team = self.team_of[dialogue_id]
            if team:
                for user in self.rng.sample(team, min(len(team), 2)):
                    links.append(through(session=session, user=user))
        self.bulk(through, links)

    def make_round_participation(self):
        objs = []
        for rnd in self.rounds:
            people = self.confirmed[rnd.dialogue_id]
            for p in self.rng.sample(people, min(len(people), 16)):
                objs.append(RoundParticipation(round=rnd, participant=p, attended=True))
        self.bulk(RoundParticipation, objs, "round_participations")

    # --- what happens in sessions -----------------------------------------------------

    def _sessions_by_dialogue(self):
        by = {}
        for session, dialogue_id in zip(self.sessions, self.session_dialogue, strict=True):
            by.setdefault(dialogue_id, []).append(session)
        return by

    def _note_plan(self):
        """(session, how many notes) for every session: a third of the notes go to the
        first dialogue's sessions, the rest evenly to the others'."""
        by = self._sessions_by_dialogue()
        total = self.want["notes"]
        big = self.dialogues[0].pk
        big_total = round(total * BIG_DIALOGUE_SHARE_OF_NOTES) if len(self.dialogues) > 1 else total
        plan = list(zip(by[big], _split(big_total, len(by[big])), strict=True))
        rest = [s for d in self.dialogues[1:] for s in by.get(d.pk, [])]
        if rest:
            plan += list(zip(rest, _split(total - big_total, len(rest)), strict=True))
        return plan

    def make_notes(self):
        revision: dict[int, int] = {}
        batch = []
        for session, count in self._note_plan():
            dialogue_id = session.round.dialogue_id
            sides = self.sides[dialogue_id]
            team = self.team_of[dialogue_id] or [self.organizer_of.get(dialogue_id)]
            organizer = self.organizer_of.get(dialogue_id)
            for _ in range(count):
                level = _weighted(self.rng, NOTE_LEVELS)
                rev = revision.get(session.pk, 0) + 1
                revision[session.pk] = rev
                batch.append(
                    fm.Note(
                        dialogue_id=dialogue_id,
                        session=session,
                        text=f"{self.rng.choice(NOTE_OPENERS)} "
                        f"{self.rng.choice(NOTE_SUBJECTS)} {self.rng.choice(NOTE_ENDINGS)}",
                        level=level,
                        speaker_side=self.rng.choice(sides) if self.rng.random() < 0.3 else None,
                        author=organizer if level == Level.RESTRICTED else self.rng.choice(team),
                        session_rev=rev,
                    )
                )
                if len(batch) >= 10 * BATCH:
                    self.bulk(fm.Note, batch, "notes")
                    batch = []
        if batch:
            self.bulk(fm.Note, batch, "notes")
        self.revision = revision

    def make_options(self):
        by = self._sessions_by_dialogue()
        total = self.want["options"]
        # The first dialogue gets a third, like its notes; the rest share evenly.
        big = round(total * BIG_DIALOGUE_SHARE_OF_NOTES)
        if len(self.dialogues) > 1:
            shares = [big, *_split(total - big, len(self.dialogues) - 1)]
        else:
            shares = [total]
        objs, plan = [], []
        for dialogue, count in zip(self.dialogues, shares, strict=True):
            sessions = by.get(dialogue.pk, [])
            for _ in range(count):
                session = self.rng.choice(sessions) if sessions else None
                state = _weighted(self.rng, OPTION_STATES)
                rev = 0
                if session is not None:
                    rev = self.revision.get(session.pk, 0) + 1
                    self.revision[session.pk] = rev
                objs.append(
                    fm.Option(
                        dialogue=dialogue,
                        session=session,
                        title=self.rng.choice(OPTION_TITLES),
                        text=f"{self.rng.choice(NOTE_SUBJECTS).capitalize()}: "
                        f"{self.rng.choice(NOTE_ENDINGS)}",
                        state=state,
                        state_changed_at=self.now if state != fm.Option.State.FLOATED else None,
                        level=Level.DIALOGUE if self.rng.random() < 0.5 else Level.TEAM,
                        author=self.organizer_of.get(dialogue.pk),
                        session_rev=rev,
                    )
                )
                plan.append(self.rng.choice(self.sides[dialogue.pk][:2]))
        for n, option in enumerate(objs):
            if self.reportable_every and n % self.reportable_every == 0:
                option.level, option.publishable = Level.REPORTABLE, True
        self.options = self.bulk(fm.Option, objs, "options")
        through = fm.Option.sides.through
        self.bulk(
            through,
            [through(option=o, side=s) for o, s in zip(self.options, plan, strict=True)],
        )
        self.bulk(
            fm.OptionEvent,
            [
                fm.OptionEvent(
                    option=o,
                    from_state=fm.Option.State.FLOATED,
                    to_state=o.state,
                    reason="Moved on in the room.",
                    by=o.author,
                )
                for o in self.options
                if o.state != fm.Option.State.FLOATED
            ],
            "option_events",
        )

    def make_trust_readings(self):
        per_session = _split(self.want["trust_readings"], len(self.sessions))
        objs = []
        for session, count, dialogue_id in zip(
            self.sessions, per_session, self.session_dialogue, strict=True
        ):
            sides = self.sides[dialogue_id][:2]
            team = self.team_of[dialogue_id]
            for n in range(count):
                anonymous = not team or self.rng.random() < 0.6
                rev = self.revision.get(session.pk, 0) + 1
                self.revision[session.pk] = rev
                objs.append(
                    fm.TrustReading(
                        session=session,
                        side=sides[n % 2],
                        trust=self.rng.randint(1, 5),
                        belief=self.rng.randint(1, 5),
                        source=fm.TrustReading.Source.ANONYMOUS
                        if anonymous
                        else fm.TrustReading.Source.FACILITATOR,
                        author=None if anonymous else self.rng.choice(team),
                        session_rev=rev,
                    )
                )
        self.bulk(fm.TrustReading, objs, "trust_readings")
        # Each session's change counter ends at its last entry's revision.
        for session in self.sessions:
            session.revision = self.revision.get(session.pk, 0)
        fm.Session.objects.bulk_update(self.sessions, ["revision"], batch_size=BATCH)

    # --- after the rounds (only if this version of trackii has them) ------------------

    def make_transfers(self):
        Transfer = getattr(fm, "Transfer", None)
        if Transfer is None:
            return
        movable = [
            o
            for o in self.options
            if o.state in (fm.Option.State.TRANSFERRED, fm.Option.State.ADOPTED)
        ]
        objs = []
        for n in range(self.want["transfers"]):
            option = movable[n] if n < len(movable) and n % 4 else None
            dialogue = option.dialogue if option else self.dialogues[n % len(self.dialogues)]
            restricted = self.rng.random() < 0.1
            objs.append(
                Transfer(
                    dialogue=dialogue,
                    option=option,
                    insight="" if option else f"Insight: {self.rng.choice(NOTE_SUBJECTS)}.",
                    transferred_on=dt.date(2025, 1, 1) + dt.timedelta(days=n % 600),
                    channel=self.rng.choice(Transfer.Channel.values),
                    recipient_kind=self.rng.choice(Transfer.RecipientKind.values),
                    recipient_name=f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
                    if restricted
                    else "",
                    response_kind=self.rng.choice(Transfer.ResponseKind.values),
                    level=Level.RESTRICTED if restricted else Level.TEAM,
                    author=self.organizer_of.get(dialogue.pk),
                )
            )
        for n, transfer in enumerate(objs):
            if (
                self.reportable_every
                and n % self.reportable_every == 0
                and not transfer.recipient_name
            ):
                transfer.level = Level.REPORTABLE
        self.bulk(Transfer, objs, "transfers")

    def make_outcomes(self):
        Outcome = getattr(fm, "Outcome", None)
        if Outcome is None:
            return
        objs = []
        for n in range(self.want["outcomes"]):
            dialogue = self.dialogues[n % len(self.dialogues)]
            objs.append(
                Outcome(
                    dialogue=dialogue,
                    who_kind=self.rng.choice(Outcome.WhoKind.values),
                    what_changed=f"Officials began to discuss {self.rng.choice(NOTE_SUBJECTS)}.",
                    observed_on=dt.date(2025, 1, 1) + dt.timedelta(days=n % 600),
                    significance=self.rng.choice(Outcome.Significance.values),
                    contribution="Raised first in a working group of the dialogue.",
                    verified=self.rng.random() < 0.5,
                    publishable=self.rng.random() < 0.4,
                    level=Level.REPORTABLE if self.rng.random() < 0.3 else Level.TEAM,
                    author=self.organizer_of.get(dialogue.pk),
                )
            )
        for n, outcome in enumerate(objs):
            if self.reportable_every and n % self.reportable_every == 0:
                outcome.level, outcome.publishable = Level.REPORTABLE, True
        self.bulk(Outcome, objs, "outcomes")

    def make_report(self):
        """One published funder report on the whole of the first dialogue, built the way
        the background task builds it (if this version of trackii has reports)."""
        try:
            from reports.build import build_report
            from reports.models import Report
        except ImportError:
            return
        dialogue = self.dialogues[0]
        organizer = self.organizer_of.get(dialogue.pk)
        if organizer is None:
            return
        report = Report.objects.create(
            dialogue=dialogue,
            title="The dialogue so far",
            period_kind=Report.Period.WHOLE,
            status=Report.Status.BUILDING,
            requested_by=organizer,
        )
        report.snapshot, report.release_ledger = build_report(report=report, actor=organizer)
        report.status = Report.Status.PUBLISHED
        report.progress = 100
        report.built_at = report.published_at = self.now
        report.published_by = organizer
        report.save()
        self.made["reports"] = 1


#: What `fill_dialogue` makes by default: one dialogue of the small demo (seed_demo), with
#: groups larger than its k (5), so that its funder report shows figures.
DEMO_DIALOGUE = {
    "people": 48,
    "rounds": 3,
    "sessions": 18,
    "notes": 360,
    "options": 45,
    "trust_readings": 360,
    "transfers": 12,
    "outcomes": 18,
}


def fill_dialogue(
    dialogue, *, organizer, facilitators, counts=None, seed: int = 2026, reportable_every: int = 3
) -> dict[str, int]:
    """Give an existing `dialogue` sides, people, rounds, sessions, notes, options, trust
    readings, transfers and outcomes, made like the large demo's (bulk, from `seed`), by
    `organizer` and `facilitators`. Answers how many of each were made. Not idempotent on
    its own: the caller makes sure the dialogue is still empty."""
    builder = _Builder(seed=seed, factor=1.0, log=lambda line: None)
    builder.want = {**DEMO_DIALOGUE, **(counts or {}), "dialogues": 1}
    builder.reportable_every = reportable_every
    builder.users = []
    builder.dialogues = [dialogue]
    builder.team_of = {dialogue.pk: list(facilitators)}
    builder.organizer_of = {dialogue.pk: organizer}
    for step in (
        builder.make_sides,
        builder.make_people,
        builder.make_rounds,
        builder.make_sessions,
        builder.make_round_participation,
        builder.make_notes,
        builder.make_options,
        builder.make_trust_readings,
        builder.make_transfers,
        builder.make_outcomes,
    ):
        step()
    return builder.made


def build(*, seed: int = 2026, factor: float = 1.0, log=lambda line: None) -> Result:
    """Make the large demo, unless its first dialogue exists already."""
    first = code_names(1)[0]
    if Dialogue.objects.filter(code_name=first).exists():
        return Result(already_seeded=True)
    started = time.monotonic()
    builder = _Builder(seed=seed, factor=factor, log=log)
    with transaction.atomic():
        builder.run()
    skipped = [name for name in ("Transfer", "Outcome") if not hasattr(fm, name)]
    return Result(counts=builder.made, seconds=time.monotonic() - started, skipped=skipped)

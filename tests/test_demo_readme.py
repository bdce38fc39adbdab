"""The demo is what the README says it is (issue 20): its logins table, its dialogues'
numbers, who answered, Nadia's private link, and the report the demo funder reads.

The README's words are read here and checked against the seeded data, so a change to
either that makes them disagree fails. The demo is seeded once per module (the `demo` fixture,
tests/conftest.py).
"""

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Dialogue, Round
from facilitation.models import Note, Session
from participants.models import ConsentRecord, Invitation, Participant
from reports.models import Report
from trackii.organizations.models import OrganizationMembership, OrgRole
from trackii.privacy.levels import Level
from trackii.privacy.models import Membership

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()
ROLE_WORDS = {"Organizer", "Facilitator", "Participant", "Funder", "Observer"}


def readme_section(heading: str) -> str:
    start = README.index(heading)
    end = README.find("\n## ", start + 1)
    following = README.find("\n### ", start + 1)
    ends = [i for i in (end, following) if i != -1]
    return README[start : min(ends) if ends else len(README)]


def bullet(code_name: str) -> str:
    """The README's description of one demo dialogue (its bullet, joined into one line)."""
    section = readme_section("### Demo logins")
    match = re.search(rf"^- \*\*{code_name}\*\*(.*?)(?=^- |^\S|\Z)", section, re.S | re.M)
    assert match, f"the README describes no demo dialogue {code_name}"
    return " ".join(match.group(1).split())


def claimed(text: str, noun: str) -> int:
    match = re.search(rf"(\d+) {noun}\b", text)
    assert match, f"the README gives no number of {noun} in: {text}"
    return int(match.group(1))


def login_rows() -> dict[str, str]:
    rows = re.findall(r"^\| `([^`]+@demo\.trackii\.test)` \| (.+?) \|$", README, re.M)
    return dict(rows)


def test_readme_logins_table_lists_every_demo_account_with_its_true_roles(demo):
    rows = login_rows()
    users = get_user_model().objects.filter(email__endswith="@demo.trackii.test")

    assert set(rows) == set(users.values_list("email", flat=True))
    for email, description in rows.items():
        said = set()
        for role, codes in re.findall(
            r"(Organizer|Facilitator|Participant|Funder|Observer) (?:of|in) "
            r"((?:[A-Z]{3,}(?:, | and )?)+)",
            description,
        ):
            said |= {(role.lower(), code) for code in re.findall(r"[A-Z]{3,}", codes)}
        actual = set(
            Membership.objects.filter(user__email=email).values_list("role", "dialogue__code_name")
        )
        assert said == actual, email
        org_role = (
            OrganizationMembership.objects.filter(user__email=email)
            .values_list("role", flat=True)
            .first()
        )
        expected = (
            OrgRole.ADMIN
            if "administrator of the demo organization" in description
            else OrgRole.CREATOR
            if "may create dialogues" in description
            else OrgRole.MEMBER
            if "member of the organization" in description
            else None
        )
        assert org_role == expected, email


def test_readme_numbers_of_juniper_and_rowan_are_the_seeded_ones(demo):
    for code_name in ("JUNIPER", "ROWAN"):
        text = bullet(code_name)
        dialogue = Dialogue.objects.get(code_name=code_name)

        assert claimed(text, "rounds") == Round.objects.filter(dialogue=dialogue).count()
        assert claimed(text, "sessions") == Session.objects.filter(round__dialogue=dialogue).count()
        assert (
            claimed(text, "participants") == Participant.objects.filter(dialogue=dialogue).count()
        )
    juniper = bullet("JUNIPER")
    assert claimed(juniper, "sides") == Dialogue.objects.get(code_name="JUNIPER").sides.count()
    assert int(re.search(r"(\d+) of them protected", juniper).group(1)) == (
        Participant.objects.filter(dialogue__code_name="JUNIPER", person__is_protected=True).count()
    )
    assert (
        claimed(bullet("ROWAN"), "notes")
        == Note.objects.filter(dialogue__code_name="ROWAN").count()
    )


def test_readme_round_1_of_juniper_is_past_and_rounds_2_and_3_ahead(demo):
    today = timezone.localdate()
    rounds = {r.title: r for r in Round.objects.filter(dialogue__code_name="JUNIPER")}

    assert "Round 1 held seven weeks before" in bullet("JUNIPER")
    assert rounds["Round 1"].ends_on < today < rounds["Round 2"].starts_on
    assert rounds["Round 2"].starts_on < rounds["Round 3"].starts_on


def juniper_invitations():
    return Invitation.objects.filter(round__dialogue__code_name="JUNIPER").select_related(
        "participant__person__user", "round"
    )


def test_readme_who_answered_the_round_2_invitations_is_true(demo):
    text = bullet("JUNIPER")
    invitations = {
        i.participant.person.name: i
        for i in juniper_invitations()
        if i.round.title == "Round 2"  # titles are encrypted: compared here, not in SQL
    }

    assert "Samir Haddou has accepted and given consent" in text
    assert invitations["Samir Haddou"].response == Invitation.Response.ACCEPTED
    assert ConsentRecord.objects.filter(
        participant=invitations["Samir Haddou"].participant, given=True
    ).exists()
    assert "Nadia Saleh has not answered yet" in text
    nadia = invitations["Nadia Saleh"]
    assert nadia.response == Invitation.Response.PENDING
    assert not ConsentRecord.objects.filter(participant=nadia.participant).exists()


def test_readme_preferred_languages_are_the_seeded_ones_and_offered_on_the_page(demo):
    from django.conf import settings

    from participants.models import Person

    text = " ".join(README.split())
    match = re.search(r"Col\. \(ret\.\) Idris Okafor prefers (\w+) and Samir Haddou (\w+)\.", text)
    assert match, "the README no longer names the demo's preferred languages"
    named = {"Arabic": "ar", "French": "fr"}
    people = {p.name: p.preferred_language for p in Person.objects.all()}  # names encrypted
    assert people["Col. (ret.) Idris Okafor"] == named[match.group(1)]
    assert people["Samir Haddou"] == named[match.group(2)]
    switcher = re.search(r"language switcher \(([^)]*)\)", text).group(1)
    assert [name.strip() for name in switcher.split(",")] == [
        name for _code, name in settings.LANGUAGES
    ]


def test_readme_alder_has_the_co_facilitator_alone(demo):
    assert "only the co-facilitator is a member" in bullet("ALDER")
    assert set(
        Membership.objects.filter(dialogue__code_name="ALDER").values_list("user__email", flat=True)
    ) == {"cofacilitator@demo.trackii.test"}


def printed_link(output: str, after: str) -> str:
    [line] = [line for line in output.splitlines() if after in line]
    return re.search(r"http://127\.0\.0\.1:8000(/\S+)", line).group(1)


def test_nadias_printed_link_answers_and_takes_consent_before_her_round(demo, client):
    path = printed_link(demo, "Nadia Saleh's private invitation link")
    [invitation] = [
        i
        for i in juniper_invitations()
        if i.participant.person.user_id
        and i.participant.person.user.email.startswith("participant@")
    ]

    page = client.get(path)
    answered = client.post(path, {"form": "answer", "response": "accepted"})
    consented = client.post(path, {"form": "consent", "decision": "give"})

    assert page.status_code == 200
    assert "You have not answered yet." in page.text
    assert "You have not given your consent yet." in page.text
    assert "due two weeks before the round" in " ".join(readme_section("### Demo logins").split())
    assert invitation.expires_at.date() == invitation.round.starts_on - timezone.timedelta(days=14)
    assert (answered.status_code, consented.status_code) == (302, 302)
    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.ACCEPTED
    assert ConsentRecord.objects.get(participant=invitation.participant).given


def test_demo_funder_opens_the_printed_report_and_sees_figures(demo, client):
    path = printed_link(demo, "published report on ROWAN")
    report = Report.objects.get(dialogue__code_name="ROWAN")
    funder = get_user_model().objects.get(email="funder@demo.trackii.test")
    client.force_login(funder)

    page = client.get(path)
    dashboard = client.get(reverse("reports:funder-dashboard"))

    assert report.is_published
    assert f'"{report.title}"' in bullet("ROWAN")
    assert page.status_code == 200
    assert report.title in page.text
    snapshot = report.snapshot
    shown_by_side = [v for _side, v in snapshot["attendance"]["by_side"] if isinstance(v, int)]
    assert len(shown_by_side) >= 2
    for figure in shown_by_side:
        assert f"<td>{figure}</td>" in page.text
    trust = [c for r in snapshot["trust_trend"]["rounds"] for c in r["cells"]]
    assert sum(isinstance(c["n"], int) for c in trust) >= 4
    assert any(snapshot["options"]["funnel"])
    assert snapshot["transfers"]["by_channel"]
    assert snapshot["outcomes"]
    assert path in dashboard.text
    # Its results against the theory of change: one statement in its funder wording, with
    # the two indicators the README names.
    (statement,) = snapshot["results"]["statements"]
    names = [indicator["name"] for indicator in statement["indicators"]]
    assert names == ["Options taken to officials", "Checkpoint opening hours"]
    assert "theory-of-change statement" in bullet("ROWAN")
    for name in names:
        assert name.lower() in bullet("ROWAN").replace("\n", " ").lower()
        assert name in page.text


def test_seed_demo_prints_commands_that_run_on_a_machine_like_the_readmes(demo):
    commands = re.findall(r"`([^`]*manage\.py[^`]*)`", demo)

    assert commands
    for command in commands:
        assert command.startswith(".venv/bin/python manage.py "), command
        assert command.split()[0] in readme_section("### Demo logins")


def test_demo_code_for_a_participant_says_only_the_team_has_a_second_factor(demo):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="logs in with the password alone"):
        call_command("demo_code", "participant", stdout=io.StringIO())


def test_seed_demo_prints_every_login_and_a_working_invitation_link(demo, client):
    text = demo
    for role in ("organizer", "facilitator", "participant", "funder", "observer", "outsider"):
        assert f"{role}@demo.trackii.test" in text
    link = text.rsplit("(no login): ", 1)[1].strip()
    path = link.split("8000", 1)[1]
    response = client.get(path)
    assert response.status_code == 200
    assert "JUNIPER" in response.text


def test_seed_demo_has_content_at_every_level_a_protected_participant_and_a_grant(demo):
    from guardian.models import UserObjectPermission

    from facilitation.models import Note
    from participants.models import Participant

    assert set(
        Note.objects.filter(dialogue__code_name="JUNIPER").values_list("level", flat=True)
    ) == set(Level.values)
    assert Participant.objects.filter(person__is_protected=True).exists()
    assert (
        UserObjectPermission.objects.filter(
            user__email="facilitator@demo.trackii.test", permission__codename="view_note"
        ).count()
        == 1
    )
    assert Invitation.objects.filter(response="accepted").count() == 1


def test_demo_organizer_logs_in_with_the_code_demo_code_prints(demo, client):
    client.post(
        "/accounts/login/",
        {"username": "organizer@demo.trackii.test", "password": "trackii-demo-2026"},
    )
    code = io.StringIO()
    call_command("demo_code", "organizer", stdout=code)

    response = client.post("/accounts/second-factor/verify/", {"code": code.getvalue().strip()})
    home = client.get("/")

    assert response.status_code == 302
    assert home.status_code == 200
    assert "JUNIPER" in home.text

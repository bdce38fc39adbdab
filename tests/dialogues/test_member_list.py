"""The members page comes 50 members to a page (issue 9: no page loads an unbounded list)."""

from django.urls import reverse

from tests.factories import MembershipFactory, UserFactory
from trackii.privacy.models import Membership
from trackii.privacy.roles import Role

PER_PAGE = 50


def _emails(response):
    return [m.user.email for m in response.context["page"]]


def test_member_list_shows_one_page_and_a_link_to_the_next(cast, client_for):
    for i in range(PER_PAGE):
        MembershipFactory(
            dialogue=cast.dialogue, role=Role.PARTICIPANT, user=UserFactory(email=f"m{i:03}@x.org")
        )
    everyone = list(
        Membership.objects.filter(dialogue=cast.dialogue)
        .order_by("role", "user__email", "pk")
        .values_list("user__email", flat=True)
    )
    url = reverse("dialogues:member-list", kwargs={"dialogue_id": cast.dialogue.pk})
    client = client_for(cast["organizer"])

    first = client.get(url)
    second = client.get(url, {"page": 2})

    assert len(everyone) == PER_PAGE + 5  # and the cast's five roles
    assert _emails(first) == everyone[:PER_PAGE]
    assert first.text.count('<select name="role" id="role-') == PER_PAGE
    assert 'href="?page=2" rel="next"' in first.text
    assert _emails(second) == everyone[PER_PAGE:]
    assert second.text.count('<select name="role" id="role-') == 5
    assert 'rel="next"' not in second.text

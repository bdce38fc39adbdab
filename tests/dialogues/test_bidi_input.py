"""Bidirectional controls typed into a form are dropped at input (issue 13: display
spoofing): a side named "North\u202eliC" would show reversed, and flip what follows it."""

from django.urls import reverse

from dialogues.models import Side

RLO = "\u202e"


def test_side_add_with_right_to_left_override_stores_the_name_without_it(cast, client_for):
    organizer = client_for(cast["organizer"])

    response = organizer.post(
        reverse("dialogues:side-add", args=[cast.dialogue.pk]), {"name": f"North{RLO}ern Council"}
    )
    page = organizer.get(reverse("dialogues:detail", args=[cast.dialogue.pk]))

    assert response.status_code == 302
    assert list(Side.objects.filter(dialogue=cast.dialogue).values_list("name", flat=True)) == [
        "Northern Council"
    ]
    assert "Northern Council" in page.content.decode()
    assert RLO not in page.content.decode()


def test_quick_search_query_with_isolate_controls_arrives_without_them(cast, client_for):
    organizer = client_for(cast["organizer"])

    response = organizer.get(
        reverse("dialogues:detail", args=[cast.dialogue.pk]), {"q": "\u2067x\u2069"}
    )

    assert response.wsgi_request.GET["q"] == "x"

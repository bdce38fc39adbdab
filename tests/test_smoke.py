from django.urls import reverse


def test_home_for_member_lists_their_dialogue_by_code_name(cast, client_for):
    client = client_for(cast["participant"])

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "JUNIPER" in response.text
    assert "OTHER-DIALOGUE-CODENAME" not in response.text

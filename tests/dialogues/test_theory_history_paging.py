"""A statement's earlier versions come 50 to a page (issue 9: no page loads an unbounded
list), and each page still says what the edit after each version changed."""

import datetime as dt

from django.urls import reverse

from dialogues.models import ChangeStatementRevision
from dialogues.selectors import HISTORY_PER_PAGE
from tests.factories import ChangeStatementFactory

AT = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)


def test_theory_history_shows_one_page_and_the_rest_on_the_next(cast, client_for):
    statement = ChangeStatementFactory(dialogue=cast.dialogue, if_text="now")
    for i in range(HISTORY_PER_PAGE + 3):
        revision = ChangeStatementRevision.objects.create(
            statement=statement, edited_by=cast["organizer"], content={"if_text": f"v{i // 2}"}
        )
        ChangeStatementRevision.objects.filter(pk=revision.pk).update(
            edited_at=AT + dt.timedelta(days=i)
        )
    url = reverse("dialogues:theory-history", args=[cast.dialogue.pk, statement.pk])
    client = client_for(cast["facilitator"])

    first = client.get(url)
    second = client.get(url, {"page": 2})

    newest_first = [f"v{i // 2}" for i in reversed(range(HISTORY_PER_PAGE + 3))]
    shown = [[e.fields[0][1] for e in r.context["history"]] for r in (first, second)]
    assert shown == [newest_first[:HISTORY_PER_PAGE], newest_first[HISTORY_PER_PAGE:]]
    assert 'href="?page=2" rel="next"' in first.text
    assert 'rel="next"' not in second.text
    # compared with the version after each, the first of page 2 with the last of page 1
    assert [e.fields[0][2] for e in second.context["history"]] == [False, True, False]

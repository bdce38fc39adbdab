"""Privacy cases for a statement's results: what funder reports show of it, and its
indicators (issue #18).

- The results page: the team reads it (organizers, facilitators); participants,
  observers and funders get 403; a statement of another dialogue is 404 to the team.
- Publishing choice, new indicators and values: organizers only.

Canaries: an indicator's name, the wording for funders and a value's note are team
records on these pages (funders read the first two only in a published report).
"""

import datetime as dt
from decimal import Decimal

from dialogues.models import ChangeStatement, Indicator, IndicatorValue
from tests.factories import ChangeStatementFactory
from tests.privacy.cases_dialogues import statement
from tests.privacy.url_cases import TEAM, Case, in_dialogue
from trackii.privacy.levels import Level

ORGANIZER = ["organizer"]

CANARIES = {
    "CANARY-INDICATOR-NAME": set(TEAM),
    "CANARY-FUNDER-WORDING": set(TEAM),
    "CANARY-INDICATOR-VALUE-NOTE": set(TEAM),
    "CANARY-OTHER-DIALOGUE-INDICATOR": {"other_member"},
}


def _indicator(statement, name):
    return Indicator.objects.create(
        statement=statement,
        name=name,
        measure=Indicator.Measure.MANUAL,
        baseline=Decimal(0),
        baseline_on=dt.date(2026, 1, 1),
        target=Decimal(10),
        direction=Indicator.Direction.INCREASE,
        target_on=dt.date(2027, 1, 1),
    )


def plant(world):
    statement = ChangeStatementFactory(dialogue=world.dialogue, level=Level.TEAM)
    ChangeStatement.objects.filter(pk=statement.pk).update(
        publishable=True, funder_wording="CANARY-FUNDER-WORDING"
    )
    indicator = _indicator(statement, "CANARY-INDICATOR-NAME")
    IndicatorValue.objects.create(
        indicator=indicator,
        measured_on=dt.date(2026, 6, 1),
        value=Decimal(3),
        note="CANARY-INDICATOR-VALUE-NOTE",
    )
    other = ChangeStatementFactory(dialogue=world.cast.other_dialogue, level=Level.TEAM)
    world.objects["results_statement"] = statement
    world.objects["results_indicator"] = indicator
    world.objects["results_statement_other"] = other
    world.objects["results_indicator_other"] = _indicator(other, "CANARY-OTHER-DIALOGUE-INDICATOR")


def indicator(statement_key, indicator_key):
    return lambda w: {
        "dialogue_id": w.dialogue.pk,
        "statement_id": w.objects[statement_key].pk,
        "indicator_id": w.objects[indicator_key].pk,
    }


def new_indicator(w):
    return {
        "name": "Briefings held",
        "measure": "manual",
        "baseline": "0",
        "baseline_on": "2026-01-01",
        "target": "4",
        "direction": "increase",
        "target_on": "2027-01-01",
    }


CASES = [
    Case("dialogues:theory-results", in_dialogue(TEAM), kwargs=statement("results_statement")),
    Case(
        "dialogues:theory-results",
        in_dialogue([], hidden=TEAM),
        kwargs=statement("results_statement_other"),
        label="other-dialogue",
    ),
    Case(
        "dialogues:theory-publishing",
        in_dialogue(ORGANIZER, 302),
        kwargs=statement("results_statement"),
        method="post",
        data=lambda w: {"publishable": "on", "funder_wording": "Officials hear new options"},
    ),
    Case(
        "dialogues:indicator-add",
        in_dialogue(ORGANIZER, 302),
        kwargs=statement("results_statement"),
        method="post",
        data=new_indicator,
    ),
    Case(
        "dialogues:indicator-value-add",
        in_dialogue(ORGANIZER, 302),
        kwargs=indicator("results_statement", "results_indicator"),
        method="post",
        data=lambda w: {"measured_on": "2026-07-01", "value": "4", "note": ""},
    ),
    Case(
        "dialogues:indicator-value-add",
        in_dialogue([], hidden=ORGANIZER),
        # JUNIPER's statement with another dialogue's indicator: not found.
        kwargs=indicator("results_statement", "results_indicator_other"),
        method="post",
        data=lambda w: {"measured_on": "2026-07-01", "value": "4", "note": ""},
        label="other-dialogue",
    ),
]

"""Funder reports: the snapshot, the workflow, what funders see and what never leaks."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from dialogues.models import FunderContact
from reports import services, tasks
from reports.models import Report
from tests.factories import DialogueFactory, MembershipFactory, UserFactory
from tests.reports.conftest import AT, attend, readings
from trackii.privacy.roles import Role

CANARIES = [
    "CANARY-NAME",
    "CANARY-AFFILIATION",
    "CANARY-VENUE-NAME",
    "CANARY-ROUND-TITLE",
    "CANARY-SESSION-TITLE",
    "CANARY-NOTE",
    "CANARY-SPEAKER",
    "CANARY-STEP-OBSERVED",
    "CANARY-TEAM-STEP",
    "CANARY-OPTION-TITLE",
    "CANARY-TEAM-OPTION",
    "CANARY-TRANSFER",
]


def _create(cast, django_capture_on_commit_callbacks, **kwargs):
    fields = {"title": "Autumn report", "period_kind": Report.Period.WHOLE, **kwargs}
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_create(actor=cast["organizer"], dialogue=cast.dialogue, **fields)
    report.refresh_from_db()
    return report


def _publish(cast, report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_publish(actor=cast["organizer"], report=report)
    report.refresh_from_db()
    return report


def _detail_url(report):
    return reverse("reports:detail", args=[report.dialogue_id, report.pk])


def test_report_create_builds_the_snapshot_ready_for_review(
    cast, data, django_capture_on_commit_callbacks
):
    report = _create(cast, django_capture_on_commit_callbacks)

    assert (report.status, report.progress) == (Report.Status.READY, 100)


def test_snapshot_attendance_below_k_is_fewer_than_k_and_total_withheld(
    cast, data, django_capture_on_commit_callbacks
):
    report = _create(cast, django_capture_on_commit_callbacks)

    assert report.snapshot["attendance"] == {
        "by_side": [["North", 6], ["South", "fewer than 5"]],
        "by_kind": [["Academic", 8]],
        "total": None,
    }


def test_snapshot_trust_mean_over_fewer_than_k_readings_is_not_shown(
    cast, data, django_capture_on_commit_callbacks
):
    report = _create(cast, django_capture_on_commit_callbacks)

    assert report.snapshot["trust_trend"]["rounds"][0]["cells"] == [
        {"side": "North", "n": 6, "trust": 4.0, "belief": 4.0},
        {"side": "South", "n": "fewer than 5", "trust": None, "belief": None},
    ]


def test_snapshot_counts_only_reportable_steps_and_options(
    cast, data, django_capture_on_commit_callbacks
):
    report = _create(cast, django_capture_on_commit_callbacks)

    snap = report.snapshot
    assert snap["trust_steps"] == [{"kind": "Informal meal", "count": 1, "effect": 2.0}]
    assert snap["options"]["funnel"] == [2, 1, 0, 0, 0, 0, 0]
    assert snap["options"]["by_topic"] == [
        {"topic": "Ceasefire", "counts": [1, 1, 0, 0, 0, 0, 0]},
        {"topic": "Territory and boundaries", "counts": [1, 0, 0, 0, 0, 0, 0]},
    ]
    assert snap["transfers"]["by_channel"] == [{"label": "Briefing", "count": 1}]
    assert snap["activity"] == {
        "rounds": 1,
        "sessions": 1,
        "days": 3,
        "methodologies": ["Problem-solving workshop"],
    }


def test_snapshot_of_a_date_range_before_the_round_is_empty(
    cast, data, django_capture_on_commit_callbacks
):
    report = _create(
        cast,
        django_capture_on_commit_callbacks,
        period_kind=Report.Period.RANGE,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 3, 31),
    )

    assert (report.snapshot["activity"]["rounds"], report.snapshot["options"]["funnel"]) == (
        0,
        [0] * 7,
    )


def test_canaries_appear_nowhere_a_funder_or_the_email_sees(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    report = _create(cast, django_capture_on_commit_callbacks)
    organizer = client_for(cast["organizer"])
    progress = organizer.get(reverse("reports:progress", args=[cast.dialogue.pk, report.pk]))
    organizer_page = organizer.get(_detail_url(report))
    _publish(cast, report, django_capture_on_commit_callbacks)
    funder_page = client_for(cast["funder"]).get(_detail_url(report))

    seen = "\n".join(
        [
            json.dumps(report.snapshot),
            progress.content.decode(),
            funder_page.content.decode(),
            *(m.subject + m.body for m in mail.outbox),
        ]
    )
    # The organizer's review page lists the reportable options' titles to choose from.
    organizer_may_see = {"CANARY-OPTION-TITLE"}
    assert funder_page.status_code == 200
    assert "North" in seen  # the report did read the data
    assert [c for c in CANARIES if c in seen] == []
    assert [
        c for c in CANARIES if c in organizer_page.content.decode() and c not in organizer_may_see
    ] == []


def test_publish_emails_each_funder_only_the_code_name_and_link(
    cast, data, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://trackii.example"
    report = _create(cast, django_capture_on_commit_callbacks)

    _publish(cast, report, django_capture_on_commit_callbacks)

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["funder@example.org"], "trackii: a progress report on JUNIPER is ready")
    ]
    assert mail.outbox[0].body == (
        "A new progress report on JUNIPER has been published for you.\n\n"
        "Read it in trackii (you will be asked to log in):\n"
        f"https://trackii.example/d/{cast.dialogue.pk}/reports/{report.pk}/\n"
    )


def test_published_report_does_not_change_when_the_data_does(
    cast, data, django_capture_on_commit_callbacks
):
    report = _publish(
        cast, _create(cast, django_capture_on_commit_callbacks), django_capture_on_commit_callbacks
    )
    before = report.snapshot
    attend(data["round"], data["south"], 10)
    readings(data["session"], data["south"], [5] * 10)

    tasks.report_build(report.pk)

    report.refresh_from_db()
    assert (report.status, report.snapshot) == (Report.Status.PUBLISHED, before)


def test_rebuild_of_a_published_report_is_refused_with_a_message(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    report = _publish(
        cast, _create(cast, django_capture_on_commit_callbacks), django_capture_on_commit_callbacks
    )

    response = client_for(cast["organizer"]).post(
        reverse("reports:rebuild", args=[cast.dialogue.pk, report.pk]), follow=True
    )

    assert "This report is published and can no longer be changed." in response.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED


def test_narrative_edit_of_a_published_report_is_refused(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    report = _publish(
        cast, _create(cast, django_capture_on_commit_callbacks), django_capture_on_commit_callbacks
    )

    client_for(cast["organizer"]).post(
        reverse("reports:narrative", args=[cast.dialogue.pk, report.pk]), {"narrative": "New"}
    )

    report.refresh_from_db()
    assert report.narrative == ""


def test_rebuild_picks_up_new_data(cast, data, django_capture_on_commit_callbacks):
    report = _create(cast, django_capture_on_commit_callbacks)
    attend(data["round"], data["south"], 4)

    with django_capture_on_commit_callbacks(execute=True):
        services.report_rebuild(actor=cast["organizer"], report=report)

    report.refresh_from_db()
    assert report.snapshot["attendance"]["by_side"] == [["North", 6], ["South", 6]]
    assert report.snapshot["attendance"]["total"] == 12


def test_narrative_is_rendered_without_raw_html(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    report = _create(cast, django_capture_on_commit_callbacks)
    services.report_update_narrative(
        actor=cast["organizer"], report=report, narrative="**Good** <img src=x>"
    )

    body = client_for(cast["organizer"]).get(_detail_url(report)).content.decode()

    assert "<strong>Good</strong> &lt;img src=x&gt;" in body
    assert "<img src=x>" not in body


def test_funder_of_another_dialogue_gets_404(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    report = _publish(
        cast, _create(cast, django_capture_on_commit_callbacks), django_capture_on_commit_callbacks
    )
    stranger = UserFactory()
    MembershipFactory(dialogue=cast.other_dialogue, user=stranger, role=Role.FUNDER)

    response = client_for(stranger).get(_detail_url(report))

    assert response.status_code == 404


def test_funder_sees_no_draft_in_list(cast, data, client_for, django_capture_on_commit_callbacks):
    _create(cast, django_capture_on_commit_callbacks, title="Draft one")
    published = _publish(
        cast,
        _create(cast, django_capture_on_commit_callbacks, title="Published one"),
        django_capture_on_commit_callbacks,
    )

    response = client_for(cast["funder"]).get(reverse("reports:list", args=[cast.dialogue.pk]))

    assert list(response.context["reports"]) == [published]


def test_visible_to_by_role(cast, data, django_capture_on_commit_callbacks):
    draft = _create(cast, django_capture_on_commit_callbacks, title="Draft")
    published = _publish(
        cast,
        _create(cast, django_capture_on_commit_callbacks, title="Published"),
        django_capture_on_commit_callbacks,
    )

    seen = {
        who: set(Report.objects.visible_to(cast[who]))
        for who in ("organizer", "facilitator", "participant", "funder", "observer", "outsider")
    }

    assert seen == {
        "organizer": {draft, published},
        "facilitator": set(),
        "participant": set(),
        "funder": {published},
        "observer": set(),
        "outsider": set(),
    }


def test_create_with_end_before_start_answers_422_and_keeps_input(cast, client_for):
    response = client_for(cast["organizer"]).post(
        reverse("reports:list", args=[cast.dialogue.pk]),
        {
            "title": "Kept title",
            "period_kind": "range",
            "starts_on": "2026-05-01",
            "ends_on": "2026-04-01",
        },
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert "The period cannot end before it starts." in body
    assert 'value="Kept title"' in body
    assert Report.objects.count() == 0


def test_create_round_report_without_round_answers_422(cast, client_for):
    response = client_for(cast["organizer"]).post(
        reverse("reports:list", args=[cast.dialogue.pk]),
        {"title": "R", "period_kind": "round"},
    )

    assert response.status_code == 422
    assert "Choose the round the report covers." in response.content.decode()


def test_create_with_round_of_another_dialogue_answers_422(cast, client_for):
    from tests.factories import RoundFactory

    foreign = RoundFactory(dialogue=cast.other_dialogue)

    response = client_for(cast["organizer"]).post(
        reverse("reports:list", args=[cast.dialogue.pk]),
        {"title": "R", "period_kind": "round", "round": foreign.pk},
    )

    assert response.status_code == 422


def test_progress_while_building_keeps_polling(cast, data, client_for):
    report = Report.objects.create(
        dialogue=cast.dialogue,
        title="T",
        status=Report.Status.BUILDING,
        progress=45,
        requested_by=cast["organizer"],
    )

    response = client_for(cast["organizer"]).get(
        reverse("reports:progress", args=[cast.dialogue.pk, report.pk]), HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 1s"' in body
    assert 'value="45"' in body


def test_progress_when_ready_answers_286_to_stop_polling(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    report = _create(cast, django_capture_on_commit_callbacks)

    response = client_for(cast["organizer"]).get(
        reverse("reports:progress", args=[cast.dialogue.pk, report.pk])
    )

    assert response.status_code == 286
    assert "hx-trigger" not in response.content.decode()


def test_publish_of_an_unbuilt_report_is_refused(cast):
    report = Report.objects.create(dialogue=cast.dialogue, title="T", status=Report.Status.BUILDING)

    with pytest.raises(ValidationError, match="Only a report that has been built"):
        services.report_publish(actor=cast["organizer"], report=report)


def test_build_for_a_requester_who_no_longer_organizes_stops_as_draft(cast, data):
    report = Report.objects.create(
        dialogue=cast.dialogue,
        title="T",
        status=Report.Status.BUILDING,
        requested_by=cast["facilitator"],
    )

    tasks.report_build(report.pk)

    report.refresh_from_db()
    assert (report.status, report.snapshot) == (Report.Status.DRAFT, {})


def test_funder_dashboard_lists_funded_dialogues_with_published_reports(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    _create(cast, django_capture_on_commit_callbacks, title="Draft one")
    _publish(
        cast,
        _create(cast, django_capture_on_commit_callbacks, title="Published one"),
        django_capture_on_commit_callbacks,
    )

    response = client_for(cast["funder"]).get(reverse("reports:funder-dashboard"))

    rows = response.context["rows"]
    assert [(r["dialogue"].code_name, [x["title"] for x in r["reports"]]) for r in rows] == [
        ("JUNIPER", ["Published one"])
    ]


def test_funder_dashboard_for_a_non_funder_lists_nothing(cast, data, client_for):
    response = client_for(cast["organizer"]).get(reverse("reports:funder-dashboard"))

    assert response.context["rows"] == []


def _published_reports(dialogue, organizer, n):
    for i in range(n):
        Report.objects.create(
            dialogue=dialogue,
            title=f"Report {i}",
            status=Report.Status.PUBLISHED,
            requested_by=organizer,
            snapshot={},
        )


@pytest.mark.parametrize("n", [1, 6])
def test_report_list_query_count_is_fixed(cast, client_for, django_assert_num_queries, n):
    _published_reports(cast.dialogue, cast["organizer"], n)
    client = client_for(cast["organizer"])

    with django_assert_num_queries(QUERIES["list"]):
        client.get(reverse("reports:list", args=[cast.dialogue.pk]))


def _own_fundings(user, dialogues, n):
    from tests.factories import FunderFactory, FundingFactory, ReportingObligationFactory

    funder = FunderFactory()
    for dialogue in dialogues:
        FunderContact.objects.create(dialogue=dialogue, funder=funder, user=user)
        for _i in range(n):
            funding = FundingFactory(dialogue=dialogue, funder=funder, status="granted")
            ReportingObligationFactory(funding=funding, due_on=dt.date(2026, 12, 1))


@pytest.mark.parametrize("n", [1, 6])
def test_funder_dashboard_query_count_is_fixed(cast, client_for, django_assert_num_queries, n):
    _published_reports(cast.dialogue, cast["organizer"], n)
    second = DialogueFactory()
    MembershipFactory(dialogue=second, user=cast["funder"], role=Role.FUNDER)
    _published_reports(second, cast["organizer"], n)
    _own_fundings(cast["funder"], [cast.dialogue, second], n)
    client = client_for(cast["funder"])

    with django_assert_num_queries(QUERIES["dashboard"]):
        client.get(reverse("reports:funder-dashboard"))


@pytest.mark.parametrize("sides", [1, 4])
def test_report_detail_query_count_is_fixed(
    cast, client_for, django_assert_num_queries, django_capture_on_commit_callbacks, sides
):
    from tests.factories import RoundFactory, SessionFactory, SideFactory

    round_ = RoundFactory(dialogue=cast.dialogue)
    session = SessionFactory(round=round_, starts_at=AT, ends_at=AT + dt.timedelta(hours=1))
    for i in range(sides):
        side = SideFactory(dialogue=cast.dialogue, name=f"S{i}")
        attend(round_, side, 5)
        readings(session, side, [3] * 5)
    _own_fundings(cast["funder"], [cast.dialogue], sides)
    report = _publish(
        cast, _create(cast, django_capture_on_commit_callbacks), django_capture_on_commit_callbacks
    )
    client = client_for(cast["funder"])

    with django_assert_num_queries(QUERIES["detail"]):
        client.get(_detail_url(report))


#: user (the session comes from the cache), membership, the page's own queries (the list:
#: its rounds for the form, the reports counted and one page of them; the dashboard:
#: dialogues, reports, own fundings, their reports due; the detail: the report, the
#: reader's funders for the spending lines): fixed whatever the rows.
# The dashboard: dialogues, reports, withdrawal notices, fundings, obligations, + session.
QUERIES = {"list": 5, "dashboard": 6, "detail": 4}


def test_trust_chart_is_svg_with_title_desc_and_no_style(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    report = _create(cast, django_capture_on_commit_callbacks)

    body = client_for(cast["organizer"]).get(_detail_url(report)).content.decode()

    assert 'role="img" aria-labelledby="trust-chart-title trust-chart-desc"' in body
    assert '<title id="trust-chart-title">' in body
    # North's trust and belief are drawn, with their values; South's means are suppressed:
    # a dash in each chart, and the note saying why, never an empty spot read as zero.
    assert body.count("<rect x=") == 2
    assert "<h3>Belief in the process (1–5)</h3>" in body
    assert body.count(">—<title>Round 1, South: not shown</title>") == 2
    assert "fewer than 5 readings, or withheld so that no one reading can be worked out" in body
    assert "style=" not in body


def test_narrative_too_long_answers_422_and_keeps_it(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    report = _create(cast, django_capture_on_commit_callbacks)

    response = client_for(cast["organizer"]).post(
        reverse("reports:narrative", args=[cast.dialogue.pk, report.pk]),
        {"narrative": "x" * 20_001},
    )

    assert response.status_code == 422
    assert "x" * 20_001 in response.content.decode()

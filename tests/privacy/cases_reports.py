"""Privacy cases for funder reports.

Organizers of the dialogue read and write every report; its funders read published
reports only (a draft is 404 to them: they may not know it exists); facilitators,
participants and observers get 403; non-members 404.

The published report is built from the whole canary world, so the matrix also checks
that its page, as the funder sees it, carries none of the world's names, notes,
speakers or titles.
"""

from reports import tasks
from reports.models import Report
from tests.privacy.url_cases import Case, everyone, in_dialogue
from trackii.privacy.roles import Role

CANARIES = {
    "CANARY-REPORT-PUBLISHED-TITLE": {"organizer", "funder"},
    "CANARY-REPORT-PUBLISHED-NARRATIVE": {"organizer", "funder"},
    "CANARY-REPORT-DRAFT-TITLE": {"organizer"},
    "CANARY-REPORT-DRAFT-NARRATIVE": {"organizer"},
    "CANARY-REPORT-OTHER-DIALOGUE": {"other_member"},
}


def _report(dialogue, requested_by, title, narrative):
    report = Report.objects.create(
        dialogue=dialogue,
        title=title,
        narrative=narrative,
        period_kind=Report.Period.WHOLE,
        status=Report.Status.BUILDING,
        requested_by=requested_by,
    )
    tasks.report_build(report.pk)
    report.refresh_from_db()
    return report


def _publish(report, actor):
    Report.objects.filter(pk=report.pk).update(status=Report.Status.PUBLISHED, published_by=actor)
    report.refresh_from_db()


def plant(world):
    organizer = world.cast["organizer"]
    published = _report(
        world.dialogue,
        organizer,
        "CANARY-REPORT-PUBLISHED-TITLE",
        "**CANARY-REPORT-PUBLISHED-NARRATIVE**",
    )
    _publish(published, organizer)
    # Stand-in bytes: the matrix checks who may download, tests/reports the PDF itself.
    Report.objects.filter(pk=published.pk).update(
        pdf=b"%PDF-1.7 stand-in",
        pdf_of_build=published.built_at,
        pdf_k=world.dialogue.k_threshold,
    )
    world.objects["report_published"] = published
    world.objects["report_draft"] = _report(
        world.dialogue, organizer, "CANARY-REPORT-DRAFT-TITLE", "CANARY-REPORT-DRAFT-NARRATIVE"
    )
    other_organizer = world.cast["other_member"]
    assert other_organizer.memberships.get().role == Role.ORGANIZER
    other = _report(
        world.cast.other_dialogue,
        other_organizer,
        "CANARY-REPORT-OTHER-DIALOGUE",
        "",
    )
    _publish(other, other_organizer)


def dialogue(w):
    return {"dialogue_id": w.dialogue.pk}


def report(which):
    return lambda w: {"dialogue_id": w.dialogue.pk, "report_id": w.objects[which].pk}


READERS = ["organizer", "funder"]
ORGANIZER = ["organizer"]

CASES = [
    Case("reports:funder-dashboard", everyone(200)),
    Case("reports:list", in_dialogue(READERS), kwargs=dialogue),
    Case(
        "reports:list",
        in_dialogue(ORGANIZER, 302),
        kwargs=dialogue,
        method="post",
        data=lambda w: {"title": "Spring report", "period_kind": "whole"},
        label="create",
    ),
    Case(
        "reports:detail",
        in_dialogue(READERS),
        kwargs=report("report_published"),
        label="published",
    ),
    Case(
        "reports:detail",
        in_dialogue(ORGANIZER, hidden=["funder"]),
        kwargs=report("report_draft"),
        label="draft",
    ),
    Case("reports:pdf", in_dialogue(READERS), kwargs=report("report_published"), label="published"),
    # The PDF is there: 286 tells htmx to stop polling, with the link.
    Case(
        "reports:pdf-status",
        in_dialogue(READERS, 286),
        kwargs=report("report_published"),
        label="published",
    ),
    Case(
        "reports:pdf-status",
        in_dialogue(ORGANIZER, hidden=["funder"]),
        kwargs=report("report_draft"),
        label="draft, not drawn yet",
    ),
    Case(
        "reports:pdf",
        in_dialogue(ORGANIZER, 302, hidden=["funder"]),
        kwargs=report("report_draft"),
        label="draft, not drawn yet",
    ),
    Case(
        "reports:option-titles",
        in_dialogue(ORGANIZER, 302),
        kwargs=report("report_draft"),
        method="post",
        data=lambda w: {"publishable": []},
    ),
    # Not building: 286 tells htmx to stop polling.
    Case("reports:progress", in_dialogue(ORGANIZER, 286), kwargs=report("report_draft")),
    Case(
        "reports:narrative",
        in_dialogue(ORGANIZER, 302),
        kwargs=report("report_draft"),
        method="post",
        data=lambda w: {"narrative": "Better."},
    ),
    Case(
        "reports:rebuild",
        in_dialogue(ORGANIZER, 302),
        kwargs=report("report_draft"),
        method="post",
    ),
    Case(
        "reports:publish",
        in_dialogue(ORGANIZER, 302),
        kwargs=report("report_draft"),
        method="post",
    ),
    Case(
        "reports:publish",
        in_dialogue(ORGANIZER),
        kwargs=report("report_draft"),
        label="confirmation",
    ),
    Case(
        "reports:withdraw",
        in_dialogue(ORGANIZER),
        kwargs=report("report_published"),
        label="confirmation",
    ),
    # A draft cannot be withdrawn: the organizer is sent back with the reason, and the
    # world's published report stays published for the other cases.
    Case(
        "reports:withdraw",
        in_dialogue(ORGANIZER, 302),
        kwargs=report("report_draft"),
        method="post",
    ),
]

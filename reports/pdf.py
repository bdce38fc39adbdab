"""The PDF of a report: the same figures, charts and narrative as its page, drawn by
WeasyPrint from the stored snapshot (never from live data).

One PDF serves every reader of the report, so it holds what every funder of the
dialogue may read and nothing more: no funder's own funding lines (see
reports.selectors.spending_for), no review controls.
"""

from django.template.loader import render_to_string

from reports.selectors import report_body


def _no_fetching(url, *args, **kwargs):
    """WeasyPrint may not fetch anything (no files, no network): the HTML is complete."""
    raise ValueError(f"refused to fetch {url!r} while drawing a report PDF")


def report_html(report) -> str:
    context = {**report_body(report), "dialogue": report.dialogue, "spending": []}
    return render_to_string("reports/report_pdf.html", context)


def render_pdf(report) -> bytes:
    from weasyprint import HTML  # imported here: heavy, and needed by the worker only

    return HTML(string=report_html(report), url_fetcher=_no_fetching).write_pdf()

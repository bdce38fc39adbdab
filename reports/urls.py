"""Funder report URLs: the per-dialogue pages under /d/<dialogue_id>/reports/ and the
funder dashboard at /reports/. One module, one "reports" namespace.

Every pattern here has its case in tests/privacy/cases_reports.py.
"""

from django.urls import path

from reports import views

app_name = "reports"

D = "d/<int:dialogue_id>/reports/"

urlpatterns = [
    path("reports/", views.funder_dashboard, name="funder-dashboard"),
    path(D, views.report_list, name="list"),
    path(f"{D}<int:report_id>/", views.report_detail, name="detail"),
    path(f"{D}<int:report_id>/progress/", views.report_progress, name="progress"),
    path(f"{D}<int:report_id>/pdf/", views.report_pdf, name="pdf"),
    path(f"{D}<int:report_id>/pdf/status/", views.report_pdf_status, name="pdf-status"),
    path(f"{D}<int:report_id>/narrative/", views.report_narrative, name="narrative"),
    path(f"{D}<int:report_id>/options/", views.report_option_titles, name="option-titles"),
    path(f"{D}<int:report_id>/rebuild/", views.report_rebuild, name="rebuild"),
    path(f"{D}<int:report_id>/publish/", views.report_publish, name="publish"),
    path(f"{D}<int:report_id>/withdraw/", views.report_withdraw, name="withdraw"),
]

import os

from django.urls import include, path

import dialogues.urls
import participants.urls
from trackii import views
from trackii.workflows import urls as workflows

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("trackii.accounts.urls")),
    path("accounts/passkeys/", include("trackii.accounts.passkey_urls")),
    path("", include("dialogues.urls.top")),
    path("i/", include("participants.urls.public")),
    path("i/", include("facilitation.urls.public")),
    path("me/", include("participants.urls.mine")),
    # The link of an invitation to an account (its token is redacted from the logs).
    # /o/<id>/… (an organization's pages) and /join/<token>/ (an invitation to an account)
    path("", include("trackii.organizations.urls")),
    # Each app's pages, with those of work that spans apps (trackii/workflows/urls.py).
    path(
        "d/<int:dialogue_id>/",
        include((workflows.dialogue_urlpatterns + dialogues.urls.urlpatterns, "dialogues")),
    ),
    path(
        "d/<int:dialogue_id>/participants/",
        include(
            (workflows.participant_urlpatterns + participants.urls.urlpatterns, "participants")
        ),
    ),
    path("d/<int:dialogue_id>/", include("facilitation.urls")),
    # Funder reports: /d/<id>/reports/... and the funder dashboard at /reports/.
    path("", include("reports.urls")),
]

# The error pages Django renders without a request context, in the reader's language.
handler400 = views.bad_request
handler500 = views.server_error

# The benchmark's floor view (trackii/bench.py), only when scripts/bench asks for it.
if os.environ.get("BENCHMARK_FLOOR") == "1":
    from trackii import bench

    urlpatterns.append(path("bench/floor/", bench.floor, name="bench-floor"))

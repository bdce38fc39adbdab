"""Project-level pages: the home dashboard and /healthz."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from trackii import health
from trackii.privacy.models import Membership


def home(request):
    """The user's dialogues, by code name, with their role in each. Nothing of the others."""
    memberships = Membership.objects.for_user(request.user).select_related("dialogue")
    return render(request, "home.html", {"memberships": memberships})


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """Whether the stack can serve: names each dependency and "ok"/"down", nothing more."""
    checks = health.run_checks()
    status = 200 if all(v == "ok" for v in checks.values()) else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "down", "checks": checks}, status=status
    )

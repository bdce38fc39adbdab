"""Project-level pages: the home dashboard and /healthz."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from trackii import health
from trackii.organizations.models import OrganizationMembership
from trackii.privacy.models import Membership


def home(request):
    """The user's dialogues, by code name, with their role in each. Nothing of the others.

    "New dialogue" shows only to those who may create one (an organization's
    administrators and the members it allows); the organizations listed are the
    user's own, so participants, funders and observers see none.
    """
    memberships = Membership.objects.for_user(request.user).select_related("dialogue")
    org_memberships = list(
        OrganizationMembership.objects.for_user(request.user).select_related("org")
    )
    return render(
        request,
        "home.html",
        {
            "memberships": memberships,
            "org_memberships": org_memberships,
            "may_create_dialogue": any(m.may_create_dialogues for m in org_memberships),
        },
    )


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

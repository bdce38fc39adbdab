"""Project-level pages: the home dashboard, /healthz, and the error pages Django renders
without a request context (400, 500)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseBadRequest, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from trackii import health
from trackii.i18n import error_page_language
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


def _error_page(request, template_name: str) -> str:
    """An error page in the request's language (trackii.i18n.error_page_language), rendered
    like Django's own: without context processors, which may need what just failed."""
    with translation.override(error_page_language(request)):
        return loader.render_to_string(template_name)


def server_error(request, template_name="500.html"):
    """handler500: Django's page, in the reader's language instead of English only."""
    return HttpResponseServerError(_error_page(request, template_name))


def bad_request(request, exception, template_name="400.html"):
    """handler400: Django's page, in the reader's language. The exception is never shown."""
    return HttpResponseBadRequest(_error_page(request, template_name))

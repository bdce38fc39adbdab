"""The benchmark's floor: the least a page of trackii costs on this stack.

Session authentication (the whole middleware stack), one indexed query and a tiny
template. scripts/bench measures every main page as a ratio of this one. Mounted at
/bench/floor/ only when the environment says BENCHMARK_FLOOR=1 (trackii/urls.py):
never in tests, never in a deployment that did not ask for it. It shows the visitor
nothing but the first of their own roles.
"""

from django.http import HttpResponse
from django.template import engines
from django.views.decorators.http import require_GET

from trackii.privacy.models import Membership

TEMPLATE = engines["django"].from_string(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor · trackii'
    '</title></head><body><p>{{ role|default:"none" }}</p></body></html>'
)


@require_GET
def floor(request):
    # One query on the (user, role) index: the first of the user's roles, or none.
    role = Membership.objects.filter(user=request.user).values_list("role", flat=True).first()
    return HttpResponse(TEMPLATE.render({"role": role}, request))

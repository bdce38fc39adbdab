from django.utils.cache import add_never_cache_headers, patch_cache_control

from trackii.lib.text import has_bidi_controls, strip_bidi_controls


class NoStoreMiddleware:
    """Pages for a logged-in user may show confidential content: no cache may keep them.

    Static files are served before this runs (whitenoise) and keep their
    long-lived caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _without_bidi_controls(query):
    """The QueryDict with every value stripped of bidi controls (the same object if none)."""
    if not any(has_bidi_controls(v) for _key, values in query.lists() for v in values):
        return query
    clean = query.copy()
    for key, values in query.lists():
        clean.setlist(key, [strip_bidi_controls(v) for v in values])
    clean._mutable = False
    return clean


class StripBidiControlsMiddleware:
    """Every text a form accepts arrives without bidirectional embedding, override and
    isolate controls (trackii.lib.text): once, here, for every form of every app and for
    search boxes, before any form, view or service sees it. Those controls have no
    business in what people type into trackii and would let a name reorder what a page
    shows beside it (issue 13). Pages isolate user text with <bdi> as well.

    Query strings and form posts only; JSON bodies are not forms. Runs before the CSRF
    check, which reads the same (stripped) POST."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _without_bidi_controls(request.GET)
        if request.method == "POST" and request.content_type in _FORM_TYPES:
            request.POST = _without_bidi_controls(request.POST)
        return self.get_response(request)

"""One answer for pages that htmx also asks for a part of."""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def wants_fragment(request) -> bool:
    """Whether to answer with a fragment of the page: an htmx request, but not a history
    restore (htmx asks for the page again when its history cache missed, and puts the
    answer in place of the whole body: it must be the full page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def render_page(request, template: str, context=None, *, fragment: str | None = None, status=200):
    """The page `template`, or only its `{% partialdef fragment %}` when htmx asks for a part
    (wants_fragment). `Vary: HX-Request`: a cache keeps the page and its fragment apart."""
    name = f"{template}#{fragment}" if fragment and wants_fragment(request) else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response

"""Response headers shared by views of several apps."""

from functools import wraps

from django.utils.cache import add_never_cache_headers, patch_cache_control


def private_link_page(view):
    """Headers for every answer of a page whose address holds a token (an invitation link,
    an e-mail confirmation link): no referrer (no other site learns the address), no
    cache, no index."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True, private=True)
        return response

    return wrapper

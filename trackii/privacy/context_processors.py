def navigation(request):
    """The dialogue of the current page (if any), for the navigation's per-role links.

    Views decorated with @dialogue_view set request.access; pages outside a
    dialogue show only the links every logged-in user has.
    """
    return {"access": getattr(request, "access", None)}

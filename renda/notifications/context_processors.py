from .selectors import unread_count


def unread(request):
    """Expose ``unread_notifications`` (the badge count) to logged-in users' templates.

    Counted once per request (``unread_count`` remembers it on the user): a
    page that renders several templates with the request (a panel, a partial)
    asks again, and the deputy's workbench shows it as a tile too.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}

from .selectors import unread_count


def unread(request):
    """Expose ``unread_notifications`` (the badge count) to logged-in users' templates.

    Counted once per request: a page that renders several templates with the
    request (a panel, a partial) asks again.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = getattr(request, "_renda_unread_notifications", None)
    if count is None:
        count = unread_count(user)
        request._renda_unread_notifications = count
    return {"unread_notifications": count}

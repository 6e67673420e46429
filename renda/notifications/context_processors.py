from .selectors import unread_count


def unread(request):
    """Expose ``unread_notifications`` (the badge count) to logged-in users' templates."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}

from .permissions import get_scope


def roles(request):
    """Expose the user's scope to every template (the navigation is the workbench's)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"scope": get_scope(None)}
    return {"scope": get_scope(user)}

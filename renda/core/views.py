from django.contrib import messages
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def healthz(request):
    """Answer whether the app and its database respond; for load balancers and benches."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def reveal_refused(request, refusal, template: str, context: dict, fragment: str):
    """A reveal over the user's hourly limit (renda/core/reveals.py), as a page.

    htmx swaps only 2xx answers into the page, so its request gets ``fragment``
    (200): the masked data again, in the element the button targets, with the
    message (``role="alert"``). A plain form post gets the page again with the
    message, as 429 with ``Retry-After``. Both read ``context`` and ``message``.
    """
    if getattr(request, "htmx", None):
        return render(request, fragment, {**context, "message": refusal.message})
    messages.error(request, refusal.message)
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response

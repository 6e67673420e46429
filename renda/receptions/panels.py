"""The suggestion page's panel "来自群众诉求": requests that became the suggestion."""

from __future__ import annotations

from renda.suggestions.panels import register_panel

from .selectors import (
    mask_resident,
    public_requests_visible_to,
    requests_linked_to_suggestion,
)


@register_panel(needs="public_requests")
def public_requests_panel(user, suggestion):
    """List the residents' requests behind a suggestion, resident data masked.

    The suggestion page shows panels only to users who may see the suggestion.
    """
    items = list(requests_linked_to_suggestion(suggestion))
    if not items:
        return None
    for item in items:
        mask_resident(item)
    visible = set(
        public_requests_visible_to(user)
        .filter(pk__in=[item.pk for item in items])
        .values_list("pk", flat=True)
    )
    return "receptions/suggestion_panel.html", {
        "linked_requests": items,
        "visible_request_ids": visible,
    }

"""Extra panels on the suggestion detail page, contributed by other areas.

The detail page is shared by every role. An area that wants to add something
to it (the staff's review and assignment actions, a leader's oversight notes)
registers a function here instead of editing the page::

    from renda.suggestions.panels import register_panel

    @register_panel
    def staff_actions(user, suggestion):
        if not can_review_suggestion(user, suggestion):
            return None
        return "suggestions/staff_actions.html", {"suggestion": suggestion}

The function returns ``(template_name, context)`` or None (nothing to show).
A panel that shows rows of a relation to the suggestion names it,
``@register_panel(needs="public_requests")``: the detail reads whether the
item has any with the suggestion itself (``has_public_requests``), and the
panel is not asked when it has none (most items), which saves its query.
The page renders each template with the request (so ``csrf_token``,
``request`` and ``user`` are available) in the order of registration, below the
page's own content and above the timeline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

PanelFunction = Callable[[object, object], "tuple[str, dict] | None"]

_registry: list[PanelFunction] = []
# The reverse relation (of Suggestion) a panel shows rows of, if it says so.
_needs: dict[PanelFunction, str] = {}


@dataclass(frozen=True)
class Panel:
    template_name: str
    context: dict


def register_panel(function: PanelFunction | None = None, *, needs: str | None = None):
    """Add a panel function (once); usable as a decorator, with or without ``needs``."""
    if function is None:
        return lambda function: register_panel(function, needs=needs)
    if function not in _registry:
        _registry.append(function)
    if needs:
        _needs[function] = needs
    return function


def unregister_panel(function: PanelFunction) -> None:
    """Remove a panel function (tests)."""
    if function in _registry:
        _registry.remove(function)
    _needs.pop(function, None)


def panel_relations() -> list[str]:
    """Return the relations the registered panels need, for the detail to read."""
    return sorted(set(_needs.values()))


def panels_for(user, suggestion) -> list[Panel]:
    """Return the panels every registered area offers this user for this suggestion."""
    panels = []
    for function in list(_registry):
        needs = _needs.get(function)
        if needs and getattr(suggestion, f"has_{needs}", True) is False:
            continue
        result = function(user, suggestion)
        if result:
            template_name, context = result
            panels.append(Panel(template_name=template_name, context=dict(context)))
    return panels

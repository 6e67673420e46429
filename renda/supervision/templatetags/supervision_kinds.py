"""``{% kind_panel_for item %}``: the kind-specific steps of an item, drawn for
the user of the request (supervision/kinds/_panel.html includes it)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from ..selectors.kinds import ACTIONS, kind_panel

register = template.Library()

# The page of each action that is not drawn per question.
ACTION_PAGES = {
    "set_laws": "supervision:kind_laws",
    "set_methods": "supervision:kind_methods",
    "save_report": "supervision:kind_inspection_report",
    "add_question": "supervision:kind_question_new",
    "lodge": "supervision:kind_interpellation_lodge",
    "decide_answer": "supervision:kind_interpellation_decide",
    "record_interpellation_answer": "supervision:kind_interpellation_answer",
    "record_satisfaction": "supervision:kind_interpellation_satisfaction",
    "propose": "supervision:kind_investigation_propose",
    "set_exclusions": "supervision:kind_investigation_exclusions",
    "record_resolution": "supervision:kind_resolution",
    "record_execution_report": "supervision:kind_resolution_execution",
}


@register.inclusion_tag("supervision/kinds/_panel_body.html", takes_context=True)
def kind_panel_for(context, item, panel=None):
    request = context.get("request")
    user = getattr(request, "user", None)
    panel = panel or kind_panel(user, item)
    links = [
        {
            "verb": verb,
            "label": ACTIONS[verb],
            "url": reverse(ACTION_PAGES[verb], args=[item.pk]),
        }
        for verb in panel.actions
        if verb in ACTION_PAGES
    ]
    return {
        "item": item,
        "panel": panel,
        "links": links,
        "can_answer": "record_answer" in panel.actions,
        "can_remove": "remove_question" in panel.actions,
        "csrf_token": context.get("csrf_token"),
    }

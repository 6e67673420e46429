"""The follow-up panel of an item page: ``{% followup_panel item %}``."""

from django import template

from ..selectors.followup import item_followup

register = template.Library()


@register.inclusion_tag(
    "supervision/followup/_item_panel_body.html", takes_context=True
)
def followup_panel(context, item):
    """The item's opinions, points, tests and follow-up chain, as the user may see them."""
    return {"panel": item_followup(context["request"].user, item)}

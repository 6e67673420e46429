"""Template tags of reception work: the links a station's page shows to its work pages.

The station page (registry) loads this library by name, so that ``stations``
imports nothing of this workflow app.
"""

from django import template

from renda.receptions.permissions import (
    can_record_requests,
    can_view_station_requests,
)

register = template.Library()


@register.simple_tag
def station_work_links(user, station) -> dict:
    """Return which working pages of a station the user may open."""
    return {
        "requests": can_view_station_requests(user, station),
        "record": can_record_requests(user, station),
    }

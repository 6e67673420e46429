"""Template tags of the station's working side (links on the station page)."""

from django import template

from renda.stations.permissions import (
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

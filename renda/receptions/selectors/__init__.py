"""Reads of reception days and residents' requests: one read path for pages, API, exports.

- ``ReceptionDayFilters`` / ``PublicRequestFilters`` are parsed from a page's
  query string and from the API's query alike (``from_query``).
- ``reception_day_list(user, filters)`` and ``public_request_list(user,
  filters)`` answer both; ``reception_day_detail(user, pk)`` and
  ``public_request_detail(user, pk)`` carry what the screen shows, including
  the actions the user may take now, computed once.
- ``get_<entity>_for_user(user, pk)`` answers 404 for ids outside the scope.
"""

from .reception_days import (
    DAY_ACTIONS,
    ReceptionDayFilters,
    ReceptionDayYear,
    counted_q,
    get_reception_day_for_user,
    reception_day_actions,
    reception_day_detail,
    reception_day_late_counts,
    reception_day_list,
    reception_day_year_summary,
    reception_days_counted,
    reception_days_of_year,
    reception_days_visible_to,
)
from .requests import (
    REQUEST_ACTIONS,
    PublicRequestDetail,
    PublicRequestFilters,
    congress_for_conversion,
    get_public_request_for_user,
    get_request_photo_for_user,
    grassroots_unit_for,
    is_overdue,
    mask_resident,
    mask_resident_name,
    normalize_receipt_number,
    public_request_actions,
    public_request_detail,
    public_request_for_receipt,
    public_request_list,
    public_requests_for_unit,
    public_requests_of_deputy,
    public_requests_visible_to,
    requests_linked_to_suggestion,
    station_for_requests,
    stations_of_deputy,
)

__all__ = [
    "DAY_ACTIONS",
    "PublicRequestDetail",
    "PublicRequestFilters",
    "REQUEST_ACTIONS",
    "ReceptionDayFilters",
    "ReceptionDayYear",
    "congress_for_conversion",
    "counted_q",
    "get_public_request_for_user",
    "get_reception_day_for_user",
    "get_request_photo_for_user",
    "grassroots_unit_for",
    "is_overdue",
    "mask_resident",
    "mask_resident_name",
    "normalize_receipt_number",
    "public_request_actions",
    "public_request_detail",
    "public_request_for_receipt",
    "public_request_list",
    "public_requests_for_unit",
    "public_requests_of_deputy",
    "public_requests_visible_to",
    "reception_day_actions",
    "reception_day_detail",
    "reception_day_late_counts",
    "reception_day_list",
    "reception_day_year_summary",
    "reception_days_counted",
    "reception_days_of_year",
    "reception_days_visible_to",
    "requests_linked_to_suggestion",
    "station_for_requests",
    "stations_of_deputy",
]

"""The settings behind ``rules.py``: each ``RENDA_SUGGESTION_<NAME>`` and its default.

Read them through ``rules.py`` (``rules.setting(name)`` or the named functions).
This module imports no other module of the app, so that ``choices.py`` can
resolve its old constant names at call time without an import cycle.
"""

from __future__ import annotations

from django.conf import settings

SETTING_PREFIX = "RENDA_SUGGESTION_"

# name → default; the setting is SETTING_PREFIX + name.
DEFAULTS: dict[str, object] = {
    # 代表建议: 3 months from assignment.
    "FORMAL_REPLY_MONTHS": 3,
    # 《代表之声》: 15 days.
    "VOICE_REPLY_DAYS": 15,
    # 12345 直通车: 7 days.
    "HOTLINE_REPLY_DAYS": 7,
    # 会办单位 send their opinion to the lead unit within 1 month.
    "JOINT_OPINION_MONTHS": 1,
    # 不满意 → the unit handles it again within 1 month.
    "REHANDLING_MONTHS": 1,
    # A misrouted item may be returned within 7 working days of assignment.
    "RETURN_WINDOW_WORKING_DAYS": 7,
    # The deputy rates within 20 working days of the last answering reply.
    "RATING_WINDOW_WORKING_DAYS": 20,
    # A formal suggestion's deadline may be extended once, by at most 3 months.
    "MAX_EXTENSION_MONTHS": 3,
    "MAX_EXTENSIONS": 1,
    # "Due soon": the deadline is within this many calendar days (due today
    # included). The daily job's notices, the unit inbox and the staff overdue
    # board all use it.
    "DUE_SOON_DAYS": 3,
    # Words in a handling unit's name that suggest it handles a category
    # (分级处理 proposals only: staff choose the units).
    "CATEGORY_UNIT_KEYWORDS": {
        "URBAN_RURAL_CONSTRUCTION": ("住房", "城乡建设", "城市管理", "自然资源"),
        "TRANSPORT": ("交通", "公路"),
        "EDUCATION": ("教育",),
        "HEALTH": ("卫生", "健康", "医疗保障"),
        "SOCIAL_SECURITY": ("人力资源", "社会保障", "民政", "医疗保障"),
        "ENVIRONMENT": ("生态环境", "水利", "林业"),
        "AGRICULTURE": ("农业", "农村", "水利"),
        "ECONOMY": ("发展和改革", "工业", "商务", "财政"),
        "LAW": ("公安", "司法", "法院", "检察"),
        "OTHER": (),
    },
    # "按相似建议": earlier items of the same congress within this many years are
    # compared with the new one's title, at most this many of them (newest
    # first), and an item is similar when they share this many title bigrams.
    "SIMILAR_YEARS": 3,
    "SIMILAR_SCAN_LIMIT": 2000,
    "SIMILAR_MIN_SHARED_BIGRAMS": 2,
    # "按历史办理" (text_routing.py): the routing index keeps this many units per
    # term, and leaves out terms more than this share of all items have.
    "ROUTING_UNITS_PER_TERM": 8,
    "ROUTING_MAX_DF_SHARE": 0.5,
    # "可能重复": the newest this many items of the congress (or station) within
    # this many days are compared with a new one; a score (0..1) of at least
    # DUPLICATE_MIN_SCORE is shown.
    "DUPLICATE_SCAN_LIMIT": 400,
    "DUPLICATE_DAYS": 365,
    "DUPLICATE_MIN_SCORE": 0.3,
}


def setting(name: str):
    """Return the current value of the period or limit ``name`` (see DEFAULTS)."""
    return getattr(settings, SETTING_PREFIX + name, DEFAULTS[name])

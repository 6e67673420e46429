"""The navigation every page shows, asking each app's own permission checks.

``nav`` holds the flags (one per entry, the permission its page asks);
``nav_groups`` the entries the user may follow, grouped (the desktop bar and
the phone's "更多" sheet); ``nav_main`` the 4 places of the phone's bottom bar.
"""

from dataclasses import dataclass

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject

from renda.accounts.permissions import can_view_audit_log, get_scope
from renda.deputies.permissions import (
    can_browse_deputies,
    can_export_deputies,
    can_import_roster,
    can_view_statistics,
)
from renda.duty.permissions import (
    can_manage_any_duty,
    can_use_duty_staff,
    can_use_my_duty,
)
from renda.hotline.permissions import can_use_hotline_staff
from renda.liaison.permissions import (
    can_read_records,
    can_see_deputy_pages,
    is_leadership_user,
)
from renda.meetings.permissions import can_use_meetings
from renda.notices.permissions import notices_navigation
from renda.receptions.permissions import can_list_own_requests, can_use_unit_requests
from renda.stations.permissions import can_browse_stations
from renda.suggestions.permissions import (
    can_handle_assignments,
    can_read_suggestion_lists,
    can_review_suggestions,
    can_see_key_suggestions,
    can_write_suggestions,
)
from renda.supervision.permissions import (
    can_file_documents,
    can_propose_topic,
    can_use_supervision,
    can_use_unit_queue,
    can_view_reviews,
    reads_any_congress,
)


def navigation(request):
    """Expose which navigation entries the user may follow to every template."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Computed once per request: a page that renders several templates with
    # the request (a panel, a partial) asks again.
    cached = getattr(request, "_renda_nav", None)
    if cached is None:
        flags = _flags(user)
        # The entries' URLs are reversed when a template first uses them: a
        # page served by another URLconf (the API's docs) shows no navigation.
        groups = SimpleLazyObject(lambda: _groups(flags, request.path))
        cached = request._renda_nav = {
            "nav": flags,
            "nav_groups": groups,
            "nav_main": SimpleLazyObject(lambda: _main(groups, request.path)),
        }
    return cached


@dataclass(frozen=True)
class Entry:
    key: str
    label: str
    url: str
    current: bool = False


# The entries, grouped, in the order they are shown: (group, [(key, label, flag,
# URL name)]). The key names the entry for the bottom bar's choice (MAIN_PLACES).
GROUPS = [
    (
        "建议",
        [
            ("suggestions_mine", "我的建议", "suggestions_mine", "suggestions:my"),
            ("unit_inbox", "交办事项", "unit_inbox", "suggestions:unit_inbox"),
            (
                "suggestions_staff",
                "建议审查",
                "suggestions_staff",
                "suggestions:staff_inbox",
            ),
            ("leader_key", "重点督办", "leader_key", "suggestions:leader_key"),
            (
                "suggestion_list",
                "全部建议",
                "suggestion_lists",
                "suggestions:staff_list",
            ),
            ("overdue", "超期督办", "suggestion_lists", "suggestions:staff_overdue"),
            ("suggestion_stats", "建议统计", "suggestion_lists", "suggestions:stats"),
            ("documents", "文书打印", "suggestions_staff", "suggestions:documents"),
            ("hotline_partners", "12345合作方", "hotline_staff", "hotline:partners"),
            ("hotline_tickets", "12345工单", "hotline_staff", "hotline:ticket_list"),
        ],
    ),
    (
        "联络站",
        [
            (
                "unit_requests",
                "群众诉求办理",
                "unit_requests",
                "stations:unit_requests",
            ),
            ("my_station", "我的联络站", "my_station", "stations:detail"),
            ("station_requests", "民意诉求", "my_station", "stations:requests"),
            ("reception_days", "接待日", "my_station", "stations:reception_days"),
            ("my_requests", "我记录的诉求", "my_requests", "stations:my_requests"),
        ],
    ),
    (
        "双联",
        [
            ("my_contacts", "我联系的代表", "my_contacts", "liaison:my_contacts"),
            ("my_meetings", "我列席的会议", "my_meetings", "liaison:my_meetings"),
            ("liaison", "双联", "liaison", "liaison:dashboard"),
            ("liaison_stats", "双联统计", "liaison", "liaison:stats"),
        ],
    ),
    (
        "监督",
        [
            ("supervision", "监督工作", "supervision", "supervision:item_list"),
            (
                "supervision_unit",
                "监督交办",
                "supervision_unit",
                "supervision:followup_unit",
            ),
        ],
    ),
    (
        "会议",
        [
            ("meetings", "会议", "meetings", "meetings:list"),
            ("meetings_mine", "我的会议", "meetings", "meetings:mine"),
            ("my_votes", "待表决", "meetings", "meetings:my_votes"),
        ],
    ),
    (
        "履职",
        [
            ("my_duty", "我的履职", "my_duty", "duty:me"),
            ("my_scores", "我的履职积分", "my_duty", "duty:my_scores"),
            ("my_training", "我的培训", "my_duty", "duty:my_training"),
            ("my_reports", "我的述职", "my_duty", "duty:reports"),
            ("my_stories", "我的履职事迹", "my_duty", "duty:stories"),
            ("duty_board", "履职积分", "duty_staff", "duty:board"),
            ("duty_archives", "履职档案", "duty_staff", "duty:archives"),
            ("duty_sessions", "大会出席登记", "duty_manage", "duty:sessions"),
            ("duty_records", "履职记录确认", "duty_staff", "duty:records"),
            ("duty_reports", "代表述职", "duty_staff", "duty:reports"),
            ("trainings", "培训与人大讲坛", "duty_staff", "duty:trainings"),
            ("duty_stories", "履职事迹", "duty_staff", "duty:stories"),
            ("donations", "捐款捐物", "duty_staff", "duty:donations"),
        ],
    ),
    (
        "通知",
        [
            ("notices_inbox", "通知公告", "notices_inbox", "notices:inbox"),
            ("notices_manage", "通知公告", "notices_manage", "notices:manage_list"),
        ],
    ),
    (
        "代表与人大",
        [
            ("deputies", "代表", "deputies", "deputies:list"),
            ("groups", "代表小组", "deputies", "deputies:groups"),
            ("stations", "联络站", "stations", "stations:list"),
            ("congresses", "人大", "statistics", "congresses:list"),
            ("composition", "代表结构", "statistics", "deputies:composition"),
            ("roster", "名册导入", "roster", "roster:upload"),
        ],
    ),
    (
        "系统",
        [
            ("audit", "审计日志", "audit", "accounts:audit"),
            ("admin", "管理后台", "audit", "admin:index"),
        ],
    ),
]

# The bottom bar's places between 工作台 and 消息, the first two the user has:
# each role's daily work before the registry.
MAIN_PLACES = [
    "suggestions_mine",
    "notices_inbox",
    "my_requests",
    "unit_inbox",
    "unit_requests",
    "station_requests",
    "reception_days",
    "suggestions_staff",
    "leader_key",
    "my_contacts",
    "suggestion_list",
    "supervision",
    "deputies",
    "admin",
]
MAIN_COUNT = 2


# The entries' URLs, reversed once per process: every page shows the navigation,
# and reversing its 20-60 entries was a fifth of a small page's time (issue 13,
# section 3). Keyed by what reverse() reads besides the name: the URLconf of the
# request and the script prefix; emptied when the settings change (tests).
_urls: dict[tuple, str | None] = {}


@receiver(setting_changed)
def _forget_urls(**kwargs):
    _urls.clear()


def _url(name: str, args: tuple = ()) -> str | None:
    """reverse(), remembered; None for a page not mounted (NoReverseMatch)."""
    key = (get_urlconf(), get_script_prefix(), name, args)
    if key not in _urls:
        try:
            _urls[key] = reverse(name, args=args)
        except NoReverseMatch:
            _urls[key] = None
    return _urls[key]


def _current(url: str, path: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))


def _groups(flags: dict, path: str) -> list[tuple[str, list[Entry]]]:
    """Return the entries the user may follow, by group (empty groups left out)."""
    station = flags["my_station"]
    groups = []
    for title, entries in GROUPS:
        shown = []
        for key, label, flag, name in entries:
            if not flags[flag]:
                continue
            url = _url(name, (station,) if flag == "my_station" else ())
            if url is None:
                # A page another part of the work adds later: no entry until then.
                continue
            shown.append(Entry(key, label, url, _current(url, path)))
        if shown:
            groups.append((title, shown))
    return groups


def _main(groups, path: str) -> list[Entry]:
    """Return the bottom bar's places: 工作台, two of the user's main places, 消息."""
    entries = {entry.key: entry for _title, shown in groups for entry in shown}
    chosen = [entries[key] for key in MAIN_PLACES if key in entries][:MAIN_COUNT]
    home = _url("workbench:home")
    messages = _url("notifications:list")
    return [
        Entry("home", "工作台", home, path == home),
        *chosen,
        Entry("messages", "消息", messages, _current(messages, path)),
    ]


def _flags(user) -> dict:
    notices = notices_navigation(user)
    return {
        "deputies": can_browse_deputies(user),
        "stations": can_browse_stations(user),
        "statistics": can_view_statistics(user),
        "export": can_export_deputies(user),
        "roster": can_import_roster(user),
        "suggestions_mine": can_write_suggestions(user),
        "unit_inbox": can_handle_assignments(user),
        # Residents' requests: the receptions pages' own checks.
        "unit_requests": can_use_unit_requests(user),
        "my_requests": can_list_own_requests(user),
        # Station staff: their station (the first, if they serve several).
        "my_station": min(get_scope(user).station_ids, default=None),
        "suggestions_staff": can_review_suggestions(user),
        # The congress's suggestion list, overdue board and statistics.
        "suggestion_lists": can_read_suggestion_lists(user),
        "leader_key": can_see_key_suggestions(user),
        # The 双联 entries: the rules dashboard, a leader's contacts, a
        # deputy's meetings.
        "liaison": can_read_records(user),
        "my_contacts": is_leadership_user(user),
        "my_meetings": can_see_deputy_pages(user),
        # Supervision: the item list in the bar, the rest in its own sub-menu
        # (supervision/_subnav.html); the unit's queue in the bar too.
        "supervision": can_use_supervision(user),
        "supervision_unit": can_use_unit_queue(user),
        "supervision_readers": reads_any_congress(user),
        "supervision_topics_mine": can_propose_topic(user),
        "supervision_filing": can_file_documents(user),
        "supervision_reviews": can_view_reviews(user),
        # Meetings and votes: staff, leaders and members (the pages' own check).
        "meetings": can_use_meetings(user),
        # Deputies' duty: a deputy's own archive; staff and leaders' pages (the
        # pages' own checks; sessions' attendance is kept by staff only).
        "my_duty": can_use_my_duty(user),
        "duty_staff": can_use_duty_staff(user),
        "duty_manage": can_manage_any_duty(user),
        # 12345 直通车: partner systems (staff and leaders of a congress).
        # 12345 直通车: partner systems and the tickets sent (staff and leaders).
        "hotline_staff": can_use_hotline_staff(user),
        "notices": notices,
        "notices_inbox": notices == "inbox",
        "notices_manage": notices == "manage",
        # The audit page and /admin/: system administrators only.
        "audit": can_view_audit_log(user),
    }

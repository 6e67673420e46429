"""The navigation shows a link exactly when the page it leads to opens.

Each link's flag is the permission function its page's decorator asks; for
every role of the permission matrix, the link and the page agree.
"""

import re

import pytest
from django.urls import NoReverseMatch, reverse

from tests.matrix import ROLES, login_as

# (URL name, the link's words, the navigation flag) of every link that needs no
# argument.
LINKS = [
    ("suggestions:my", "我的建议", "suggestions_mine"),
    ("suggestions:unit_inbox", "交办事项", "unit_inbox"),
    ("stations:unit_requests", "群众诉求办理", "unit_requests"),
    ("suggestions:staff_inbox", "建议审查", "suggestions_staff"),
    ("suggestions:leader_key", "重点督办", "leader_key"),
    ("suggestions:staff_list", "全部建议", "suggestion_lists"),
    ("suggestions:staff_overdue", "超期督办", "suggestion_lists"),
    ("suggestions:stats", "建议统计", "suggestion_lists"),
    ("suggestions:documents", "文书打印", "suggestions_staff"),
    ("liaison:my_contacts", "我联系的代表", "my_contacts"),
    ("liaison:my_meetings", "我列席的会议", "my_meetings"),
    ("stations:my_requests", "我记录的诉求", "my_requests"),
    ("liaison:dashboard", "双联", "liaison"),
    ("liaison:stats", "双联统计", "liaison"),
    ("supervision:item_list", "监督工作", "supervision"),
    ("supervision:followup_unit", "监督交办", "supervision_unit"),
    ("deputies:list", "代表", "deputies"),
    ("deputies:groups", "代表小组", "deputies"),
    ("stations:list", "联络站", "stations"),
    ("congresses:list", "人大", "statistics"),
    ("deputies:composition", "代表结构", "statistics"),
    ("roster:upload", "名册导入", "roster"),
    ("accounts:audit", "审计日志", "audit"),
]


def _built(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


# The meetings' pages are other parts' work: their links are checked once the
# pages exist (renda/workbench/tests/test_meeting_tiles.py checks the entries).
LINKS += [
    link
    for link in [
        ("meetings:list", "会议", "meetings"),
        ("meetings:mine", "我的会议", "meetings"),
        ("meetings:my_votes", "待表决", "meetings"),
    ]
    if _built(link[0])
]


def _navigation(html: str) -> str:
    start = html.index('<nav class="nav"')
    return html[start : html.index("</nav>", start)]


@pytest.mark.parametrize(("url_name", "label", "flag"), LINKS)
@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_a_link_shows_exactly_when_its_page_opens(
    role, url_name, label, flag, request, client, world
):
    client = login_as(role, request, client)
    url = reverse(url_name)

    page = client.get(url)
    home = client.get(reverse("workbench:home"))

    assert page.status_code in (200, 403)
    opens = page.status_code == 200
    assert bool(home.context["nav"][flag]) is opens
    shown = f'href="{url}">{label}' in _navigation(home.content.decode())
    assert shown == opens, (
        f"{label} as {role}: link {'shown' if shown else 'hidden'}, "
        f"page {page.status_code}"
    )


# The supervision sub-menu (supervision/_subnav.html, on the item list).
SUBNAV = [
    ("supervision:item_list", "监督事项", "supervision"),
    ("supervision:plans", "监督计划", "supervision_readers"),
    ("supervision:topic_calls", "议题征集", "supervision"),
    ("supervision:topic_my_proposals", "我的议题建议", "supervision_topics_mine"),
    ("supervision:opinions", "审议意见", "supervision"),
    ("supervision:followup_boards", "落实情况", "supervision_readers"),
    ("supervision:filing_unit", "报送备案", "supervision_filing"),
    ("supervision:filings", "备案文件", "supervision_readers"),
    ("supervision:reviews", "备案审查", "supervision_reviews"),
    ("supervision:stats", "监督统计", "supervision_readers"),
]


@pytest.mark.parametrize(("url_name", "label", "flag"), SUBNAV)
@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_a_supervision_link_shows_exactly_when_its_page_opens(
    role, url_name, label, flag, request, client, world
):
    client = login_as(role, request, client)
    url = reverse(url_name)
    page = client.get(url)
    listing = client.get(reverse("supervision:item_list"))
    if listing.status_code != 200:
        # No supervision pages at all: no sub-menu, and this page is refused.
        assert page.status_code == 403
        return
    assert page.status_code in (200, 403)
    html = listing.content.decode()
    start = html.index('<nav class="subnav"')
    menu = html[start : html.index("</nav>", start)]
    shown = f'href="{url}">{label}' in menu
    assert shown == (page.status_code == 200), (
        f"{label} as {role}: link {'shown' if shown else 'hidden'}, "
        f"page {page.status_code}"
    )


# The phone's bottom bar and its 更多 sheet ---------------------------------------


def _between(html: str, start_marker: str, end_marker: str) -> str:
    start = html.index(start_marker)
    return html[start : html.index(end_marker, start)]


def _hrefs(fragment: str) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]+)"', fragment)


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_the_bottom_bar_holds_four_places_that_open_and_more(
    role, request, client, world
):
    client = login_as(role, request, client)

    html = client.get(reverse("workbench:home")).content.decode()

    bar = _between(html, '<nav class="tabbar"', '<details class="tab more">')
    places = _hrefs(bar)
    assert 2 <= len(places) <= 4
    assert places[0] == reverse("workbench:home")
    assert places[-1] == reverse("notifications:list")
    for url in places:
        assert client.get(url).status_code == 200, (role, url)
    assert "<summary>更多</summary>" in html


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_the_more_sheet_holds_every_entry_of_the_full_bar_by_group(
    role, request, client, world
):
    client = login_as(role, request, client)

    html = client.get(reverse("workbench:home")).content.decode()

    full = _hrefs(_navigation(html))
    sheet_html = _between(html, '<div class="sheet">', "</details>")
    sheet = _hrefs(sheet_html)
    assert full[0] == reverse("notifications:list")
    assert sheet == [
        *full[1:],
        reverse("accounts:password_change"),
        reverse("accounts:otp_manage"),
    ]
    groups = re.findall(r'<section class="sheet-group"><h2>([^<]+)</h2>', sheet_html)
    assert groups[-1] == "账号"
    assert len(groups) == len(set(groups))


def test_staff_get_their_daily_places_in_the_bar_and_the_rest_grouped(
    committee_staff, client, world
):
    client.force_login(committee_staff)

    html = client.get(reverse("workbench:home")).content.decode()

    bar = _between(html, '<nav class="tabbar"', "</details>")
    labels = re.findall(r'class="tab tab-[a-z_]+"[^>]*>([^<]+)', bar)
    assert labels == ["工作台", "建议审查", "全部建议", "消息"]
    groups = re.findall(r'<section class="sheet-group"><h2>([^<]+)</h2>', bar)
    assert groups[:2] == ["建议", "双联"]
    assert len(_hrefs(_navigation(html))) >= 13


def test_the_current_place_is_marked_in_the_bar(deputy, client, world):
    client.force_login(deputy)

    html = client.get(reverse("suggestions:my")).content.decode()

    bar = _between(html, '<nav class="tabbar"', '<details class="tab more">')
    assert re.findall(r'href="([^"]+)" aria-current="page"', bar) == [
        reverse("suggestions:my")
    ]

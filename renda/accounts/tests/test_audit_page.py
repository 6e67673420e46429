"""The audit page (accounts:audit): system administrators only, with filters."""

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.core import audit_chain
from renda.core.services import action_log_record
from renda.core.tests.audit_log_aging import age_the_log
from renda.workbench.context_processors import navigation

AUDIT = "accounts:audit"


def _rows(response):
    return list(response.context["page"].object_list)


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse(AUDIT))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "role",
    [
        "committee_staff",
        "district_staff",
        "leader",
        "deputy",
        "unit_staff",
        "station_chief",
        "liaison_officer",
    ],
)
def test_other_roles_are_refused(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)

    response = client.get(reverse(AUDIT))

    assert response.status_code == 403


def test_system_admin_sees_recent_rows_newest_first(client, system_admin, deputy):
    action_log_record(actor=deputy, action="deputy.update", summary="第一条")
    action_log_record(actor=deputy, action="deputy.update", summary="第二条")
    client.force_login(system_admin)

    response = client.get(reverse(AUDIT))

    assert response.status_code == 200
    summaries = [row.summary for row in _rows(response)]
    assert summaries.index("第二条") < summaries.index("第一条")
    body = response.content.decode()
    assert "审计日志" in body
    assert 'name="viewport"' in body


def test_filters_by_action_prefix_and_actor(client, system_admin, deputy, leader):
    action_log_record(actor=deputy, action="deputy.update", summary="代表改")
    action_log_record(actor=leader, action="deputy.update", summary="班子改")
    action_log_record(actor=leader, action="mandate.end", summary="终止")
    client.force_login(system_admin)

    response = client.get(reverse(AUDIT), {"action": "deputy.", "actor": "leader"})

    assert [row.summary for row in _rows(response)] == ["班子改"]


def test_filters_by_local_date_range(client, system_admin, deputy):
    # Rows are append-only and their time is the database's clock: write the old
    # row as it was written ten days ago by turning that clock back.
    ten_days_ago = timezone.now() - dt.timedelta(days=10)
    real = audit_chain.head_and_now
    with mock.patch.object(
        audit_chain, "head_and_now", lambda using: (real(using)[0], ten_days_ago)
    ):
        action_log_record(actor=deputy, action="x.old", summary="旧")
    action_log_record(actor=deputy, action="x.new", summary="新")
    client.force_login(system_admin)
    today = timezone.localdate()

    recent = client.get(reverse(AUDIT), {"action": "x.", "date_from": today})
    older = client.get(
        reverse(AUDIT),
        {"action": "x.", "date_to": today - dt.timedelta(days=5)},
    )

    assert [row.summary for row in _rows(recent)] == ["新"]
    assert [row.summary for row in _rows(older)] == ["旧"]


def test_bad_dates_show_chinese_errors_not_500(client, system_admin):
    client.force_login(system_admin)

    response = client.get(
        reverse(AUDIT), {"date_from": "2024-13-45", "date_to": "not-a-date"}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "起始日期格式不正确" in body
    assert "截止日期格式不正确" in body


def test_reversed_date_range_is_reported(client, system_admin):
    client.force_login(system_admin)

    response = client.get(
        reverse(AUDIT), {"date_from": "2024-03-10", "date_to": "2024-03-01"}
    )

    assert response.status_code == 200
    assert "截止日期不能早于起始日期" in response.content.decode()


def test_htmx_request_gets_only_the_rows(client, system_admin, deputy):
    action_log_record(actor=deputy, action="deputy.update", summary="片段")
    client.force_login(system_admin)

    response = client.get(
        reverse(AUDIT), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="audit-rows"
    )

    body = response.content.decode()
    assert "片段" in body
    assert "<html" not in body


def test_pages_keep_the_filters(client, system_admin, deputy, settings):
    settings.RENDA_PAGE_SIZE = 2
    for n in range(3):
        action_log_record(actor=deputy, action="deputy.update", summary=f"行{n}")
    client.force_login(system_admin)

    response = client.get(reverse(AUDIT), {"action": "deputy."})

    assert len(_rows(response)) == 2
    assert "action=deputy.&amp;page=2" in response.content.decode()
    second = client.get(reverse(AUDIT), {"action": "deputy.", "page": 2})
    assert [row.summary for row in _rows(second)] == ["行0"]


def test_navigation_flag_for_the_audit_page(rf, system_admin, committee_staff):
    for user, expected in ((system_admin, True), (committee_staff, False)):
        request = rf.get("/")
        request.user = user
        assert navigation(request)["nav"]["audit"] is expected


def test_the_page_says_how_far_back_and_where_older_rows_are(
    client, system_admin, deputy, settings, tmp_path
):
    from renda.core.audit_archive import audit_archive_run

    settings.RENDA_AUDIT_ARCHIVE_DIR = tmp_path
    action_log_record(actor=deputy, action="deputy.update", summary="旧")
    age_the_log(400)
    audit_archive_run()
    client.force_login(system_admin)

    body = client.get(reverse(AUDIT)).content.decode()

    assert "保留 365 天" in body
    assert "已归档为 1 个压缩文件" in body
    assert str(tmp_path) in body

"""The audit log is append-only: through the ORM and through the admin."""

import pytest
from django.urls import reverse

from renda.accounts.services import user_sync_admin_flag
from renda.core.models import ActionLog
from renda.core.services import action_log_record


@pytest.fixture
def site_admin(system_admin):
    """The system administrator with the admin flag, as granting the role sets it."""
    user_sync_admin_flag(user=system_admin)
    return system_admin


@pytest.fixture
def row(deputy):
    return action_log_record(actor=deputy, action="deputy.update", summary="原文")


def test_record_keeps_actor_name_and_request_address(client, committee_staff, password):
    client.post(
        reverse("accounts:login"),
        {"username": "staff", "password": password},
        REMOTE_ADDR="192.0.2.7",
        HTTP_USER_AGENT="测试浏览器",
    )

    row = ActionLog.objects.get(action="auth.login")
    assert row.actor_name == "staff"
    assert row.ip_address == "192.0.2.7"
    assert row.user_agent == "测试浏览器"
    assert row.object_type == "accounts.user"
    assert row.object_id == str(committee_staff.pk)


def test_actor_name_survives_the_user(row, deputy):
    deputy.delete()

    row.refresh_from_db()
    assert row.actor is None
    assert row.actor_name == "deputy"


def test_saving_an_existing_row_is_refused(row):
    row.summary = "篡改"

    with pytest.raises(TypeError):
        row.save()

    assert ActionLog.objects.get(pk=row.pk).summary == "原文"


def test_deleting_a_row_is_refused(row):
    with pytest.raises(TypeError):
        row.delete()

    assert ActionLog.objects.filter(pk=row.pk).exists()


def test_queryset_update_and_delete_are_refused(row):
    with pytest.raises(TypeError):
        ActionLog.objects.filter(pk=row.pk).update(summary="篡改")
    with pytest.raises(TypeError):
        ActionLog.objects.all().delete()

    assert ActionLog.objects.get(pk=row.pk).summary == "原文"


def test_admin_lists_and_shows_rows_read_only(client, site_admin, row):
    client.force_login(site_admin)

    listing = client.get(reverse("admin:core_actionlog_changelist"))
    detail = client.get(reverse("admin:core_actionlog_change", args=[row.pk]))

    assert listing.status_code == 200
    assert "原文" in listing.content.decode()
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()


def test_admin_filters_and_search(client, site_admin, row, leader):
    action_log_record(actor=leader, action="mandate.end", summary="另一条")
    client.force_login(site_admin)
    url = reverse("admin:core_actionlog_changelist")

    by_action = client.get(url, {"action": "mandate.end"})
    by_search = client.get(url, {"q": "原文"})
    by_actor = client.get(url, {"actor__id__exact": leader.pk})

    assert [r.summary for r in by_action.context["cl"].result_list] == ["另一条"]
    assert [r.summary for r in by_search.context["cl"].result_list] == ["原文"]
    assert [r.summary for r in by_actor.context["cl"].result_list] == ["另一条"]


def test_admin_cannot_add_change_or_delete(client, site_admin, row):
    client.force_login(site_admin)

    add = client.get(reverse("admin:core_actionlog_add"))
    change = client.post(
        reverse("admin:core_actionlog_change", args=[row.pk]), {"summary": "篡改"}
    )
    delete = client.post(
        reverse("admin:core_actionlog_delete", args=[row.pk]), {"post": "yes"}
    )

    assert add.status_code == 403
    assert change.status_code == 403
    assert delete.status_code == 403
    assert ActionLog.objects.get(pk=row.pk).summary == "原文"


def test_admin_offers_no_bulk_delete(client, site_admin, row):
    client.force_login(site_admin)

    response = client.post(
        reverse("admin:core_actionlog_changelist"),
        {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
    )

    assert response.status_code in (200, 302)
    assert ActionLog.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": "10.1.2.3"}, "10.1.2.3"),
        ({"REMOTE_ADDR": "::1"}, "::1"),
        ({"REMOTE_ADDR": ""}, None),
        ({"REMOTE_ADDR": "foo"}, None),
        (
            {"HTTP_X_REAL_IP": "192.0.2.7, 10.0.0.1", "REMOTE_ADDR": "127.0.0.1"},
            "192.0.2.7",
        ),
        ({"HTTP_X_REAL_IP": "<script>", "REMOTE_ADDR": "127.0.0.1"}, None),
    ],
)
def test_client_ip_is_an_address_or_nothing(settings, rf, meta, expected):
    from renda.core.middleware import client_ip

    settings.RENDA_CLIENT_IP_HEADER = (
        "HTTP_X_REAL_IP" if "HTTP_X_REAL_IP" in meta else ""
    )
    request = rf.get("/")
    request.META.pop("REMOTE_ADDR", None)
    request.META.update(meta)

    assert client_ip(request) == expected

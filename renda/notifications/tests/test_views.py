"""The 消息 page, marking read, and the unread count for templates."""

from django.test import RequestFactory
from django.urls import reverse

from renda.accounts.tests.factories import UserFactory
from renda.notifications.context_processors import unread
from renda.notifications.models import Notification

from .factories import NotificationFactory


def test_list_shows_my_notices_unread_first(client, world, unit_staff, password):
    read = NotificationFactory(recipient=unit_staff, title="已读的通知")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    NotificationFactory(recipient=unit_staff, title="未读的通知")
    NotificationFactory(title="别人的通知")
    client.force_login(unit_staff)

    response = client.get(reverse("notifications:list"))

    assert response.status_code == 200
    text = response.content.decode()
    assert text.index("未读的通知") < text.index("已读的通知")
    assert "别人的通知" not in text
    assert "未读 <strong>1</strong> 条" in text


def test_list_needs_login(client, db):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_mark_one_read_by_post(client, world, unit_staff):
    notice = NotificationFactory(recipient=unit_staff, url="/suggestions/")
    client.force_login(unit_staff)

    assert (
        client.get(reverse("notifications:mark_read", args=[notice.pk])).status_code
        == 405
    )
    notice.refresh_from_db()
    assert notice.read_at is None

    response = client.post(
        reverse("notifications:mark_read", args=[notice.pk]), {"open": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/suggestions/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_open_never_redirects_off_site(client, world, unit_staff):
    notice = NotificationFactory(recipient=unit_staff, url="https://evil.example/")
    client.force_login(unit_staff)
    response = client.post(
        reverse("notifications:mark_read", args=[notice.pk]), {"open": "1"}
    )
    assert response["Location"] == reverse("notifications:list")


def test_marking_another_users_notice_is_404_and_changes_nothing(
    client, world, unit_staff
):
    notice = NotificationFactory(recipient=UserFactory())
    client.force_login(unit_staff)

    response = client.post(reverse("notifications:mark_read", args=[notice.pk]))

    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_read_touches_only_mine(client, world, unit_staff):
    mine = NotificationFactory.create_batch(2, recipient=unit_staff)
    theirs = NotificationFactory()
    client.force_login(unit_staff)

    response = client.post(reverse("notifications:mark_all_read"))

    assert response.status_code == 302
    assert all(Notification.objects.get(pk=n.pk).read_at is not None for n in mine)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_unread_context_processor_counts_my_unread(world, unit_staff):
    NotificationFactory.create_batch(2, recipient=unit_staff)
    NotificationFactory()
    request = RequestFactory().get("/")
    request.user = unit_staff
    assert unread(request) == {"unread_notifications": 2}


def test_unread_context_processor_is_empty_for_anonymous(db):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert unread(request) == {}

"""notification_send: idempotent per recipient and key; backends after commit."""

import pytest

from renda.accounts.tests.factories import UserFactory
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.models import ActionLog
from renda.notifications.choices import NotificationKind
from renda.notifications.models import Notification
from renda.notifications.services import (
    notification_mark_all_read,
    notification_mark_read,
    notification_send,
)

from . import recording
from .factories import NotificationFactory

RECORDING = [
    "renda.notifications.backends.InAppBackend",
    "renda.notifications.tests.recording.RecordingBackend",
]


@pytest.fixture
def delivered(settings):
    settings.RENDA_NOTIFICATION_BACKENDS = RECORDING
    recording.DELIVERED.clear()
    yield recording.DELIVERED
    recording.DELIVERED.clear()


def send(recipients, **kwargs):
    values = {
        "recipients": recipients,
        "kind": NotificationKind.GENERIC,
        "title": "关于召开代表小组活动的通知",
        "body": "请于周五到联络站参加活动。",
        "url": "/stations/",
    }
    values.update(kwargs)
    return notification_send(**values)


def test_send_writes_one_row_per_recipient_and_skips_duplicates_and_inactive(db):
    first, second = UserFactory(), UserFactory()
    gone = UserFactory(is_active=False)

    created = send([first, second, first, gone])

    assert sorted(n.recipient_id for n in created) == sorted([first.pk, second.pk])
    row = Notification.objects.get(recipient=first)
    assert (row.title, row.body, row.url, row.read_at) == (
        "关于召开代表小组活动的通知",
        "请于周五到联络站参加活动。",
        "/stations/",
        None,
    )
    assert not Notification.objects.filter(recipient=gone).exists()
    assert ActionLog.objects.filter(action="notification.send").count() == 1


def test_same_dedupe_key_reaches_a_recipient_once(db):
    first, second = UserFactory(), UserFactory()
    send([first], dedupe_key="k-1")

    created = send([first, second], dedupe_key="k-1")

    assert [n.recipient_id for n in created] == [second.pk]
    assert Notification.objects.filter(recipient=first).count() == 1
    assert Notification.objects.filter(dedupe_key="k-1").count() == 2


def test_a_concurrent_run_with_the_same_key_wins_quietly(db, monkeypatch):
    """Another run's notice to one recipient commits after this run's check: the
    others still get theirs, nobody gets two, and nothing fails."""
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    theirs = NotificationFactory(recipient=second, dedupe_key="k-2")
    real_filter = Notification.objects.filter

    def check_that_misses_theirs(*args, **kwargs):
        return real_filter(*args, **kwargs).exclude(pk=theirs.pk)

    monkeypatch.setattr(Notification.objects, "filter", check_that_misses_theirs)
    created = send([first, second, third], dedupe_key="k-2")
    monkeypatch.undo()

    assert sorted(n.recipient_id for n in created) == sorted([first.pk, third.pk])
    assert all(n.pk for n in created)
    assert Notification.objects.filter(dedupe_key="k-2").count() == 3
    assert Notification.objects.get(recipient=second, dedupe_key="k-2") == theirs


def test_a_notice_to_many_is_one_insert(db, django_assert_max_num_queries):
    users = UserFactory.create_batch(40)
    with django_assert_max_num_queries(12):
        created = send(users, dedupe_key="k-many")
    assert len(created) == 40
    assert {n.recipient_id for n in created} == {u.pk for u in users}


def test_without_dedupe_key_each_call_writes(db):
    user = UserFactory()
    send([user])
    send([user])
    assert Notification.objects.filter(recipient=user).count() == 2


def test_target_is_recorded(db):
    user = UserFactory()
    target = UserFactory()
    [row] = send([user], target=target)
    assert (row.target_type, row.target_id) == ("accounts.user", str(target.pk))


def test_backends_get_only_new_notices_after_commit(
    db, delivered, django_capture_on_commit_callbacks
):
    first, second = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        send([first], dedupe_key="k")
    with django_capture_on_commit_callbacks(execute=True):
        send([first, second], dedupe_key="k")

    assert [[n.recipient_id for n in batch] for batch in delivered] == [
        [first.pk],
        [second.pk],
    ]


def test_nothing_new_means_no_delivery(
    db, delivered, django_capture_on_commit_callbacks
):
    user = UserFactory()
    send([user], dedupe_key="k")
    delivered.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send([user], dedupe_key="k")
    assert callbacks == []
    assert delivered == []


def test_a_broken_backend_does_not_stop_the_others(
    db, settings, django_capture_on_commit_callbacks
):
    settings.RENDA_NOTIFICATION_BACKENDS = [
        "renda.notifications.tests.recording.BrokenBackend",
        "renda.notifications.tests.recording.RecordingBackend",
    ]
    recording.DELIVERED.clear()
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        send([user])
    assert [[n.recipient_id for n in batch] for batch in recording.DELIVERED] == [
        [user.pk]
    ]
    recording.DELIVERED.clear()


@pytest.mark.parametrize(
    ("field", "kwargs", "message"),
    [
        ("title", {"title": "  "}, "请填写消息标题。"),
        ("title", {"title": "长" * 201}, "消息标题不能超过200个字。"),
        ("kind", {"kind": "NOPE"}, "消息类别无效。"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(db, field, kwargs, message):
    user = UserFactory()
    with pytest.raises(ApplicationError) as error:
        send([user], **kwargs)
    assert (error.value.code, error.value.field, error.value.message) == (
        "notifications.invalid",
        field,
        message,
    )
    assert Notification.objects.count() == 0
    assert ActionLog.objects.count() == 0


def test_mark_read_and_mark_all_read(db):
    user = UserFactory()
    one, two, three = NotificationFactory.create_batch(3, recipient=user)
    other = NotificationFactory()

    notification_mark_read(notification=one, user=user)
    one.refresh_from_db()
    assert one.read_at is not None
    stamp = one.read_at
    notification_mark_read(notification=one, user=user)
    one.refresh_from_db()
    assert one.read_at == stamp

    assert notification_mark_all_read(user=user) == 2
    assert not Notification.objects.filter(recipient=user, read_at=None).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_the_unread_count_remembered_for_a_request_follows_marking_read(db):
    from renda.notifications.selectors import unread_count

    user = UserFactory()
    one, _two, _three = NotificationFactory.create_batch(3, recipient=user)
    assert unread_count(user) == 3

    notification_mark_read(notification=one, user=user)
    assert unread_count(user) == 2
    notification_mark_all_read(user=user)
    assert unread_count(user) == 0


def test_the_remembered_count_is_forgotten_through_request_users_lazy_wrapper(db):
    from django.utils.functional import SimpleLazyObject

    from renda.notifications.selectors import unread_count

    user = UserFactory()
    one, _two = NotificationFactory.create_batch(2, recipient=user)
    request_user = SimpleLazyObject(lambda: user)
    assert unread_count(request_user) == 2

    notification_mark_read(notification=one, user=request_user)
    assert unread_count(request_user) == 1


def test_mark_read_of_someone_elses_notice_is_refused(db):
    user = UserFactory()
    other = NotificationFactory()
    with pytest.raises(PermissionDenied):
        notification_mark_read(notification=other, user=user)
    other.refresh_from_db()
    assert other.read_at is None

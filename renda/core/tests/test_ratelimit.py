"""The public forms' rate limiter: its arithmetic, its windows, its rollback."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from renda.core.models import RateLimitBucket
from renda.core.ratelimit import (
    Limit,
    RateLimited,
    address_value,
    rate_limit_prune,
    rate_limit_refusal,
    rate_limit_take,
    window_start,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
# 10:20 in Shanghai on 3 March 2026.
AT = dt.datetime(2026, 3, 3, 10, 20, 5, tzinfo=SHANGHAI)


def _limit(value="10.0.0.7", limit=3, window=HOUR, scope="test.address"):
    return Limit(
        scope=scope, value=value, limit=limit, window=window, message="提交过于频繁。"
    )


def _take(*limits, now=AT):
    with transaction.atomic():
        rate_limit_take(*limits, now=now)


@override_settings(TIME_ZONE="Asia/Shanghai")
def test_windows_start_on_the_hour_and_at_local_midnight():
    assert window_start(HOUR, AT) == dt.datetime(2026, 3, 3, 10, tzinfo=SHANGHAI)
    assert window_start(DAY, AT) == dt.datetime(2026, 3, 3, tzinfo=SHANGHAI)
    # Just after local midnight (16:00 UTC the day before) is a new day.
    night = dt.datetime(2026, 3, 4, 0, 0, 1, tzinfo=SHANGHAI)
    assert window_start(DAY, night) == dt.datetime(2026, 3, 4, tzinfo=SHANGHAI)


def test_the_limit_lets_exactly_its_number_through_and_then_refuses():
    for _ in range(3):
        _take(_limit())

    with pytest.raises(RateLimited) as refused:
        _take(_limit())

    assert refused.value.status == 429
    assert refused.value.code == "core.rate_limited"
    assert refused.value.message == "提交过于频繁。"
    # Ends at 11:00: 39 minutes 55 seconds later.
    assert refused.value.retry_after == 39 * 60 + 55
    # The refusal was rolled back: the count is the accepted ones only.
    assert RateLimitBucket.objects.get().count == 3


def test_another_key_another_scope_or_the_next_window_is_counted_apart():
    for _ in range(3):
        _take(_limit())

    _take(_limit(value="10.0.0.8"))
    _take(_limit(scope="test.other"))
    _take(_limit(), now=AT + dt.timedelta(minutes=40))  # 11:00:05, a new hour

    assert sorted(RateLimitBucket.objects.values_list("count", flat=True)) == [
        1,
        1,
        1,
        3,
    ]


def test_a_submission_that_fails_after_the_count_is_not_counted():
    class Failed(Exception):
        pass

    def submit():
        with transaction.atomic():
            rate_limit_take(_limit(), now=AT)
            raise Failed

    with pytest.raises(Failed):
        submit()

    assert not RateLimitBucket.objects.exists()


def test_when_one_of_several_limits_refuses_none_is_counted():
    station = _limit(value="station-1", scope="test.station", limit=1)
    _take(_limit(), station)

    with pytest.raises(RateLimited) as refused:
        _take(_limit(value="10.0.0.9"), station)

    assert refused.value.limit == station
    counts = {b.scope: b.count for b in RateLimitBucket.objects.all()}
    assert counts == {"test.address": 1, "test.station": 1}


def test_the_refusal_is_read_without_counting():
    assert rate_limit_refusal(_limit(), now=AT) is None
    for _ in range(3):
        _take(_limit())

    refusal = rate_limit_refusal(_limit(), now=AT)

    assert isinstance(refusal, RateLimited)
    assert rate_limit_refusal(_limit(), now=AT + HOUR) is None
    assert RateLimitBucket.objects.get().count == 3


def test_keys_are_hashed_never_the_address():
    _take(_limit(value="203.0.113.5"))
    bucket = RateLimitBucket.objects.get()
    assert "203.0.113.5" not in bucket.key
    assert len(bucket.key) == 64


def test_a_zero_limit_refuses_everything():
    with pytest.raises(RateLimited):
        _take(_limit(limit=0))
    assert not RateLimitBucket.objects.exists()


def test_old_buckets_are_pruned_daily():
    _take(_limit(), now=AT - dt.timedelta(days=4))
    _take(_limit(), now=AT - dt.timedelta(days=1))
    _take(_limit(), now=AT)

    assert rate_limit_prune(now=AT) == 1
    assert RateLimitBucket.objects.count() == 2
    call_command("ratelimit_prune")  # the daily job's command runs


def test_the_prune_job_is_scheduled_daily(settings):
    jobs = {entry["name"]: entry for entry in settings.RENDA_SCHEDULES}
    assert jobs["ratelimit_prune"]["args"] == ["ratelimit_prune"]
    assert jobs["ratelimit_prune"]["cron"].count("*") == 3


@pytest.mark.parametrize(
    ("address", "counted"),
    [
        ("10.0.0.7", "10.0.0.7"),
        (" 10.0.0.7 ", "10.0.0.7"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2::9", "2001:db8:1:2::/64"),
        ("::ffff:10.0.0.7", "10.0.0.7"),
        ("", "unknown"),
        (None, "unknown"),
        ("not an address", "unknown"),
    ],
)
def test_an_address_limit_counts_the_subscriber_not_the_ipv6_address(address, counted):
    assert address_value(address) == counted

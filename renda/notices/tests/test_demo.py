"""The demo's notices (renda/demo/notices.py), built with the whole demo city once
for this module: the source's three 2020 notices and the live 参加/不参加 one,
their receipts, and the demo deputy's unread notice."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from renda.accounts.models import User
from renda.demo.builder import demo_build
from renda.demo.plan import DEFAULT_SEED
from renda.deputies.models import Deputy

from ..choices import AnswerForm, NoticeEventKind, NoticeStatus
from ..models import Notice
from ..selectors import InboxFilters, notice_inbox, notice_unread_count, receipt_counts

TITLES = [
    "市人大常委会关于做好疫情防控工作的通知",
    "致全市各级人大及其常委会和人大代表的倡议书",
    "市人大常委会关于依法全力做好当前新冠肺炎疫情防控工作的决定",
    "关于开展“代表进站 集中接待选民”活动的通知",
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_build(seed=DEFAULT_SEED)
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_the_source_notices_are_published_to_the_city_deputies(demo):
    notices = list(Notice.objects.order_by("published_at"))

    assert [n.title for n in notices] == TITLES
    assert all(n.status == NoticeStatus.PUBLISHED for n in notices)
    assert [n.published_at.year for n in notices[:3]] == [2020, 2020, 2020]
    city_deputies = (
        Deputy.objects.filter(
            mandates__term__congress__name="辽源市人民代表大会",
            mandates__end_date__isnull=True,
        )
        .distinct()
        .count()
    )
    assert city_deputies == 269
    for notice in (notices[0], notices[2], notices[3]):
        assert notice.receipts.count() == city_deputies
    assert notices[1].receipts.count() > city_deputies  # with the counties' deputies


def test_receipts_look_like_a_real_year(demo):
    epidemic, appeal, decision, live = Notice.objects.order_by("published_at")

    for notice in (epidemic, appeal, decision):
        counts = receipt_counts(notice)
        assert counts.undeliverable == counts.total - counts.deliverable > 0
        assert counts.read >= 0.8 * counts.deliverable  # most read
        assert counts.unread > 0  # some never did
    assert receipt_counts(epidemic).options[0].count > 0
    assert receipt_counts(appeal).answered == 0  # reading is enough
    assert epidemic.remind_rounds == 1
    assert epidemic.events.filter(kind=NoticeEventKind.REMINDED).count() == 1
    live_counts = receipt_counts(live)
    assert live.answer_form == AnswerForm.ATTEND
    assert {o.option: o.count > 0 for o in live_counts.options} == {
        "参加": True,
        "不参加": True,
    }


def test_the_demo_deputy_has_the_live_notice_unread(demo, client):
    deputy = User.objects.get(username="deputy")

    unread = list(notice_inbox(deputy, InboxFilters(unread=True)))

    assert notice_unread_count(deputy) == len(unread) == 1
    assert unread[0].notice.title == TITLES[3]
    client.force_login(deputy)
    page = client.get(reverse("notices:inbox") + "?unread=1")
    assert [r.notice_id for r in page.context["page"]] == [unread[0].notice_id]
    answered = deputy.notice_receipts.exclude(answer="").count()
    assert answered == 2  # the 2020 notice and decision, confirmed

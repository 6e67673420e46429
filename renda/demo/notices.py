"""The demo's notices (通知公告), written through the notice services.

The source's three 2020 notices of the city standing committee, pushed to the
city deputies through the palm platform, with realistic receipts: most read
within a day or two, most of those who were asked confirmed, a reminder round,
a few never read; deputies without an account stay listed as undeliverable.

- 《市人大常委会关于做好疫情防控工作的通知》 (27 January 2020, 确认收到);
- 《致全市各级人大及其常委会和人大代表的倡议书》 (3 February 2020, to the city's
  and the counties' deputies, reading is enough);
- 《市人大常委会关于依法全力做好当前新冠肺炎疫情防控工作的决定》 (adopted by
  online vote, pushed 12 February 2020, 确认收到).

And one live notice of the load year with a 参加/不参加 form and a deadline a
few days ahead, which the demo login ``deputy`` has not read yet (the
workbench's unread notice).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from renda.congresses.choices import Level
from renda.notices import services
from renda.notices.choices import AnswerForm, TargetKind
from renda.notices.models import Notice
from renda.notices.targets import TargetChoice
from renda.notifications.models import Notification

TZ = ZoneInfo(settings.TIME_ZONE)
SEED_OFFSET = 2020_0127


def _at(*parts) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=TZ)


EPIDEMIC_NOTICE = """各县（区）人大常委会，市人大各专门委员会、常委会各工作机构，各位市人大代表：

当前，新型冠状病毒感染的肺炎疫情防控形势严峻复杂。为深入贯彻习近平总书记关于疫情防控工作的重要指示精神，认真落实党中央、国务院和省委、市委的决策部署，现就做好疫情防控工作通知如下：

一、提高政治站位，把人民群众生命安全和身体健康放在第一位，坚决打赢疫情防控阻击战。
二、各位代表要立足本职、发挥作用，带头执行疫情防控各项规定，积极参与所在单位、社区（村）的联防联控、群防群治工作。
三、各代表联络站暂停集中接待选民活动，代表可通过电话、微信等方式听取群众意见，及时反映疫情防控中群众关心的问题。
四、发现疫情防控中的问题和建议，请通过掌上履职平台或代表联络站及时报送市人大常委会代表工作室。

请各位代表收到后点击“确认收到”。"""

APPEAL = """全市各级人大及其常委会、各位人大代表：

面对新冠肺炎疫情，全市各级人大及其常委会和广大人大代表要坚定信心、同舟共济、科学防治、精准施策，在疫情防控中践行初心使命、体现担当作为：

一、做依法防控的推动者。严格执行传染病防治法、突发事件应对法等法律法规，推动疫情防控在法治轨道上进行。
二、做联防联控的参与者。主动到所在社区（村）报到，参与排查、值守、宣传等工作。
三、做群众生活的守护者。密切联系群众，关心困难群体，帮助解决群众实际困难。
四、做复工复产的助推者。代表中的企业负责人要在做好防控的前提下有序复工复产，保障市场供应。
五、做正能量的传播者。不信谣、不传谣，积极宣传疫情防控知识和先进事迹。

辽源市人大常委会
2020年2月3日"""

DECISION = """辽源市人民代表大会常务委员会关于依法全力做好当前新冠肺炎疫情防控工作的决定已经市第八届人民代表大会常务委员会以网络表决方式通过，现推送各位代表。

决定要求：全市各级国家机关、社会组织、企业事业单位和公民依法全力做好疫情防控工作；各级人民政府可以依法在不与宪法、法律、行政法规相抵触的前提下，就采取临时性应急管理措施制定政府规章或者发布决定、命令、通告；全市各级人大代表要积极参与疫情防控工作，依法履职，带头遵守各项防控规定。

请各位代表认真学习，收到后点击“确认收到”。"""

RECEPTION = """各位市人大代表：

为广泛听取群众意见，市人大常委会定于{day:%-m月%-d日}（星期{weekday}）上午9:00在各代表联络站开展“代表进站 集中接待选民”活动。

请各位代表在{deadline:%-m月%-d日} 17:00 前回复是否参加；不能参加的请说明原因并与所在代表小组组长联系。"""

WEEKDAYS = "一二三四五六日"


@dataclass
class NoticesSummary:
    notices: int = 0
    receipts: int = 0


def _read_and_answer(
    notice: Notice,
    rng: random.Random,
    *,
    published: dt.datetime,
    read_share: float,
    answer_share: float,
    options: list[str] | None = None,
    weights: list[int] | None = None,
    keep_unread: set[int] = frozenset(),
    answer_for: dict[int, str] | None = None,
) -> None:
    """Read (and answer) a share of the deliverable receipts, at plausible times."""
    answer_for = answer_for or {}
    receipts = list(
        notice.receipts.filter(user__isnull=False).select_related("user").order_by("id")
    )
    for receipt in receipts:
        user = receipt.user
        if user.pk in keep_unread:
            continue
        forced = answer_for.get(user.pk)
        if forced is None and rng.random() > read_share:
            continue
        read_at = published + dt.timedelta(minutes=rng.randint(8, 60 * 36))
        services.receipt_mark_read(notice=notice, user=user, now=read_at)
        if not notice.asks_answer:
            continue
        if forced is None and rng.random() > answer_share:
            continue
        answer = forced or (
            rng.choices(options, weights=weights)[0] if options else "收到"
        )
        services.receipt_answer(
            notice=notice,
            user=user,
            answer=answer,
            now=read_at + dt.timedelta(minutes=rng.randint(0, 20)),
        )


def _settle_messages(notice_ids: list[int]) -> None:
    """Date the in-app messages of past notices and read those whose notice was read.

    The messages are written when the demo's transaction commits (the services
    send after the commit); this runs after them.
    """

    def settle():
        notices = Notice.objects.filter(pk__in=notice_ids)
        for notice in notices:
            messages = Notification.objects.filter(
                target_type=Notice._meta.label_lower, target_id=str(notice.pk)
            )
            messages.update(created_at=notice.published_at)
            for receipt in notice.receipts.filter(read_at__isnull=False):
                messages.filter(recipient_id=receipt.user_id).update(
                    read_at=receipt.read_at
                )

    transaction.on_commit(settle)


def demo_notices_build(
    *, seed: int, congress, users, today: dt.date | None = None
) -> NoticesSummary:
    """Write the demo's notices and their receipts through the services.

    ``users``: the demo logins (a list, or a dict by username); ``today`` dates
    the live notice (default: the current day).
    """
    rng = random.Random(seed + SEED_OFFSET)  # noqa: S311 (demo data, not secrets)
    if not isinstance(users, dict):
        users = {user.username: user for user in users}
    today = today or timezone.localdate()
    staff = users["staff"]
    deputy = users["deputy"]
    city = TargetChoice(TargetKind.CONGRESS, congress)
    summary = NoticesSummary()
    past: list[int] = []

    # 1. The epidemic notice (January 2020): confirm receipt; one reminder round.
    published = _at(2020, 1, 27, 9, 30)
    notice = services.notice_create(
        congress=congress,
        title="市人大常委会关于做好疫情防控工作的通知",
        body=EPIDEMIC_NOTICE,
        category="工作通知",
        answer_form=AnswerForm.RECEIVED,
        targets=[city],
        actor=staff,
        now=published - dt.timedelta(hours=2),
    )
    services.notice_publish(notice=notice, actor=staff, now=published)
    _read_and_answer(
        notice,
        rng,
        published=published,
        read_share=0.8,
        answer_share=0.9,
        answer_for={deputy.pk: "收到"},
    )
    services.notice_remind(
        notice=notice, actor=staff, now=published + dt.timedelta(days=1, hours=1)
    )
    _read_and_answer(
        notice,
        rng,
        published=published + dt.timedelta(days=1, hours=2),
        read_share=0.6,
        answer_share=0.9,
        keep_unread={r.user_id for r in notice.receipts.filter(read_at__isnull=False)},
    )
    past.append(notice.pk)

    # 2. The appeal (February 2020): the city's and the counties' deputies.
    published = _at(2020, 2, 3, 10, 0)
    notice = services.notice_create(
        congress=congress,
        title="致全市各级人大及其常委会和人大代表的倡议书",
        body=APPEAL,
        category="倡议书",
        answer_form=AnswerForm.NONE,
        targets=[city, TargetChoice(TargetKind.LEVEL, level=Level.COUNTY)],
        actor=staff,
        now=published - dt.timedelta(hours=1),
    )
    services.notice_publish(notice=notice, actor=staff, now=published)
    _read_and_answer(
        notice,
        rng,
        published=published,
        read_share=0.85,
        answer_share=0,
        answer_for={deputy.pk: ""},
    )
    past.append(notice.pk)

    # 3. The decision adopted by online vote, pushed to the deputies.
    published = _at(2020, 2, 12, 16, 0)
    notice = services.notice_create(
        congress=congress,
        title="市人大常委会关于依法全力做好当前新冠肺炎疫情防控工作的决定",
        body=DECISION,
        category="决议决定",
        answer_form=AnswerForm.RECEIVED,
        targets=[city],
        actor=staff,
        now=published - dt.timedelta(hours=1),
    )
    services.notice_publish(notice=notice, actor=staff, now=published)
    _read_and_answer(
        notice,
        rng,
        published=published,
        read_share=0.9,
        answer_share=0.85,
        answer_for={deputy.pk: "收到"},
    )
    past.append(notice.pk)

    # 4. A live notice with a 参加/不参加 form: the demo deputy has not read it.
    published = dt.datetime.combine(
        today - dt.timedelta(days=2), dt.time(9, 0), tzinfo=TZ
    )
    day = today + dt.timedelta(days=7)
    deadline = dt.datetime.combine(
        today + dt.timedelta(days=4), dt.time(17, 0), tzinfo=TZ
    )
    notice = services.notice_create(
        congress=congress,
        title="关于开展“代表进站 集中接待选民”活动的通知",
        body=RECEPTION.format(
            day=day, weekday=WEEKDAYS[day.weekday()], deadline=deadline
        ),
        category="活动通知",
        answer_form=AnswerForm.ATTEND,
        answer_deadline=deadline,
        targets=[city],
        actor=staff,
        now=published - dt.timedelta(hours=1),
    )
    services.notice_publish(notice=notice, actor=staff, now=published)
    _read_and_answer(
        notice,
        rng,
        published=published,
        read_share=0.55,
        answer_share=0.8,
        options=["参加", "不参加"],
        weights=[5, 1],
        keep_unread={deputy.pk},
    )
    _settle_messages([*past, notice.pk])

    summary.notices = Notice.objects.filter(congress=congress).count()
    summary.receipts = sum(
        n.receipts.count() for n in Notice.objects.filter(congress=congress)
    )
    return summary

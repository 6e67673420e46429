"""The public side of the plan: the residents' topic form (captcha, rate limit,
receipt), the receipt look-up with the decline reason, and the published plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from renda.core.captcha import SESSION_KEY
from renda.core.errors import ApplicationError
from renda.core.receipts import MISTYPED_MESSAGE, format_receipt_number
from renda.core.repeats import REPEATED_MESSAGE
from renda.core.tests.static_css import linked_css
from renda.supervision.choices import ProposalSource
from renda.supervision.models import TopicProposal
from renda.supervision.services import plan as services

from .factories_plan import adopt_and_publish, open_call, plan_with_entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_call(world, committee_staff):
    today = timezone.localdate()
    return open_call(
        world,
        committee_staff,
        year=today.year + 1,
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=5),
    )


def _answer(client) -> tuple[str, str]:
    pending = client.session[SESSION_KEY]
    token = max(pending, key=lambda key: pending[key][1])
    return token, str(pending[token][0])


def _form(client, call, **overrides):
    url = reverse("open:topic_form", args=[call.pk])
    assert client.get(url).status_code == 200
    token, answer = _answer(client)
    data = {
        "name": "李群众",
        "phone": "13911112222",
        "title": "城市管理专题询问",
        "reason": "占道经营问题突出",
        "captcha_token": token,
        "captcha_answer": answer,
        **overrides,
    }
    return client.post(url, data)


def test_a_resident_proposes_and_follows_it_by_the_receipt(
    client, live_call, committee_staff
):
    response = _form(client, live_call)
    assert response.status_code == 302
    proposal = TopicProposal.objects.get()
    assert proposal.source == ProposalSource.RESIDENT
    assert proposal.proposer_phone == "13911112222"
    assert proposal.ip_hash
    assert len(proposal.receipt_number) >= 10
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert format_receipt_number(proposal.receipt_number) in page.content.decode()
    assert "提交成功" in page.content.decode()

    services.proposal_decline(
        proposal=proposal, reason="已列入明年调研计划统筹考虑", actor=committee_staff
    )
    # A fresh look-up (another browser), typed with spaces and lower case.
    client.cookies.clear()
    typed = " ".join(proposal.receipt_number.lower())
    page = client.get(reverse("open:topic_receipt"), {"number": typed})
    body = page.content.decode()
    assert page.status_code == 200
    assert "未采纳" in body
    assert "已列入明年调研计划统筹考虑" in body
    assert "13911112222" not in body
    assert "李群众" not in body


def test_receipt_numbers_are_digits_and_older_ones_keep_working(client, live_call):
    response = _form(client, live_call)
    proposal = TopicProposal.objects.get()
    number = proposal.receipt_number
    assert number.isdigit()
    assert len(number) == 12
    client.cookies.clear()
    url = reverse("open:topic_receipt")

    grouped = client.get(
        url, {"number": "－".join([number[:4], number[4:8], number[8:]])}
    )
    typo = client.get(url, {"number": ("2" if number[0] != "2" else "3") + number[1:]})
    TopicProposal.objects.filter(pk=proposal.pk).update(receipt_number="YTABCDEFGHJK")
    older = client.get(url, {"number": "yt-abcd-efgh-jk"})

    assert response.status_code == 302
    assert grouped.status_code == 200
    assert format_receipt_number(number) in grouped.content.decode()
    assert typo.status_code == 400
    assert MISTYPED_MESSAGE in typo.content.decode()
    assert older.status_code == 200
    assert "YTABCDEFGHJK" in older.content.decode()


def test_a_wrong_captcha_stores_nothing_and_keeps_the_text(client, live_call):
    response = _form(client, live_call, captcha_answer="99")
    assert response.status_code == 400
    assert not TopicProposal.objects.exists()
    body = response.content.decode()
    assert "验证题答案不对" in body
    assert "占道经营问题突出" in body


def test_bad_input_names_the_field(client, live_call):
    response = _form(client, live_call, phone="12")
    assert response.status_code == 400
    assert "联系电话格式不对" in response.context["form"].errors["phone"][0]
    assert not TopicProposal.objects.exists()


@override_settings(
    RENDA_SUPERVISION_RULES={"default": {"public_proposals_per_hour": 2}}
)
def test_the_rate_limit_per_address_per_hour(client, live_call):
    assert _form(client, live_call).status_code == 302
    assert _form(client, live_call, reason="第二条建议的内容").status_code == 302
    response = _form(client, live_call, reason="第三条建议的内容")
    assert response.status_code == 429
    assert "第三条建议的内容" in response.content.decode()
    assert TopicProposal.objects.count() == 2
    # Another address is not limited by the first one's proposals.
    with pytest.raises(ApplicationError, match="频繁"):
        services.topic_propose_public(
            call=live_call,
            name="甲",
            phone="13911112222",
            title="t",
            reason="r",
            client_ip="127.0.0.1",
        )
    services.topic_propose_public(
        call=live_call,
        name="乙",
        phone="13911113333",
        title="t",
        reason="r",
        client_ip="10.9.9.9",
    )


def test_a_closed_call_says_so_in_chinese(client, world, committee_staff):
    call = open_call(world, committee_staff)  # closed in 2019
    response = client.get(reverse("open:topic_form", args=[call.pk]))
    assert response.status_code == 200
    assert "已经截止" in response.content.decode()
    response = client.post(reverse("open:topic_form", args=[call.pk]), {"title": "x"})
    assert not TopicProposal.objects.exists()


def test_unknown_receipt_and_call(client):
    response = client.get(reverse("open:topic_receipt"), {"number": "YTAAAAAAAAAA"})
    assert response.status_code == 404
    assert "没有找到" in response.content.decode()
    assert client.get(reverse("open:topic_form", args=[999999])).status_code == 404


def test_the_published_plan_and_its_earlier_versions(client, world, committee_staff):
    url = reverse("open:supervision_plan", args=[world.city_congress.pk, 2020])
    plan, version = plan_with_entries(world, committee_staff)
    # A draft is never public.
    assert client.get(url).status_code == 404
    adopt_and_publish(version, committee_staff)
    v2 = services.plan_adjust(
        plan=plan, reason="因疫情推迟执法检查", actor=committee_staff
    )
    services.plan_entry_remove(
        entry=v2.entries.get(title="食品安全法执法检查"), actor=committee_staff
    )
    # The adjustment's draft is not public yet: the page shows version 1.
    body = client.get(url).content.decode()
    assert "食品安全法执法检查" in body
    adopt_and_publish(v2, committee_staff, adopted_on=dt.date(2020, 4, 1))
    body = client.get(url).content.decode()
    assert "食品安全法执法检查" not in body
    assert "因疫情推迟执法检查" in body
    # Adopted by the second chairpersons' meeting recorded (2020-04-01).
    assert "经第2次主任会议（2020年4月1日）通过" in body
    old = client.get(url, {"version": 1}).content.decode()
    assert "食品安全法执法检查" in old
    assert "已被调整" in old
    assert client.get(url, {"version": 9}).status_code == 404
    assert "@media print" in linked_css(old)
    for phone in ("13812345678", "13987654321"):
        assert phone not in old


def test_the_same_proposal_sent_again_shows_the_first_receipt(client, live_call):
    first = _form(client, live_call)
    client.get(first["Location"])
    proposal = TopicProposal.objects.get()

    again = _form(client, live_call, reason="占道经营 问题突出")

    assert TopicProposal.objects.count() == 1
    assert again.status_code == 302
    page = client.get(again["Location"]).content.decode()
    assert REPEATED_MESSAGE in page
    assert format_receipt_number(proposal.receipt_number) in page
    assert "提交成功" not in page
    with override_settings(RENDA_PUBLIC_FORM_DUPLICATE_MINUTES=0):
        assert _form(client, live_call).status_code == 302
    assert TopicProposal.objects.count() == 2

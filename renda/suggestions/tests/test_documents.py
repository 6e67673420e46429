"""Printed documents: the 交办函 and the 《代表之声》 briefing, read back with python-docx."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from renda.congresses.choices import CommitteeKind
from renda.congresses.models import Committee
from renda.core.models import ActionLog
from renda.suggestions import services
from renda.suggestions.choices import AssignmentRole, Channel
from renda.suggestions.documents import (
    DOCX_TYPE,
    chinese_date,
    chinese_number,
    document_number,
    document_numbers,
    number_prefix,
)
from renda.suggestions.models import Suggestion
from renda.units.tests.factories import HandlingUnitFactory

from .factories import accepted, assigned, moment

VOICE_TITLE = "关于修复向阳街道积水路面的建议"
VOICE_BODY = "向阳街道人民大街与龙山路交会处路面塌陷，雨后积水严重。\n建议尽快修复并疏通排水管网。"


def read(response) -> Document:
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    return Document(BytesIO(response.content))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def joined(document) -> str:
    return "\n".join(texts(document))


@pytest.fixture
def office(world):
    return Committee.objects.create(
        congress=world.city_congress,
        name="选举任免联络工作委员会",
        kind=CommitteeKind.WORKING,
        handles_deputy_affairs=True,
    )


@pytest.fixture
def voice(world, deputy, committee_staff, office):
    """The city congress's 2nd item accepted in 2020, a VOICE item assigned on 9-24."""
    accepted(world, deputy, committee_staff, now=moment(2020, 3, 2), title="第一件")
    # Accepted in another year or by another congress: not counted.
    accepted(world, deputy, committee_staff, now=moment(2019, 12, 30), title="上年")
    joint_unit = HandlingUnitFactory(name="辽源市城市管理局", region=world.city)
    suggestion, assignments = assigned(
        world,
        deputy,
        committee_staff,
        now=moment(2020, 9, 24),
        channel=Channel.VOICE,
        title=VOICE_TITLE,
        body=VOICE_BODY,
        cosigners=[world.deputy_city_b],
        units=[
            (world.unit_city, AssignmentRole.LEAD),
            (joint_unit, AssignmentRole.JOINT),
        ],
    )
    return suggestion, assignments


def letter_url(assignment) -> str:
    return reverse("suggestions:assignment_letter", args=[assignment.pk])


# Numbers and formats ----------------------------------------------------------------


def test_chinese_dates_and_numbers():
    assert chinese_date(dt.date(2020, 10, 9)) == "2020年10月9日"
    assert [chinese_number(n) for n in (1, 3, 10, 12, 20, 41)] == [
        "一",
        "三",
        "十",
        "十二",
        "二十",
        "四十一",
    ]


def test_document_number_counts_the_congress_items_accepted_that_year(world, voice):
    suggestion, _assignments = voice
    assert document_number(suggestion) == "辽人大代字〔2020〕2号"


def test_numbers_of_a_list_match_one_by_one_in_bounded_queries(
    world, voice, deputy, committee_staff, django_assert_max_num_queries
):
    suggestion, _assignments = voice
    more = [
        accepted(
            world, deputy, committee_staff, now=moment(2020, 9, day), title=f"第{day}件"
        )
        for day in (21, 22, 23)
    ]
    items = list(
        Suggestion.objects.select_related("congress__region")
        .filter(pk__in=[suggestion.pk, *(item.pk for item in more)])
        .order_by("pk")
    )

    with django_assert_max_num_queries(4):
        numbers = document_numbers(items)

    assert numbers == {item.pk: document_number(item) for item in items}


def test_number_prefix_walks_down_from_the_city(world):
    assert number_prefix(world.city_congress) == "辽人大代字"
    assert number_prefix(world.longshan_congress) == "辽龙人大代字"


# The assignment letter ----------------------------------------------------------------


def test_assignment_letter_has_the_office_number_addressee_and_deadline(
    client, world, voice, committee_staff
):
    committee_staff.phone = "0437-3222222"
    committee_staff.display_name = "刘秀梅"
    committee_staff.save()
    suggestion, [lead, _joint] = voice
    client.force_login(committee_staff)

    response = client.get(letter_url(lead))
    document = read(response)

    lines = texts(document)
    assert lines[0] == "辽源市人大常委会选举任免联络工作委员会"
    assert "辽人大代字〔2020〕2号" in lines
    assert "关于交办《代表之声》反映事项的函" in lines
    assert "辽源市住房和城乡建设局：" in lines
    text = joined(document)
    assert (
        "现将丁照民代表领衔、白玉晶等1名代表附议在闭会期间提出的第2号"
        f"《代表之声》反映事项《{VOICE_TITLE}》交由你单位主办"
        "（会办单位：辽源市城市管理局）。"
    ) in text
    assert "代表法》" in text
    assert "《代表之声》反映事项应当自交办之日起15日内答复" in text
    # 15 days from 2020-09-24 end on Friday 2020-10-09 (after the National Day holiday).
    assert "于2020年10月9日前书面答复代表" in text
    assert "联系人：刘秀梅　　联系电话：0437-3222222" in text
    assert lines.index("（盖章）") == lines.index("2020年9月24日") - 1
    # The appendix: the full text.
    assert "领衔代表：丁照民（龙山区代表团）" in lines
    assert "附议代表：白玉晶" in lines
    assert "建议尽快修复并疏通排水管网。" in lines
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert ActionLog.objects.filter(
        action="suggestion.document.assignment_letter", object_id=str(lead.pk)
    ).exists()


def test_letter_heading_is_red_and_chinese_fonts_are_set(
    client, world, voice, committee_staff
):
    _suggestion, [lead, _joint] = voice
    client.force_login(committee_staff)
    document = read(client.get(letter_url(lead)))

    heading = document.paragraphs[0].runs[0]
    assert str(heading.font.color.rgb) == "E60012"
    fonts = heading._element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    body_run = next(p.runs[0] for p in document.paragraphs if p.text.startswith("现将"))
    assert body_run._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_joint_units_letter_asks_for_an_opinion_to_the_lead_unit(
    client, world, voice, committee_staff
):
    _suggestion, [_lead, joint] = voice
    client.force_login(committee_staff)
    text = joined(read(client.get(letter_url(joint))))
    assert "辽源市城市管理局：" in text
    assert "交由你单位会办（主办单位：辽源市住房和城乡建设局）。" in text
    assert f"请你单位于{chinese_date(joint.due_at)}前将会办意见书面送主办单位" in text


def test_formal_letter_cites_three_months(client, world, deputy, committee_staff):
    _suggestion, [assignment] = assigned(
        world, deputy, committee_staff, now=moment(2020, 6, 1)
    )
    client.force_login(committee_staff)
    text = joined(read(client.get(letter_url(assignment))))
    assert "代表建议应当自交办之日起三个月内答复" in text
    assert "于2020年9月1日前书面答复代表" in text
    # No deputy-affairs committee: the standing committee's office signs.
    assert (
        texts(read(client.get(letter_url(assignment))))[0] == "辽源市人大常委会办公室"
    )


def test_admin_may_print_a_letter(client, world, voice, system_admin):
    _suggestion, [lead, _joint] = voice
    client.force_login(system_admin)
    assert "辽人大代字〔2020〕2号" in texts(read(client.get(letter_url(lead))))


@pytest.mark.parametrize(
    "role", ["leader", "deputy", "unit_staff", "station_chief", "liaison_officer"]
)
def test_other_roles_may_not_print_letters(client, world, voice, request, role):
    _suggestion, [lead, _joint] = voice
    client.force_login(request.getfixturevalue(role))
    before = ActionLog.objects.count()
    response = client.get(letter_url(lead))
    assert response.status_code == 403
    assert ActionLog.objects.count() == before


def test_staff_of_another_congress_get_404(client, world, voice, district_staff):
    _suggestion, [lead, _joint] = voice
    client.force_login(district_staff)
    assert client.get(letter_url(lead)).status_code == 404
    assert (
        client.get(reverse("suggestions:assignment_letter", args=[999999])).status_code
        == 404
    )


def test_anonymous_is_sent_to_log_in(client, world, voice):
    _suggestion, [lead, _joint] = voice
    response = client.get(letter_url(lead))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# The 《代表之声》 briefing ---------------------------------------------------------------


def briefing(client, world, **params):
    values = {
        "congress": world.city_congress.pk,
        "start": "2020-09-01",
        "end": "2020-09-30",
    }
    values.update(params)
    return client.get(reverse("suggestions:voice_briefing"), values)


def test_briefing_compiles_the_voice_items_accepted_in_the_period(
    client, world, voice, deputy, committee_staff
):
    # A formal item in the period and a voice item after it: both left out.
    assigned(world, deputy, committee_staff, now=moment(2020, 9, 10), title="正式建议")
    accepted(
        world,
        deputy,
        committee_staff,
        now=moment(2020, 10, 12),
        channel=Channel.VOICE,
        title="十月的事项",
    )
    client.force_login(committee_staff)

    response = briefing(client, world)
    document = read(response)

    lines = texts(document)
    assert lines[0] == "代表之声"
    # The ISO week of 2020-09-30.
    assert lines[1] == "2020年第40期"
    assert lines[2].startswith("辽源市人大常委会选举任免联络工作委员会编印")
    assert f"一、{VOICE_TITLE}" in lines
    assert "反映代表：丁照民（龙山区代表团），白玉晶代表附议" in lines
    assert "向阳街道人民大街与龙山路交会处路面塌陷，雨后积水严重。" in lines
    assert "交办单位：辽源市住房和城乡建设局（主办）、辽源市城市管理局（会办）" in lines
    assert "办理期限：2020年10月9日" in lines
    text = joined(document)
    assert "正式建议" not in text
    assert "十月的事项" not in text
    assert "反映的事项1件" in text
    assert "报：辽源市人大常委会主任、副主任、秘书长" in lines
    assert "送：辽源市住房和城乡建设局、辽源市城市管理局" in lines
    assert "发：各代表团（代表小组），有关代表" in lines
    assert "2020%E5%B9%B4%E7%AC%AC40%E6%9C%9F" in response["Content-Disposition"]
    assert ActionLog.objects.filter(
        action="suggestion.document.voice_briefing"
    ).exists()


def test_briefing_number_may_be_given(client, world, voice, committee_staff):
    client.force_login(committee_staff)
    assert texts(read(briefing(client, world, number="7")))[1] == "2020年第7期"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"end": "2020-08-01"}, "结束日期不能早于开始日期。"),
        ({"start": "九月一日"}, "开始日期格式不正确，请按 2020-10-09 的格式填写。"),
        ({"start": "2019-01-01", "end": "2020-09-30"}, "日期范围不能超过一年。"),
        ({"number": "0"}, "期号应为1到999之间的整数。"),
        ({"number": "abc"}, "期号应为1到999之间的整数。"),
    ],
)
def test_bad_briefing_input_gets_a_chinese_message(
    client, world, voice, committee_staff, params, message
):
    client.force_login(committee_staff)
    before = ActionLog.objects.count()
    response = briefing(client, world, **params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ActionLog.objects.count() == before


def test_briefing_of_another_congress_is_404(client, world, voice, committee_staff):
    client.force_login(committee_staff)
    assert briefing(client, world, congress=world.xian_congress.pk).status_code == 404


def test_briefing_is_staff_only(client, world, voice, leader, district_staff):
    client.force_login(leader)
    assert briefing(client, world).status_code == 403
    client.force_login(district_staff)
    assert briefing(client, world).status_code == 404


# The documents page -----------------------------------------------------------------


def test_documents_page_lists_items_with_their_letters(
    client, world, voice, committee_staff
):
    _suggestion, [lead, joint] = voice
    client.force_login(committee_staff)

    response = client.get(
        reverse("suggestions:documents"),
        {
            "congress": world.city_congress.pk,
            "start": "2020-09-01",
            "end": "2020-09-30",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert VOICE_TITLE in page
    assert "辽人大代字〔2020〕2号" in page
    assert letter_url(lead) in page
    assert letter_url(joint) in page
    assert "下载《代表之声》第40期" in page


def test_documents_page_defaults_to_this_month(client, world, committee_staff):
    client.force_login(committee_staff)
    response = client.get(reverse("suggestions:documents"))
    assert response.status_code == 200
    assert "所选期间没有立案的事项。" in response.content.decode()


def test_documents_page_refuses_other_roles(client, world, deputy, unit_staff):
    client.force_login(deputy)
    assert client.get(reverse("suggestions:documents")).status_code == 403
    client.force_login(unit_staff)
    assert client.get(reverse("suggestions:documents")).status_code == 403


def test_returned_assignment_is_not_listed(
    client, world, voice, committee_staff, unit_staff
):
    _suggestion, [lead, joint] = voice
    services.assignment_return(
        assignment=lead,
        reason="不属于本单位职责。",
        actor=unit_staff,
        now=moment(2020, 9, 25),
    )
    client.force_login(committee_staff)
    response = client.get(
        reverse("suggestions:documents"),
        {
            "congress": world.city_congress.pk,
            "start": "2020-09-01",
            "end": "2020-09-30",
        },
    )
    page = response.content.decode()
    assert letter_url(joint) in page
    assert letter_url(lead) not in page

"""Routing that reads the text: segmenting, the index, the learned proposal, duplicates."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.congresses.choices import Level
from renda.core.text import Segmenter, text_similarity
from renda.regions.models import Region
from renda.suggestions import text_routing
from renda.suggestions.choices import AssignmentRole
from renda.suggestions.models import RoutingIndexBuild, RoutingTerm
from renda.suggestions.routing import REASON_LEARNED, routing_proposal
from renda.units.choices import UnitKind
from renda.units.tests.factories import HandlingUnitFactory

from .factories import assigned, deputy_user, draft, submitted

# Recent enough to count as a possible duplicate today.
WHEN = timezone.now() - dt.timedelta(days=30)
HEATING = [
    (
        "关于解决老旧小区冬季供热不达标的建议",
        "多个小区室温不足十八度，供热企业应整改管网。",
    ),
    ("关于供热管网改造的建议", "供热管网老化，冬季室温偏低，请督促供热企业改造。"),
    (
        "关于规范物业管理和供热收费的建议",
        "物业公司与供热企业收费混乱，居民室温不达标。",
    ),
]
TRAFFIC = [
    ("关于东吉大路增设信号灯的建议", "早晚高峰拥堵，路口缺少信号灯，交通秩序混乱。"),
    ("关于优化公交线路的建议", "公交线路绕行，站点设置不合理，交通拥堵。"),
    ("关于整治交通拥堵的建议", "学校门口交通拥堵，需要增设信号灯和交警疏导。"),
]


@pytest.fixture
def history(world, deputy, committee_staff):
    """Six handled items: heating led by 市住建局, traffic by the 西安区 government."""
    traffic_unit = HandlingUnitFactory(
        name="辽源市公安局交通警察支队",
        short_name="市交警支队",
        level=Level.MUNICIPAL,
        region=world.city,
    )
    when = WHEN
    items = {}
    for title, body in HEATING:
        items[title], _ = assigned(
            world, deputy, committee_staff, now=when, title=title, body=body
        )
    for title, body in TRAFFIC:
        items[title], _ = assigned(
            world,
            deputy,
            committee_staff,
            now=when,
            title=title,
            body=body,
            units=[(traffic_unit, AssignmentRole.LEAD)],
        )
    return items, traffic_unit


def test_the_user_dictionary_keeps_unit_and_place_names_whole(world):
    world.unit_city.short_name = "辽源市住建局"
    world.unit_city.save()
    text = "辽源市住建局应督促向阳街道的供热企业"

    plain = Segmenter().tokens(text)
    seg = text_routing.segmenter(reload=True)

    assert "辽源市住建局" not in plain
    assert "辽源市住建局" in seg.tokens(text)
    assert "向阳街道" in seg.tokens(text)
    assert {"龙山区", "龙山", "西安区"} <= text_routing.dictionary_words()
    # Stop words and single characters are left out.
    assert "建议" not in seg.tokens("关于供热的建议")


def test_the_index_build_is_idempotent(history):
    first = text_routing.build_index()
    rows = sorted(RoutingTerm.objects.values_list("term", "df", "units", "examples"))
    second = text_routing.build_index()

    assert first.documents == second.documents == 6
    assert (
        sorted(RoutingTerm.objects.values_list("term", "df", "units", "examples"))
        == rows
    )
    assert RoutingTerm.objects.filter(term="供热").get().df == 3


def test_the_proposal_learns_the_unit_and_explains_itself_with_an_example(
    world, history
):
    _items, traffic_unit = history
    text_routing.build_index()

    heating = text_routing.propose("小区冬季供热温度低，供热企业不作为")
    traffic = text_routing.propose("十字路口没有信号灯，上下班交通拥堵")

    assert heating[0].unit == world.unit_city
    assert traffic[0].unit == traffic_unit
    explanation = heating[0].explanation
    assert explanation.startswith("与《关于")
    assert f"（{WHEN.year}年）相似，当时由辽源市住房和城乡建设局主办" in explanation
    assert heating[0].level == text_routing.LEVEL_COUNTY
    assert "与《" in traffic[0].explanation
    assert "市交警支队主办" in traffic[0].explanation
    # An unrelated text gets no proposal.
    assert text_routing.propose("文艺演出") == []


def test_a_township_government_is_proposed_as_the_grassroots_level(
    world, deputy, committee_staff
):
    office = HandlingUnitFactory(
        name="龙山区向阳街道办事处",
        kind=UnitKind.GOVERNMENT,
        level=Level.TOWNSHIP,
        region=Region.objects.get(code="220402001"),
    )
    for title in (
        "关于向阳街道背街小巷路灯不亮的建议",
        "关于修复向阳街道小巷路灯的建议",
    ):
        assigned(
            world,
            deputy,
            committee_staff,
            title=title,
            body="小巷路灯损坏，夜间出行不便。",
            region=office.region,
            units=[(office, AssignmentRole.LEAD)],
        )
    text_routing.build_index()

    best = text_routing.propose("小巷路灯坏了好几盏")[0]

    assert best.unit == office
    assert best.level == text_routing.LEVEL_GRASSROOTS
    assert best.level_label == "街道/乡镇人民政府办理"


def test_routing_proposal_carries_the_learned_reason(world, deputy, history):
    text_routing.build_index()
    item = draft(
        world, deputy, title="关于小区供热室温不达标的建议", body="室温只有十五度。"
    )

    proposals = routing_proposal(suggestion=item)

    learned = [p for p in proposals if REASON_LEARNED in p.reasons]
    assert learned[0].unit == world.unit_city
    detail = learned[0].details[learned[0].reasons.index(REASON_LEARNED)]
    assert "当时由辽源市住房和城乡建设局主办" in detail
    assert "县级以上部门办理" in detail
    assert learned[0].level == text_routing.LEVEL_COUNTY


def test_without_an_index_nothing_is_learned(world, deputy):
    assert not RoutingIndexBuild.objects.exists()
    item = draft(world, deputy, title="关于小区供热室温不达标的建议")
    assert all(
        REASON_LEARNED not in p.reasons for p in routing_proposal(suggestion=item)
    )


def test_a_reworded_item_is_a_duplicate_an_unrelated_one_is_not(world, deputy, history):
    items, _unit = history
    found = text_routing.similar_suggestions_for_text(
        congress_id=world.city_congress.pk,
        title="关于老旧小区冬季供热温度不达标问题的建议",
        body="好几个小区的室温不到十八度，请督促供热企业整改管网。",
    )
    unrelated = text_routing.similar_suggestions_for_text(
        congress_id=world.city_congress.pk,
        title="关于建设城市图书馆分馆的建议",
        body="在新城区建设图书馆分馆，方便市民阅读。",
    )

    assert found[0].item == items[HEATING[0][0]]
    assert unrelated == []
    assert text_similarity(["供热"], "供热", ["交通"], "交通") == 0


def test_the_review_page_shows_duplicates_with_a_merge_button(
    client, world, deputy, committee_staff, history, django_assert_max_num_queries
):
    items, _unit = history
    new = submitted(
        world,
        deputy,
        title="关于老旧小区冬季供热不达标问题的建议",
        body="室温不足十八度，供热企业应整改管网。",
    )
    client.force_login(committee_staff)
    url = reverse("suggestions:staff_review", args=[new.pk])
    client.get(url)

    # The index build's stamp is read at most once a minute per process: read it
    # in each measured request, so that the minute running out between them (a
    # busy CI machine) does not count as a query the history added.
    text_routing._stamp["at"] = 0.0
    with django_assert_max_num_queries(40) as few:
        response = client.get(url)
    page = response.content.decode()
    assert "可能重复的建议" in page
    assert f'data-duplicate="{items[HEATING[0][0]].pk}"' in page
    assert "并入此件" in page

    # More history does not add queries.
    for n in range(4):
        assigned(
            world, deputy, committee_staff, title=f"关于第{n}中学周边交通拥堵的建议"
        )
    text_routing._stamp["at"] = 0.0
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_draft_hints_show_others_items_without_a_link(
    client, world, deputy, committee_staff, history
):
    items, _unit = history
    other_deputy = deputy_user(world.deputy_city_b, "baiyujing")
    own = items[HEATING[0][0]]
    url = reverse("suggestions:duplicate_hints")
    params = {
        "title": "老旧小区冬季供热不达标",
        "body": "室温不足十八度，供热企业整改管网",
    }

    client.force_login(deputy)
    mine = client.get(url, params).content.decode()
    client.force_login(other_deputy)
    theirs = client.get(url, params).content.decode()
    nothing = client.get(
        url, {"title": "图书馆分馆", "body": "方便阅读"}
    ).content.decode()

    assert "可能重复的建议" in mine
    assert reverse("suggestions:detail", args=[own.pk]) in mine
    assert f"《{own.title}》" in theirs
    assert reverse("suggestions:detail", args=[own.pk]) not in theirs
    assert world.deputy_city_a.name not in theirs
    assert HEATING[0][1] not in theirs
    assert "可能重复" not in nothing


def test_the_draft_form_asks_for_hints(client, deputy):
    client.force_login(deputy)
    page = client.get(reverse("suggestions:new")).content.decode()
    assert reverse("suggestions:duplicate_hints") in page


def test_the_same_matter_in_another_township_is_not_a_duplicate(world):
    text_routing._places.cache_clear()
    here = SimpleNamespace(pk=1)
    elsewhere = SimpleNamespace(pk=2)
    text = "向阳街道卫生院设备陈旧，缺少彩超设备，群众看病难"

    hits = text_routing.rank_duplicates(
        text,
        [
            (elsewhere, "南康街道卫生院设备陈旧，缺少彩超设备，群众看病难"),
            (here, "向阳街道卫生院设备老旧，缺少彩超，看病难"),
        ],
    )

    assert [hit.item for hit in hits] == [here]

"""The demo's routing part on a small world: near-duplicates planted, the index built."""

from django.utils import timezone

from renda.demo.routing import PLANTED, demo_routing_build, reworded
from renda.suggestions.choices import SuggestionStatus
from renda.suggestions.models import RoutingIndexBuild, Suggestion
from renda.suggestions.tests.factories import assigned, deputy_user
from renda.suggestions.text_routing import similar_suggestions_for_text


def test_twins_are_planted_for_the_staff_and_the_index_is_built(
    world, deputy, committee_staff
):
    deputy_user(world.deputy_city_b, "baiyujing")
    now = timezone.now() - timezone.timedelta(days=20)
    originals = [
        assigned(world, deputy, committee_staff, now=now, title=title, body=body)[0]
        for title, body in (
            (
                "关于老旧小区加装电梯的建议",
                "老旧小区老人上下楼困难，建议加装电梯并给予补贴。",
            ),
            ("关于东吉大路增设信号灯的建议", "东吉大路早晚高峰拥堵，路口缺少信号灯。"),
            ("关于修复向阳路破损路面的建议", "向阳路路面坑洼破损，雨天积水。"),
            ("关于增加社区养老服务站的建议", "社区养老服务站不足，老人就餐难。"),
        )
    ]

    planted = demo_routing_build(
        congress=world.city_congress, today=timezone.localdate()
    )

    assert planted == PLANTED
    twins = Suggestion.objects.filter(
        status=SuggestionStatus.SUBMITTED, lead_deputy=world.deputy_city_b
    )
    assert twins.count() == PLANTED
    build = RoutingIndexBuild.objects.get()
    assert build.documents == len(originals)
    for twin in twins:
        hits = similar_suggestions_for_text(
            congress_id=twin.congress_id,
            title=twin.title,
            body=twin.body,
            exclude_pk=twin.pk,
        )
        original = hits[0].item
        assert reworded(original.title, original.body)[0] == twin.title

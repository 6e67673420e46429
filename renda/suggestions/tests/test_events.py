"""Typed events: one payload shape per kind, one description for page and API."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from renda.suggestions import events, services
from renda.suggestions.choices import (
    AssignmentRole,
    CloseReason,
    EventKind,
    Rating,
)
from renda.suggestions.events import PAYLOAD_KEYS, describe_event
from renda.suggestions.models import SuggestionEvent
from renda.units.tests.factories import HandlingUnitFactory

from .factories import START, accepted, assigned, committee_member, moment, reply

LEAD = AssignmentRole.LEAD


def test_every_kind_has_one_payload_shape_and_a_chinese_title():
    assert set(PAYLOAD_KEYS) == set(EventKind.values)
    for kind in EventKind.values:
        event = SuggestionEvent(kind=kind, at=START, data={})
        description = describe_event(event)
        assert description.title == EventKind(kind).label
        assert description.kind == kind


def test_a_constructor_refuses_a_payload_of_another_shape(
    world, deputy, committee_staff
):
    suggestion = accepted(world, deputy, committee_staff)
    with pytest.raises(ValueError, match="REJECTED carries"):
        events._event(
            suggestion=suggestion,
            kind=EventKind.REJECTED,
            actor=None,
            at=START,
            data={"note": "不属于代表建议。"},
        )


def _extension_events(suggestion):
    return list(
        SuggestionEvent.objects.filter(
            suggestion=suggestion,
            kind__in=[EventKind.EXTENSION_APPROVED, EventKind.EXTENSION_DECLINED],
        ).order_by("id")
    )


def test_extension_decisions_carry_one_shape_whichever_way_they_were_made(
    world, deputy, committee_staff, unit_staff
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    other_unit = HandlingUnitFactory(name="辽源市交通运输局", region=world.city)
    second, [other] = assigned(
        world, deputy, committee_staff, units=[(other_unit, LEAD)]
    )
    declined = services.extension_request(
        assignment=assignment, months=2, reason="需列入预算。", actor=unit_staff
    )
    services.extension_decide(
        extension=declined,
        approve=False,
        note="理由不充分，请按期办理。",
        actor=committee_staff,
    )
    approved = services.extension_request(
        assignment=assignment, months=2, reason="需列入预算。", actor=unit_staff
    )
    services.extension_decide(
        extension=approved, approve=True, note="同意。", actor=committee_staff
    )
    services.suggestion_extend(
        assignment=other, months=1, reason="施工季节限制", actor=committee_staff
    )

    rows = _extension_events(suggestion) + _extension_events(second)
    assert [row.kind for row in rows] == [
        EventKind.EXTENSION_DECLINED,
        EventKind.EXTENSION_APPROVED,
        EventKind.EXTENSION_APPROVED,
    ]
    assert {frozenset(row.data) for row in rows} == {
        frozenset({"extension", "months", "reason", "due_at"})
    }
    assert [row.data["reason"] for row in rows] == [
        "理由不充分，请按期办理。",
        "同意。",
        "施工季节限制",
    ]
    assert describe_event(rows[0]).detail == (
        "辽源市住房和城乡建设局：理由不充分，请按期办理。",
    )
    assert describe_event(rows[2]).detail == (
        "辽源市交通运输局延期 1 个月，新期限 2025年7月3日",
        "意见：施工季节限制",
    )


def test_the_timeline_of_a_handled_item_in_words(
    world, deputy, committee_staff, unit_staff
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    answer = reply(assignment, unit_staff, now=moment(2025, 3, 10))
    services.feedback_create(
        reply=answer, rating=Rating.SATISFIED, actor=deputy, now=moment(2025, 3, 12)
    )

    timeline = [
        describe_event(event)
        for event in SuggestionEvent.objects.filter(suggestion=suggestion)
        .select_related("actor", "assignment__handling_unit")
        .order_by("at", "id")
    ]

    assert [(item.title, item.detail) for item in timeline] == [
        ("保存草稿", ()),
        ("提交", ()),
        ("审查立案", ()),
        ("交办", ("辽源市住房和城乡建设局（主办），办理期限 2025年6月3日",)),
        ("答复", ("辽源市住房和城乡建设局（A类：已解决或采纳）",)),
        ("全部答复，进入满意度测评", ()),
        ("满意度测评", ("辽源市住房和城乡建设局：满意",)),
        ("办结", ("代表测评满意或基本满意",)),
    ]
    assert timeline[3].actor_label == str(committee_staff)
    assert timeline[3].at == START
    closed = SuggestionEvent.objects.get(suggestion=suggestion, kind=EventKind.CLOSED)
    assert closed.data == {"close_reason": CloseReason.RATED, "rating_deadline": None}


def test_both_sides_of_a_merge_carry_the_same_shape(world, deputy, committee_staff):
    primary = accepted(world, deputy, committee_staff, title="关于东吉大路的建议")
    other = accepted(world, deputy, committee_staff, title="关于东吉大路拥堵的建议")

    services.suggestion_merge(primary=primary, others=[other], actor=committee_staff)

    rows = {
        row.suggestion_id: row
        for row in SuggestionEvent.objects.filter(kind=EventKind.MERGED)
    }
    expected = {
        "primary": primary.pk,
        "primary_title": "关于东吉大路的建议",
        "merged": [other.pk],
    }
    assert rows[primary.pk].data == rows[other.pk].data == expected
    assert describe_event(rows[primary.pk]).detail == ("1 件建议并入本件",)
    assert describe_event(rows[other.pk]).detail == ("并入《关于东吉大路的建议》",)


def test_marking_key_is_described_by_its_source(world, deputy, committee_staff):
    suggestion = accepted(world, deputy, committee_staff)
    overseer = committee_member(world)
    services.suggestion_mark_key(
        suggestion=suggestion, overseer=overseer, actor=committee_staff
    )

    event = SuggestionEvent.objects.get(kind=EventKind.MARKED_KEY)
    assert event.data == {"oversight": overseer.pk, "source": "STAFF"}
    assert describe_event(event).detail == ("工作机构确定",)


BEFORE = [("suggestions", "0005_assignment_withdrawal")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)
def test_old_payloads_are_migrated_to_the_one_shape(world, deputy, committee_staff):
    # The items first: the model's later columns are not there before 0006.
    primary = accepted(world, deputy, committee_staff, title="主建议")
    other = accepted(world, deputy, committee_staff, title="并入的建议")
    _migrate(BEFORE)
    old = [
        (
            primary,
            EventKind.EXTENSION_DECLINED,
            {"extension": 1, "months": 2, "note": "理由不充分", "due_at": "2025-06-03"},
        ),
        (
            primary,
            EventKind.EXTENSION_APPROVED,
            {"extension": 2, "months": 1, "note": "", "due_at": "2025-07-03"},
        ),
        (primary, EventKind.CLOSED, {"reason": "RATED"}),
        (
            other,
            EventKind.CLOSED,
            {"reason": "RATING_WINDOW_PASSED", "rating_deadline": "2025-04-08"},
        ),
        (primary, EventKind.MERGED, {"merged": [other.pk]}),
        (other, EventKind.MERGED, {"primary": primary.pk, "primary_title": "主建议"}),
    ]
    rows = [
        SuggestionEvent.objects.create(suggestion=item, kind=kind, at=START, data=data)
        for item, kind, data in old
    ]

    executor = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    for row in rows:
        row.refresh_from_db()
        assert set(row.data) == PAYLOAD_KEYS[row.kind], row.kind
    assert [row.data.get("reason") for row in rows[:2]] == ["理由不充分", ""]
    assert rows[2].data == {"close_reason": "RATED", "rating_deadline": None}
    assert rows[3].data == {
        "close_reason": "RATING_WINDOW_PASSED",
        "rating_deadline": "2025-04-08",
    }
    assert (
        rows[4].data
        == rows[5].data
        == {
            "primary": primary.pk,
            "primary_title": "主建议",
            "merged": [other.pk],
        }
    )
    assert executor.loader.detect_conflicts() == {}


def test_an_event_without_a_stored_unit_name_reads_the_assignment(
    world, deputy, committee_staff, unit_staff
):
    _suggestion, [assignment] = assigned(world, deputy, committee_staff)
    services.assignment_return(
        assignment=assignment,
        reason="不属于本单位职责。",
        actor=unit_staff,
        now=moment(2025, 3, 4),
    )

    event = SuggestionEvent.objects.get(kind=EventKind.ASSIGNMENT_RETURNED)
    assert describe_event(event).detail == (
        "辽源市住房和城乡建设局：不属于本单位职责。",
        "交回工作机构重新交办",
    )
    assert describe_event(event).detail_text.startswith("辽源市住房和城乡建设局：")
    assert dt.date(2025, 3, 4) == event.at.date()

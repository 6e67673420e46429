"""/api/v1/suggestions: assignment, routing, merge, key items, unit work, extensions, rating."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from renda.congresses.choices import MemberRole
from renda.core.models import IdempotencyKey
from renda.meetings.tests.factories_decisions import chairpersons_meeting_on
from renda.suggestions import services
from renda.suggestions.choices import (
    AssignmentRole,
    AssignmentStatus,
    Category,
    Channel,
    ExtensionStatus,
    SuggestionStatus,
)
from renda.suggestions.models import (
    Assignment,
    Feedback,
    Reply,
    Suggestion,
)
from renda.units.tests.factories import HandlingUnitFactory

from .factories import (
    accepted,
    assigned,
    committee_member,
    reply,
    snapshot,
    submitted,
    unit_user,
)

URL = "/api/v1/suggestions"
LEAD = AssignmentRole.LEAD
REPLY = {
    "text": "经研究，已增设信号灯两处。\n公交线路优化方案已公布。",
    "outcome": "A",
    "signed_by": "李局长",
    "met_deputy_first": True,
}


def _as(client, user):
    client.force_login(user)
    return client


def _post(client, url, data=None, **headers):
    return client.post(
        url, data or {}, content_type="application/json", headers=headers
    )


def _assert_error(response, status, *, code=None, field=None):
    assert response.status_code == status, response.content
    data = response.json()
    if code:
        assert data["code"] == code
    if field:
        assert data["field"] == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in data["message"]), data


def _units(*pairs):
    return {"units": [{"unit": unit.pk, "role": role} for unit, role in pairs]}


# Assign --------------------------------------------------------------------------


def test_staff_assign_to_a_lead_and_a_joint_unit(
    client, world, deputy, committee_staff
):
    suggestion = accepted(world, deputy, committee_staff)

    response = _post(
        _as(client, committee_staff),
        f"{URL}/{suggestion.pk}/assign",
        _units((world.unit_city, "LEAD"), (world.unit_xian, "JOINT")),
    )

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "ASSIGNED"
    assert {(a["unit"]["id"], a["role"]) for a in data["assignments"]} == {
        (world.unit_city.pk, "LEAD"),
        (world.unit_xian.pk, "JOINT"),
    }
    assert data["due_at"] is not None
    assert data["is_overdue"] is False
    assert Assignment.objects.filter(suggestion=suggestion).count() == 2


def test_assign_refusals(client, world, deputy, committee_staff, leader, unit_staff):
    suggestion = accepted(world, deputy, committee_staff)
    other_area = HandlingUnitFactory(name="吉林省交通运输厅", region=world.province)
    staff = _as(client, committee_staff)
    as_leader = _as(Client(), leader)
    as_unit = _as(Client(), unit_staff)
    before = snapshot(suggestion)

    no_lead = _post(
        staff, f"{URL}/{suggestion.pk}/assign", _units((world.unit_city, "JOINT"))
    )
    outside = _post(
        staff, f"{URL}/{suggestion.pk}/assign", _units((other_area, "LEAD"))
    )
    bad_role = _post(
        staff,
        f"{URL}/{suggestion.pk}/assign",
        {"units": [{"unit": world.unit_city.pk, "role": "BOSS"}]},
    )
    empty = _post(staff, f"{URL}/{suggestion.pk}/assign", {"units": []})
    by_leader = _post(
        as_leader, f"{URL}/{suggestion.pk}/assign", _units((world.unit_city, "LEAD"))
    )
    by_unit = _post(
        as_unit, f"{URL}/{suggestion.pk}/assign", _units((world.unit_city, "LEAD"))
    )

    _assert_error(no_lead, 400, code="suggestions.invalid", field="units")
    _assert_error(outside, 422, code="core.invalid_parameter", field="units")
    _assert_error(bad_role, 422, field="payload.units.0.role")
    _assert_error(empty, 422, field="payload.units")
    _assert_error(by_leader, 403)
    _assert_error(by_unit, 404)  # not assigned to them: outside their scope
    assert snapshot(suggestion) == before


def test_assigning_an_assigned_suggestion_again_is_a_409(
    client, world, deputy, committee_staff
):
    suggestion, _assignments = assigned(world, deputy, committee_staff)
    client = _as(client, committee_staff)
    before = snapshot(suggestion)

    response = _post(
        client, f"{URL}/{suggestion.pk}/assign", _units((world.unit_xian, "LEAD"))
    )

    _assert_error(response, 409, code="suggestions.already_assigned")
    assert snapshot(suggestion) == before


def test_routing_proposes_units_to_staff_only(client, world, deputy, committee_staff):
    suggestion = accepted(
        world, deputy, committee_staff, category=Category.URBAN_RURAL_CONSTRUCTION
    )

    proposed = _as(client, committee_staff).get(f"{URL}/{suggestion.pk}/routing")
    as_deputy = _as(Client(), deputy).get(f"{URL}/{suggestion.pk}/routing")

    assert proposed.status_code == 200
    assert proposed.json() == {
        "suggestion_id": suggestion.pk,
        "units": [{"id": world.unit_city.pk, "name": "辽源市住房和城乡建设局"}],
        "proposals": [
            {
                "id": world.unit_city.pk,
                "name": "辽源市住房和城乡建设局",
                "reasons": ["按类别"],
                "details": ["类别：城乡建设"],
                "role": "LEAD",
            }
        ],
    }
    _assert_error(as_deputy, 403)


# Merge and key items ---------------------------------------------------------------


def test_staff_merge_similar_suggestions(client, world, deputy, committee_staff):
    primary = accepted(world, deputy, committee_staff, title="主建议")
    other = submitted(world, deputy, title="相近的建议")

    response = _post(
        _as(client, committee_staff),
        f"{URL}/{primary.pk}/merge",
        {"others": [other.pk]},
    )

    assert response.status_code == 200, response.content
    assert response.json()["merged_items"] == [{"id": other.pk, "title": "相近的建议"}]
    other.refresh_from_db()
    assert other.merged_into == primary


def test_merge_refusals(client, world, deputy, committee_staff, district_staff):
    primary = accepted(world, deputy, committee_staff, title="主建议")
    done, _assignments = assigned(world, deputy, committee_staff, title="已交办")
    xian_item = submitted(
        world,
        district_staff,
        congress=world.xian_congress,
        term=world.xian_congress.terms.get(),
        lead_deputy=world.deputy_xian,
        region=world.xian,
    )
    client = _as(client, committee_staff)
    before = snapshot(primary), snapshot(done)

    itself = _post(client, f"{URL}/{primary.pk}/merge", {"others": [primary.pk]})
    unseen = _post(client, f"{URL}/{primary.pk}/merge", {"others": [xian_item.pk]})
    wrong_state = _post(client, f"{URL}/{primary.pk}/merge", {"others": [done.pk]})
    empty = _post(client, f"{URL}/{primary.pk}/merge", {"others": []})

    _assert_error(itself, 400, code="suggestions.invalid", field="others")
    _assert_error(unseen, 422, code="core.invalid_parameter", field="others")
    _assert_error(wrong_state, 409, code="suggestions.invalid_state")
    _assert_error(empty, 422, field="payload.others")
    assert (snapshot(primary), snapshot(done)) == before


def test_a_leader_marks_a_key_suggestion(
    client, world, deputy, committee_staff, leader
):
    overseer = committee_member(world, role=MemberRole.DIRECTOR, user=leader)
    suggestion = accepted(world, deputy, committee_staff)
    held = chairpersons_meeting_on(
        world.city_congress, dt.date(2024, 3, 1), actor=committee_staff
    )

    missing = _post(
        _as(client, leader),
        f"{URL}/{suggestion.pk}/mark-key",
        {"overseer": overseer.pk, "source": "CHAIRPERSONS_MEETING"},
    )
    assert missing.status_code == 400
    response = _post(
        _as(client, leader),
        f"{URL}/{suggestion.pk}/mark-key",
        {
            "overseer": overseer.pk,
            "source": "CHAIRPERSONS_MEETING",
            "chairpersons_meeting_id": held.pk,
        },
    )

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["chairpersons_decision_id"] == held.decisions.get().pk
    assert data["is_key"] is True
    assert data["oversight"] == {"id": overseer.pk, "name": "白玉晶"}
    assert data["key_source"] == "CHAIRPERSONS_MEETING"


def test_mark_key_refusals(client, world, deputy, committee_staff, unit_staff):
    member = committee_member(world, role=MemberRole.MEMBER)
    suggestion, _assignments = assigned(world, deputy, committee_staff)
    staff = _as(client, committee_staff)
    as_unit = _as(Client(), unit_staff)
    before = snapshot(suggestion)

    not_leadership = _post(
        staff, f"{URL}/{suggestion.pk}/mark-key", {"overseer": member.pk}
    )
    unknown = _post(staff, f"{URL}/{suggestion.pk}/mark-key", {"overseer": 999_999})
    bad_source = _post(
        staff,
        f"{URL}/{suggestion.pk}/mark-key",
        {"overseer": member.pk, "source": "ME"},
    )
    by_unit = _post(as_unit, f"{URL}/{suggestion.pk}/mark-key", {"overseer": member.pk})

    _assert_error(not_leadership, 400, code="suggestions.invalid", field="overseer")
    _assert_error(unknown, 422, code="core.invalid_parameter", field="overseer")
    _assert_error(bad_source, 422, field="payload.source")
    _assert_error(by_unit, 403)
    assert snapshot(suggestion) == before


# Unit work -------------------------------------------------------------------------


@pytest.fixture
def handling(client, world, deputy, committee_staff):
    """A suggestion assigned today (through the API) to the city unit as lead."""
    suggestion = accepted(world, deputy, committee_staff)
    response = _post(
        _as(Client(), committee_staff),
        f"{URL}/{suggestion.pk}/assign",
        _units((world.unit_city, "LEAD")),
    )
    assert response.status_code == 200
    return suggestion, Assignment.objects.get(suggestion=suggestion)


def test_the_unit_replies_and_a_retry_with_the_key_replies_once(
    client, world, handling, unit_staff
):
    suggestion, assignment = handling
    client = _as(client, unit_staff)
    url = f"{URL}/assignments/{assignment.pk}/reply"

    first = _post(client, url, REPLY, **{"Idempotency-Key": "reply-1"})
    retry = _post(client, url, REPLY, **{"Idempotency-Key": "reply-1"})

    assert first.status_code == retry.status_code == 200, first.content
    assert first.json() == retry.json()
    assert first.json()["outcome"] == "A"
    assert first.json()["on_time"] is True
    assert first.json()["unit"]["id"] == world.unit_city.pk
    assert Reply.objects.filter(assignment=assignment).count() == 1
    assert IdempotencyKey.objects.filter(key="reply-1").count() == 1
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REPLIED


def test_reply_refusals(client, world, handling, unit_staff, deputy):
    suggestion, assignment = handling
    other_unit = _as(Client(), unit_user(world.unit_xian, "xian_unit"))
    unit = _as(client, unit_staff)
    as_deputy = _as(Client(), deputy)
    url = f"{URL}/assignments/{assignment.pk}/reply"
    before = snapshot(suggestion)

    no_outcome = _post(unit, url, {**REPLY, "outcome": None})
    bad_outcome = _post(unit, url, {**REPLY, "outcome": "D"})
    no_signature = _post(unit, url, {**REPLY, "signed_by": " "})
    no_text = _post(unit, url, {k: v for k, v in REPLY.items() if k != "text"})
    long_signature = _post(unit, url, {**REPLY, "signed_by": "长" * 51})
    wrong_unit = _post(other_unit, url, REPLY)
    by_deputy = _post(as_deputy, url, REPLY)

    _assert_error(no_outcome, 400, code="suggestions.invalid", field="outcome")
    _assert_error(bad_outcome, 422, field="payload.outcome")
    _assert_error(no_signature, 400, code="suggestions.invalid", field="signed_by")
    _assert_error(no_text, 422, field="payload.text")
    _assert_error(long_signature, 422, field="payload.signed_by")
    _assert_error(wrong_unit, 404)
    _assert_error(by_deputy, 403, code="suggestions.forbidden")
    assert snapshot(suggestion) == before
    assert not Reply.objects.exists()


def test_the_unit_returns_a_misrouted_item_within_the_window(
    client, world, handling, unit_staff
):
    suggestion, assignment = handling

    response = _post(
        _as(client, unit_staff),
        f"{URL}/assignments/{assignment.pk}/return",
        {"reason": "该路段由公路管理部门负责。"},
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "RETURNED"
    assert response.json()["return_reason"] == "该路段由公路管理部门负责。"
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED


def test_returning_after_the_window_is_a_409(
    client, world, deputy, committee_staff, unit_staff
):
    # Assigned on 2025-03-03: the 7 working days are long over.
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    client = _as(client, unit_staff)
    before = snapshot(suggestion)

    late = _post(
        client, f"{URL}/assignments/{assignment.pk}/return", {"reason": "不归我们管"}
    )
    no_reason = _post(client, f"{URL}/assignments/{assignment.pk}/return", {})

    _assert_error(late, 409, code="suggestions.return_window_passed")
    _assert_error(no_reason, 422, field="payload.reason")
    assert snapshot(suggestion) == before


def test_extension_requested_by_the_unit_and_approved_by_staff(
    client, world, handling, unit_staff, committee_staff
):
    suggestion, assignment = handling
    old_due = assignment.due_at

    requested = _post(
        _as(client, unit_staff),
        f"{URL}/assignments/{assignment.pk}/extension",
        {"months": 2, "reason": "需纳入明年预算。"},
    )
    extension_id = requested.json()["id"]
    staff = _as(Client(), committee_staff)
    decline_without_note = _post(
        staff, f"{URL}/extensions/{extension_id}/decide", {"approve": False}
    )
    approved = _post(
        staff, f"{URL}/extensions/{extension_id}/decide", {"approve": True}
    )
    again = _post(staff, f"{URL}/extensions/{extension_id}/decide", {"approve": True})

    assert requested.status_code == 200, requested.content
    assert requested.json()["status"] == "PENDING"
    _assert_error(decline_without_note, 400, code="suggestions.invalid", field="note")
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "APPROVED"
    assert approved.json()["old_due_at"] == old_due.isoformat()
    assignment.refresh_from_db()
    assert assignment.due_at.isoformat() == approved.json()["new_due_at"]
    assert assignment.due_at > old_due
    _assert_error(again, 409, code="suggestions.extension_decided")
    detail = staff.get(f"{URL}/{suggestion.pk}").json()
    assert detail["assignments"][0]["extensions"][0]["status"] == "APPROVED"


def test_extension_refusals(
    client, world, deputy, committee_staff, unit_staff, handling, district_staff
):
    suggestion, assignment = handling
    voice, [voice_assignment] = assigned(
        world, deputy, committee_staff, channel=Channel.VOICE
    )
    unit = _as(client, unit_staff)
    outsider = _as(Client(), district_staff)
    pending = services.extension_request(
        assignment=assignment, months=1, reason="需协调", actor=unit_staff
    )
    before = snapshot(suggestion), snapshot(voice)

    too_long = _post(
        unit,
        f"{URL}/assignments/{assignment.pk}/extension",
        {"months": 4, "reason": "久"},
    )
    second = _post(
        unit,
        f"{URL}/assignments/{assignment.pk}/extension",
        {"months": 1, "reason": "再议"},
    )
    voice_item = _post(
        unit,
        f"{URL}/assignments/{voice_assignment.pk}/extension",
        {"months": 1, "reason": "需协调"},
    )
    decided_by_outsider = _post(
        outsider, f"{URL}/extensions/{pending.pk}/decide", {"approve": True}
    )
    decided_by_unit = _post(
        unit, f"{URL}/extensions/{pending.pk}/decide", {"approve": True}
    )

    _assert_error(too_long, 422, field="payload.months")
    _assert_error(second, 409, code="suggestions.extension_pending")
    _assert_error(voice_item, 409, code="suggestions.extension_not_allowed")
    _assert_error(decided_by_outsider, 404)
    _assert_error(decided_by_unit, 403)
    assert (snapshot(suggestion), snapshot(voice)) == before
    pending.refresh_from_db()
    assert pending.status == ExtensionStatus.PENDING


# Rating --------------------------------------------------------------------------


def test_the_deputy_rates_the_reply_and_the_item_closes(
    client, world, handling, unit_staff, deputy
):
    suggestion, assignment = handling
    answer = reply(assignment, unit_staff, now=timezone.now())

    response = _post(
        _as(client, deputy),
        f"{URL}/replies/{answer.pk}/feedback",
        {"rating": "BASICALLY_SATISFIED"},
    )

    assert response.status_code == 200, response.content
    assert response.json()["rating_label"] == "基本满意"
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.CLOSED


def test_unsatisfied_needs_a_reason_and_reopens_the_item(
    client, world, handling, unit_staff, deputy
):
    suggestion, assignment = handling
    answer = reply(assignment, unit_staff, now=timezone.now())
    client = _as(client, deputy)
    url = f"{URL}/replies/{answer.pk}/feedback"
    before = snapshot(suggestion)

    no_reason = _post(client, url, {"rating": "UNSATISFIED"})
    unchanged = snapshot(suggestion)
    reopened = _post(client, url, {"rating": "UNSATISFIED", "reason": "信号灯未装。"})
    twice = _post(client, url, {"rating": "SATISFIED"})

    _assert_error(no_reason, 400, code="suggestions.invalid", field="reason")
    assert unchanged == before
    assert reopened.status_code == 200
    suggestion.refresh_from_db()
    assignment.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REOPENED
    assert assignment.status == AssignmentStatus.REHANDLING
    _assert_error(twice, 409, code="suggestions.already_rated")
    assert Feedback.objects.count() == 1


def test_rating_refusals(
    client, world, deputy, committee_staff, unit_staff, district_staff
):
    suggestion, assignments = assigned(
        world,
        deputy,
        committee_staff,
        units=[(world.unit_city, AssignmentRole.JOINT), (world.unit_xian, LEAD)],
    )
    joint = next(a for a in assignments if a.role == AssignmentRole.JOINT)
    opinion = reply(joint, unit_staff, outcome="")
    lead = next(a for a in assignments if a.role == LEAD)
    answer = reply(lead, unit_user(world.unit_xian, "xian_unit"))
    as_deputy = _as(client, deputy)
    as_unit = _as(Client(), unit_staff)
    as_staff = _as(Client(), committee_staff)
    before = snapshot(suggestion)

    joint_opinion = _post(
        as_deputy, f"{URL}/replies/{opinion.pk}/feedback", {"rating": "SATISFIED"}
    )
    bad_rating = _post(
        as_deputy, f"{URL}/replies/{answer.pk}/feedback", {"rating": "GOOD"}
    )
    by_unit = _post(
        as_unit, f"{URL}/replies/{answer.pk}/feedback", {"rating": "SATISFIED"}
    )
    by_staff = _post(
        as_staff, f"{URL}/replies/{answer.pk}/feedback", {"rating": "SATISFIED"}
    )

    _assert_error(joint_opinion, 404)  # deputies never see joint opinions
    _assert_error(bad_rating, 422, field="payload.rating")
    _assert_error(by_unit, 403, code="suggestions.forbidden")
    _assert_error(by_staff, 403, code="suggestions.forbidden")
    assert snapshot(suggestion) == before
    assert not Feedback.objects.exists()
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.REPLIED

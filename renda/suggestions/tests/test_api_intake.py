"""/api/v1/suggestions: list, draft, update, submit (idempotent), detail, review."""

import pytest
from django.test import Client

from renda.accounts.tokens import api_token_create
from renda.congresses.choices import MemberRole
from renda.core.models import IdempotencyKey
from renda.suggestions import services
from renda.suggestions.choices import (
    AssignmentRole,
    Channel,
    EventKind,
    Rating,
    SuggestionStatus,
)
from renda.suggestions.models import Suggestion, SuggestionEvent

from .factories import (
    accepted,
    assigned,
    committee_member,
    deputy_user,
    draft,
    moment,
    reply,
    snapshot,
    submitted,
)

URL = "/api/v1/suggestions"
BODY = "东吉大路早晚高峰拥堵，\n建议增设信号灯并优化公交线路。"


def _as(client, user):
    client.force_login(user)
    return client


def _post(client, url, data=None, **headers):
    return client.post(
        url, data or {}, content_type="application/json", headers=headers
    )


def _patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def _ids(response):
    return [row["id"] for row in response.json()["results"]]


def _assert_chinese_error(response, status, *, code=None, field=None):
    assert response.status_code == status, response.content
    data = response.json()
    if code:
        assert data["code"] == code
    if field:
        assert data["field"] == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in data["message"]), data


# List ------------------------------------------------------------------------------


def test_anonymous_gets_401(client, world):
    response = client.get(URL)

    assert response.status_code == 401
    assert response.json()["code"] == "auth.unauthenticated"


def test_deputy_lists_own_and_cosigned_items_with_status_due_date_and_overdue(
    client, world, deputy, committee_staff
):
    own_draft = draft(world, deputy, title="草稿")
    # Assigned on 2025-03-03: the 3-month deadline (2025-06-03) has long passed.
    late, [assignment] = assigned(world, deputy, committee_staff, title="超期")
    colleague = deputy_user(world.deputy_city_b, "deputy_b")
    cosigned = submitted(
        world,
        colleague,
        lead_deputy=world.deputy_city_b,
        cosigners=[world.deputy_city_a],
        title="附议",
    )
    submitted(world, colleague, lead_deputy=world.deputy_city_b, title="别人的")

    response = _as(client, deputy).get(URL)

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    assert data["page"] == 1
    rows = {row["title"]: row for row in data["results"]}
    assert set(rows) == {"草稿", "超期", "附议"}
    # Drafts (no submission time) first, then newest submitted first.
    assert _ids(response)[0] == own_draft.pk
    assert rows["超期"]["status"] == "ASSIGNED"
    assert rows["超期"]["status_label"] == "办理中"
    assert rows["超期"]["due_at"] == assignment.due_at.isoformat() == "2025-06-03"
    assert rows["超期"]["is_overdue"] is True
    assert rows["附议"]["id"] == cosigned.pk
    assert rows["附议"]["due_at"] is None
    assert rows["附议"]["is_overdue"] is False
    assert rows["草稿"]["lead_deputy"] == {
        "id": world.deputy_city_a.pk,
        "name": "丁照民",
    }


def test_staff_filters_the_list(client, world, deputy, committee_staff, unit_staff):
    late, _assignments = assigned(world, deputy, committee_staff, title="交通超期")
    accepted(world, deputy, committee_staff, channel=Channel.VOICE, title="小区路灯")
    replied_item, [assignment] = assigned(world, deputy, committee_staff, title="已答")
    reply(assignment, unit_staff)
    draft(world, deputy, title="代表的草稿")
    client = _as(client, committee_staff)

    def titles(**params):
        response = client.get(URL, params)
        assert response.status_code == 200, response.content
        return {row["title"] for row in response.json()["results"]}

    assert titles() == {"交通超期", "小区路灯", "已答"}
    assert titles(channel="VOICE") == {"小区路灯"}
    assert titles(status="ACCEPTED") == {"小区路灯"}
    assert titles(status="REPLIED") == {"已答"}
    assert titles(overdue="true") == {"交通超期"}
    assert titles(overdue="false") == {"小区路灯", "已答"}
    assert titles(unit=world.unit_city.pk) == {"交通超期", "已答"}
    assert titles(unit=world.unit_xian.pk) == set()
    assert titles(q="dzm") == {"交通超期", "小区路灯", "已答"}
    assert titles(q="丁照") == {"交通超期", "小区路灯", "已答"}
    assert titles(q="路灯") == {"小区路灯"}
    assert titles(q="byj") == set()
    assert titles(year=2025, congress=world.city_congress.pk) == {
        "交通超期",
        "小区路灯",
        "已答",
    }
    assert titles(year=2024) == set()
    assert titles(category="TRANSPORT", is_key="false") == {
        "交通超期",
        "小区路灯",
        "已答",
    }
    assert titles(is_key="true") == set()


def test_mine_lists_what_the_unit_handles(
    client, world, deputy, committee_staff, unit_staff
):
    assigned(world, deputy, committee_staff, title="交市住建局")
    assigned(
        world,
        deputy,
        committee_staff,
        title="交西安区政府",
        units=[(world.unit_xian, AssignmentRole.LEAD)],
    )

    response = _as(client, unit_staff).get(URL, {"mine": "true"})

    assert [row["title"] for row in response.json()["results"]] == ["交市住建局"]


def test_outsiders_see_an_empty_list(client, world, deputy, district_staff):
    submitted(world, deputy)

    response = _as(client, district_staff).get(URL)

    assert response.json()["count"] == 0


def test_bad_filter_is_a_422_naming_the_field_in_chinese(client, world, deputy):
    response = _as(client, deputy).get(URL, {"status": "LOST", "page_size": 501})

    _assert_chinese_error(response, 422, code="core.validation_error")
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"status", "page_size"}
    assert "取值无效" in response.json()["errors"][0]["message"] or any(
        "取值无效" in error["message"] for error in response.json()["errors"]
    )


# Draft, update, submit -------------------------------------------------------------


def _draft_body(world, **extra):
    return {
        "congress": world.city_congress.pk,
        "title": "关于增设东吉大路信号灯的建议",
        "body": BODY,
        "category": "TRANSPORT",
        "channel": "FORMAL",
        "period": "RECESS",
        **extra,
    }


def test_deputy_drafts_for_themselves(client, world, deputy):
    response = _post(
        _as(client, deputy),
        URL,
        _draft_body(world, cosigners=[world.deputy_city_b.pk], region="220402"),
    )

    assert response.status_code == 201, response.content
    data = response.json()
    suggestion = Suggestion.objects.get(pk=data["id"])
    assert suggestion.status == SuggestionStatus.DRAFT
    assert suggestion.lead_deputy == world.deputy_city_a
    assert suggestion.term == world.city_term
    assert suggestion.body == BODY
    assert suggestion.region == world.longshan
    assert list(suggestion.cosigners.all()) == [world.deputy_city_b]
    assert data["status"] == "DRAFT"
    assert data["actions"] == ["edit", "submit", "discard"]
    assert data["cosigners"] == [{"id": world.deputy_city_b.pk, "name": "白玉晶"}]
    assert [event["kind"] for event in data["timeline"]] == ["CREATED"]


def test_staff_enter_a_draft_for_a_deputy(client, world, committee_staff):
    response = _post(
        _as(client, committee_staff),
        URL,
        _draft_body(world, lead_deputy=world.deputy_city_a.pk),
    )

    assert response.status_code == 201, response.content
    suggestion = Suggestion.objects.get(pk=response.json()["id"])
    assert suggestion.created_by == committee_staff
    assert suggestion.lead_deputy == world.deputy_city_a


def test_staff_must_name_the_lead_deputy(client, world, committee_staff):
    response = _post(_as(client, committee_staff), URL, _draft_body(world))

    _assert_chinese_error(response, 422, field="lead_deputy")
    assert Suggestion.objects.count() == 0


@pytest.mark.parametrize("role", ["leader", "unit_staff"])
def test_other_roles_may_not_draft_for_a_deputy(client, world, role, request):
    user = request.getfixturevalue(role)

    response = _post(
        _as(client, user), URL, _draft_body(world, lead_deputy=world.deputy_city_a.pk)
    )

    _assert_chinese_error(response, 403)
    assert Suggestion.objects.count() == 0


def test_staff_of_another_congress_cannot_probe_its_ids(client, world, district_staff):
    # The city congress exists but is outside 西安区: the answer is the one an
    # unknown id gets, so ids cannot be probed.
    body = _draft_body(world, lead_deputy=world.deputy_city_a.pk)

    outside = _post(_as(client, district_staff), URL, body)
    unknown = _post(_as(client, district_staff), URL, {**body, "congress": 999999})

    _assert_chinese_error(outside, 422, field="congress")
    assert outside.json() == unknown.json()
    assert Suggestion.objects.count() == 0


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"title": "长" * 201}, "payload.title"),
        ({"title": None}, "payload.title"),
        ({"body": "内容\x00"}, "payload.body"),
        ({"body": "字" * 20_001}, "payload.body"),
        ({"channel": "EMAIL"}, "payload.channel"),
        ({"congress": 0}, "payload.congress"),
        ({"cosigners": ["甲"]}, "payload.cosigners.0"),
        ({"region": "abc"}, "payload.region"),
    ],
)
def test_bad_draft_input_is_a_422_naming_the_field(client, world, deputy, extra, field):
    response = _post(_as(client, deputy), URL, _draft_body(world, **extra))

    _assert_chinese_error(response, 422, code="core.validation_error", field=field)
    assert Suggestion.objects.count() == 0


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"congress": 999_999}, "congress"),
        ({"term": 999_999}, "term"),
        ({"cosigners": [999_999]}, "cosigners"),
        ({"region": "999999"}, "region"),
    ],
)
def test_unknown_ids_are_a_422_naming_the_field(client, world, deputy, extra, field):
    response = _post(_as(client, deputy), URL, _draft_body(world, **extra))

    _assert_chinese_error(response, 422, code="core.invalid_parameter", field=field)
    assert Suggestion.objects.count() == 0


def test_a_cosigner_of_another_congress_is_refused_without_naming_them(
    client, world, deputy
):
    response = _post(
        _as(client, deputy), URL, _draft_body(world, cosigners=[world.deputy_xian.pk])
    )

    _assert_chinese_error(response, 422, field="cosigners")
    assert "王芳" not in response.json()["message"]
    assert Suggestion.objects.count() == 0


def test_a_blank_title_is_refused_by_the_service_naming_the_field(
    client, world, deputy
):
    response = _post(_as(client, deputy), URL, _draft_body(world, title="   "))

    _assert_chinese_error(response, 400, code="suggestions.invalid", field="title")
    assert Suggestion.objects.count() == 0


def test_create_and_submit_retried_with_one_key_creates_one_suggestion(
    client, world, deputy
):
    client = _as(client, deputy)
    body = _draft_body(world, submit=True)

    first = _post(client, URL, body, **{"Idempotency-Key": "phone-1"})
    retry = _post(client, URL, body, **{"Idempotency-Key": "phone-1"})

    assert first.status_code == retry.status_code == 201
    assert first.json()["id"] == retry.json()["id"]
    assert first.json()["status"] == "SUBMITTED"
    assert Suggestion.objects.count() == 1
    assert SuggestionEvent.objects.filter(kind=EventKind.SUBMITTED).count() == 1


def test_deputy_updates_only_the_fields_sent(client, world, deputy):
    suggestion = draft(world, deputy)

    response = _patch(
        _as(client, deputy),
        f"{URL}/{suggestion.pk}",
        {"title": "关于东吉大路的建议（修改）", "cosigners": [world.deputy_city_b.pk]},
    )

    assert response.status_code == 200, response.content
    suggestion.refresh_from_db()
    assert suggestion.title == "关于东吉大路的建议（修改）"
    assert suggestion.category == "TRANSPORT"  # not sent, unchanged
    assert list(suggestion.cosigners.all()) == [world.deputy_city_b]


def test_update_refusals(client, world, deputy, committee_staff):
    own = draft(world, deputy)
    done = submitted(world, deputy, title="已提交")
    colleague = _as(Client(), deputy_user(world.deputy_city_b, "deputy_b"))
    client = _as(client, deputy)
    staff_client = _as(Client(), committee_staff)
    before = snapshot(own), snapshot(done)

    someone_else = _patch(colleague, f"{URL}/{own.pk}", {"title": "x"})
    wrong_state = _patch(client, f"{URL}/{done.pk}", {"title": "x"})
    null_title = _patch(client, f"{URL}/{own.pk}", {"title": None})
    staff = _patch(staff_client, f"{URL}/{done.pk}", {"title": "x"})

    _assert_chinese_error(someone_else, 404, code="core.not_found")
    _assert_chinese_error(wrong_state, 409, code="suggestions.invalid_state")
    assert "已提交" in wrong_state.json()["message"]
    _assert_chinese_error(null_title, 422, field="payload.title")
    _assert_chinese_error(staff, 403)
    assert (snapshot(own), snapshot(done)) == before


def test_submit_retried_with_one_key_submits_once(client, world, deputy):
    suggestion = draft(world, deputy)
    client = _as(client, deputy)
    url = f"{URL}/{suggestion.pk}/submit"

    first = _post(client, url, **{"Idempotency-Key": "k-1"})
    retry = _post(client, url, **{"Idempotency-Key": "k-1"})

    assert first.status_code == retry.status_code == 200
    assert first.json()["status"] == retry.json()["status"] == "SUBMITTED"
    assert first.json()["submitted_at"] == retry.json()["submitted_at"]
    assert (
        SuggestionEvent.objects.filter(
            suggestion=suggestion, kind=EventKind.SUBMITTED
        ).count()
        == 1
    )
    assert IdempotencyKey.objects.filter(key="k-1").count() == 1


def test_submit_without_key_twice_is_a_409(client, world, deputy):
    suggestion = draft(world, deputy)
    client = _as(client, deputy)
    _post(client, f"{URL}/{suggestion.pk}/submit")
    before = snapshot(suggestion)

    again = _post(client, f"{URL}/{suggestion.pk}/submit")

    _assert_chinese_error(again, 409, code="suggestions.invalid_state")
    assert snapshot(suggestion) == before


def test_submit_refusals(client, world, deputy, district_staff):
    empty = draft(world, deputy, body="")
    other = draft(world, deputy, title="另一件")
    client = _as(client, deputy)
    _post(client, f"{URL}/{other.pk}/submit", **{"Idempotency-Key": "used"})
    outsider_client = _as(Client(), district_staff)
    before = snapshot(empty)

    no_body = _post(client, f"{URL}/{empty.pk}/submit")
    reused = _post(client, f"{URL}/{empty.pk}/submit", **{"Idempotency-Key": "used"})
    long_key = _post(
        client, f"{URL}/{empty.pk}/submit", **{"Idempotency-Key": "k" * 101}
    )
    outsider = _post(outsider_client, f"{URL}/{empty.pk}/submit")

    _assert_chinese_error(no_body, 400, code="suggestions.invalid", field="body")
    _assert_chinese_error(reused, 409, code="suggestions.idempotency_key_reused")
    _assert_chinese_error(long_key, 422, field="Idempotency-Key")
    _assert_chinese_error(outsider, 404)
    assert snapshot(empty) == before


# Detail ----------------------------------------------------------------------------


def test_detail_has_assignments_replies_feedback_and_timeline(
    client, world, deputy, committee_staff, unit_staff
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    answer = reply(assignment, unit_staff)
    # Rated within the 20 working days after the reply.
    services.feedback_create(
        reply=answer, rating=Rating.SATISFIED, actor=deputy, now=moment(2025, 3, 12)
    )

    response = _as(client, deputy).get(f"{URL}/{suggestion.pk}")

    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "CLOSED"
    assert data["body"].startswith("东吉大路")
    [unit] = data["assignments"]
    assert unit["unit"] == {"id": world.unit_city.pk, "name": "辽源市住房和城乡建设局"}
    assert (unit["role"], unit["status"], unit["due_at"]) == (
        "LEAD",
        "REPLIED",
        "2025-06-03",
    )
    [answer_out] = data["replies"]
    assert answer_out["outcome"] == "A"
    assert answer_out["on_time"] is True
    assert answer_out["feedback"]["rating"] == "SATISFIED"
    assert answer_out["feedback"]["rating_label"] == "满意"
    assert [event["kind"] for event in data["timeline"]] == [
        "CREATED",
        "SUBMITTED",
        "ACCEPTED",
        "ASSIGNED",
        "REPLIED",
        "ALL_REPLIED",
        "RATED",
        "CLOSED",
    ]
    assert data["timeline"][3]["unit"]["name"] == "辽源市住房和城乡建设局"
    assert data["actions"] == []


def test_deputy_does_not_see_a_joint_units_opinion(
    client, world, deputy, committee_staff, unit_staff
):
    suggestion, assignments = assigned(
        world,
        deputy,
        committee_staff,
        units=[
            (world.unit_xian, AssignmentRole.LEAD),
            (world.unit_city, AssignmentRole.JOINT),
        ],
    )
    joint = next(a for a in assignments if a.role == AssignmentRole.JOINT)
    reply(joint, unit_staff, outcome="")

    as_deputy = _as(client, deputy).get(f"{URL}/{suggestion.pk}").json()
    as_staff = _as(Client(), committee_staff).get(f"{URL}/{suggestion.pk}").json()

    assert as_deputy["replies"] == []
    assert [r["role"] for r in as_staff["replies"]] == ["JOINT"]


@pytest.mark.parametrize("role", ["district_staff", "station_chief", "liaison_officer"])
def test_detail_outside_scope_is_a_404(client, world, deputy, role, request):
    suggestion = submitted(world, deputy)

    response = _as(client, request.getfixturevalue(role)).get(f"{URL}/{suggestion.pk}")

    _assert_chinese_error(response, 404, code="core.not_found")


def test_bad_id_is_a_422(client, world, deputy):
    client = _as(client, deputy)

    for bad in ("abc", "0", str(2**63)):
        response = client.get(f"{URL}/{bad}")
        _assert_chinese_error(response, 422, field="suggestion_id")


# Review ----------------------------------------------------------------------------


def test_staff_accept_a_submitted_suggestion(client, world, deputy, committee_staff):
    suggestion = submitted(world, deputy)

    response = _post(_as(client, committee_staff), f"{URL}/{suggestion.pk}/accept")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ACCEPTED"
    assert "assign" in response.json()["actions"]
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED


def test_accept_refusals(client, world, deputy, committee_staff, leader):
    waiting = submitted(world, deputy)
    done = accepted(world, deputy, committee_staff, title="已立案")
    clients = [_as(Client(), user) for user in (deputy, leader, committee_staff)]
    before = snapshot(waiting), snapshot(done)

    as_deputy = _post(clients[0], f"{URL}/{waiting.pk}/accept")
    as_leader = _post(clients[1], f"{URL}/{waiting.pk}/accept")
    twice = _post(clients[2], f"{URL}/{done.pk}/accept")

    _assert_chinese_error(as_deputy, 403, code="suggestions.forbidden")
    _assert_chinese_error(as_leader, 403, code="suggestions.forbidden")
    _assert_chinese_error(twice, 409, code="suggestions.invalid_state")
    assert "已立案" in twice.json()["message"]
    assert (snapshot(waiting), snapshot(done)) == before


def test_staff_return_for_clarification_and_the_deputy_resubmits(
    client, world, deputy, committee_staff
):
    suggestion = submitted(world, deputy)

    returned = _post(
        _as(client, committee_staff),
        f"{URL}/{suggestion.pk}/return",
        {"reason": "请补充具体路段。"},
    )
    resubmitted = _post(_as(Client(), deputy), f"{URL}/{suggestion.pk}/submit")

    assert returned.status_code == 200
    assert returned.json()["clarification_note"] == "请补充具体路段。"
    # The timeline's note reads as the page's timeline does (describe_event).
    assert returned.json()["timeline"][-1]["note"] == "说明：请补充具体路段。"
    assert resubmitted.json()["status"] == "SUBMITTED"
    assert resubmitted.json()["timeline"][-1]["kind"] == "RESUBMITTED"


def test_staff_reject_with_a_reason_and_the_deputy_still_sees_it(
    client, world, deputy, committee_staff
):
    suggestion = submitted(world, deputy)

    rejected = _post(
        _as(client, committee_staff),
        f"{URL}/{suggestion.pk}/reject",
        {"reason": "属于个人诉求，转来信处理。"},
    )
    seen = _as(Client(), deputy).get(f"{URL}/{suggestion.pk}")

    assert rejected.status_code == 200
    assert seen.json()["status"] == "REJECTED"
    assert seen.json()["reject_reason"] == "属于个人诉求，转来信处理。"


@pytest.mark.parametrize("verb", ["return", "reject"])
def test_a_reason_is_required(client, world, deputy, committee_staff, verb):
    suggestion = submitted(world, deputy)
    client = _as(client, committee_staff)
    before = snapshot(suggestion)

    missing = _post(client, f"{URL}/{suggestion.pk}/{verb}", {})
    blank = _post(client, f"{URL}/{suggestion.pk}/{verb}", {"reason": "  "})
    too_long = _post(client, f"{URL}/{suggestion.pk}/{verb}", {"reason": "长" * 2001})

    _assert_chinese_error(missing, 422, field="payload.reason")
    _assert_chinese_error(blank, 400, code="suggestions.invalid", field="reason")
    _assert_chinese_error(too_long, 422, field="payload.reason")
    assert snapshot(suggestion) == before


def test_malformed_json_is_a_400(client, world, deputy, committee_staff):
    suggestion = submitted(world, deputy)

    response = _as(client, committee_staff).post(
        f"{URL}/{suggestion.pk}/reject", "{reason", content_type="application/json"
    )

    _assert_chinese_error(response, 400, code="core.bad_request")


# Authentication on unsafe requests -------------------------------------------------


def test_session_write_needs_the_csrf_token(world, deputy, committee_staff):
    suggestion = submitted(world, deputy)
    client = Client(enforce_csrf_checks=True)
    client.force_login(committee_staff)
    before = snapshot(suggestion)

    response = client.post(f"{URL}/{suggestion.pk}/accept")

    _assert_chinese_error(response, 403, code="auth.csrf_failed")
    assert snapshot(suggestion) == before


def test_token_write_needs_no_csrf_token(world, deputy, committee_staff):
    suggestion = submitted(world, deputy)
    _token, raw = api_token_create(user=committee_staff, name="同步", actor=None)
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        f"{URL}/{suggestion.pk}/accept", headers={"Authorization": f"Bearer {raw}"}
    )

    assert response.status_code == 200
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED


def test_leaders_see_their_key_items_actions(client, world, deputy, committee_staff):
    leader_user = deputy_user(world.deputy_city_b, "leader_b")
    overseer = committee_member(world, role=MemberRole.DIRECTOR, user=leader_user)
    suggestion = accepted(world, deputy, committee_staff)
    services.suggestion_mark_key(
        suggestion=suggestion, overseer=overseer, actor=committee_staff
    )

    response = _as(client, leader_user).get(URL, {"is_key": "true"})

    assert _ids(response) == [suggestion.pk]

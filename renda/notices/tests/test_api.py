"""/api/v1/notices: the staff's draft to receipts, a recipient's inbox, and bad
input answered with a Chinese message naming the field (400, 409, 422)."""

from __future__ import annotations

import pytest

from ..choices import AnswerForm
from .factories import make_notice

pytestmark = pytest.mark.django_db

API = "/api/v1/notices"


def _post(client, path, body=None):
    return client.post(API + path, body or {}, content_type="application/json")


def _create(client, world, **extra):
    body = {
        "title": "关于参加视察活动的通知",
        "body": "请回复是否参加。",
        "answer_form": "ATTEND",
        "targets": [{"kind": "CONGRESS", "id": world.city_congress.pk}],
    }
    body.update(extra)
    return _post(client, "", body)


def test_staff_draft_publish_and_read_the_receipts(
    client, world, committee_staff, deputy
):
    client.force_login(committee_staff)
    created = _create(
        client,
        world,
        targets=[
            {"kind": "LEVEL", "level": "COUNTY"},
            {"kind": "GROUP", "id": world.group_longshan.pk},
        ],
    )
    assert created.status_code == 201, created.content
    notice_id = created.json()["id"]
    assert created.json()["actions"] == ["edit", "publish"]

    published = _post(client, f"/{notice_id}/publish")
    assert published.status_code == 200
    data = published.json()
    assert data["status"] == "PUBLISHED"
    assert data["counts"]["total"] == 3
    assert data["counts"]["deliverable"] == 1
    assert data["counts"]["undeliverable"] == 2
    assert [o["option"] for o in data["counts"]["options"]] == ["参加", "不参加"]

    receipts = client.get(f"{API}/{notice_id}/receipts?show=undeliverable").json()
    assert sorted(r["name"] for r in receipts["results"]) == ["张贵", "王芳"]
    assert all(not r["deliverable"] for r in receipts["results"])
    unread = client.get(f"{API}/{notice_id}/receipts?show=unread").json()
    assert [(r["name"], r["phone"]) for r in unread["results"]] == [
        ("丁照民", "138****5678")
    ]


def test_a_recipient_reads_and_answers(client, world, committee_staff, deputy):
    notice = make_notice(
        world, committee_staff, answer_form=AnswerForm.ATTEND, publish=True
    )
    client.force_login(deputy)

    inbox = client.get(f"{API}/inbox?unread=true").json()
    assert [row["id"] for row in inbox["results"]] == [notice.pk]
    one = client.get(f"{API}/inbox/{notice.pk}").json()
    assert one["read_at"] is None  # reading the API's GET does not mark it
    assert one["actions"] == ["read", "answer"]

    read = _post(client, f"/inbox/{notice.pk}/read").json()
    again = _post(client, f"/inbox/{notice.pk}/read").json()
    assert read["read_at"] == again["read_at"] is not None

    answered = _post(client, f"/inbox/{notice.pk}/answer", {"answer": "不参加"})
    assert answered.json()["answer"] == "不参加"
    assert client.get(f"{API}/inbox?unread=true").json()["count"] == 0


@pytest.mark.parametrize(
    ("change", "status", "field", "message"),
    [
        ({"title": "  "}, 400, "title", "请填写标题。"),
        ({"body": ""}, 400, "body", "请填写正文。"),
        ({"answer_form": "CUSTOM"}, 400, "answer_options", "请至少填写一个回复选项"),
        (
            {"answer_form": "NONE", "answer_deadline": "2099-01-01T17:00:00+08:00"},
            400,
            "answer_deadline",
            "无需回复的通知不能设置回复截止时间。",
        ),
        ({"targets": [{"kind": "GROUP"}]}, 400, "targets", "请给出通知对象的编号"),
        (
            {"targets": [{"kind": "GROUP", "id": 999999}]},
            400,
            "targets",
            "编号 999999 不存在",
        ),
        ({"targets": [{"kind": "EVERYONE", "id": 1}]}, 422, None, None),
        ({"colour": "red"}, 422, None, None),
        ({"title": "标" * 201}, 422, None, None),
    ],
)
def test_bad_input_names_the_field(
    client, world, committee_staff, change, status, field, message
):
    client.force_login(committee_staff)

    response = _create(client, world, **change)

    assert response.status_code == status, response.content
    data = response.json()
    if field:
        assert data["field"] == field
        assert message in data["message"]
    else:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in data["message"])


def test_targets_outside_the_area_are_refused(client, world, district_staff):
    client.force_login(district_staff)

    response = _create(
        client, world, targets=[{"kind": "GROUP", "id": world.group_longshan.pk}]
    )

    assert response.status_code == 400
    assert response.json()["field"] == "targets"


def test_wrong_states_answer_409(client, world, committee_staff, deputy):
    notice = make_notice(world, committee_staff, publish=True)
    client.force_login(committee_staff)

    assert _post(client, f"/{notice.pk}/publish").status_code == 409
    patch = client.patch(
        f"{API}/{notice.pk}", {"title": "改"}, content_type="application/json"
    )
    assert patch.status_code == 409
    assert patch.json()["message"] == "该通知当前状态为“已发布”，不能修改。"
    assert _post(client, f"/{notice.pk}/remind").json() == {"reminded": 1, "round": 1}
    too_soon = _post(client, f"/{notice.pk}/remind")
    assert too_soon.status_code == 409
    assert too_soon.json()["code"] == "notices.remind_too_soon"
    empty = _post(client, f"/{notice.pk}/withdraw", {"reason": ""})
    assert (empty.status_code, empty.json()["field"]) == (400, "reason")


def test_an_answer_outside_the_options_is_refused(
    client, world, committee_staff, deputy
):
    notice = make_notice(world, committee_staff, publish=True)
    client.force_login(deputy)

    response = _post(client, f"/inbox/{notice.pk}/answer", {"answer": "参加"})

    assert response.status_code == 400
    assert response.json() == {
        "code": "notices.invalid",
        "message": "请选择回复：收到。",
        "field": "answer",
    }

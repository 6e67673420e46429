"""Withdrawing an assignment from the staff's page and from the API (撤回交办).

Both call ``services.assignment_withdraw``; the unit hears of it, the same
roles are refused, and a unit that has answered keeps its assignment (409).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.notifications.models import Notification
from renda.suggestions.choices import AssignmentStatus, SuggestionStatus

from .factories import assigned, reply, snapshot

API = "/api/v1/suggestions/assignments"
REASON = "该事项已由市交通运输局统筹办理。"


@pytest.fixture
def item(world, deputy, committee_staff):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    return suggestion, assignment


def _page(pk: int) -> str:
    return reverse("suggestions:staff_withdraw", args=[pk])


def test_staff_reach_the_confirm_page_from_the_review_page(
    client, committee_staff, item
):
    suggestion, assignment = item
    client.force_login(committee_staff)

    review = client.get(reverse("suggestions:staff_review", args=[suggestion.pk]))
    confirm = client.get(_page(assignment.pk))

    assert _page(assignment.pk) in review.content.decode()
    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert "确认撤回交办" in html
    assert "撤回理由" in html
    assert "取消，不撤回" in html
    # Nothing happens until the staff member confirms.
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ASSIGNED


def test_staff_withdraw_on_the_page_and_the_unit_is_told(
    client, committee_staff, unit_staff, item, django_capture_on_commit_callbacks
):
    suggestion, assignment = item
    client.force_login(committee_staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_page(assignment.pk), {"reason": REASON})

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "suggestions:staff_review", args=[suggestion.pk]
    )
    assignment.refresh_from_db()
    suggestion.refresh_from_db()
    assert assignment.status == AssignmentStatus.WITHDRAWN
    assert assignment.withdraw_reason == REASON
    assert suggestion.status == SuggestionStatus.ACCEPTED
    notice = Notification.objects.get(recipient=unit_staff)
    assert notice.title == f"交办已撤回：{suggestion.title}"
    assert REASON in notice.body


def test_the_page_goes_back_where_it_came_from(client, committee_staff, item):
    suggestion, assignment = item
    client.force_login(committee_staff)
    detail = reverse("suggestions:detail", args=[suggestion.pk])

    response = client.post(_page(assignment.pk), {"reason": REASON, "next": detail})
    outside = client.get(_page(assignment.pk) + "?next=https://example.com/")

    assert response["Location"] == detail
    assert "example.com" not in outside.content.decode()


def test_the_page_asks_for_a_reason(client, committee_staff, item):
    suggestion, assignment = item
    client.force_login(committee_staff)
    before = snapshot(suggestion)

    response = client.post(_page(assignment.pk), {"reason": "  "})

    assert response.status_code == 400
    assert "请填写撤回理由。" in response.content.decode()
    assert snapshot(suggestion) == before


def test_staff_withdraw_through_the_api_and_the_unit_is_told(
    client, committee_staff, unit_staff, item, django_capture_on_commit_callbacks
):
    suggestion, assignment = item
    client.force_login(committee_staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{API}/{assignment.pk}/withdraw",
            {"reason": REASON},
            content_type="application/json",
        )

    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["id"], data["status"]) == (assignment.pk, "WITHDRAWN")
    assert Notification.objects.filter(recipient=unit_staff).count() == 1


def test_the_api_names_the_missing_reason(client, committee_staff, item):
    _suggestion, assignment = item
    client.force_login(committee_staff)

    response = client.post(
        f"{API}/{assignment.pk}/withdraw",
        {"reason": " "},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["field"] == "reason"


@pytest.mark.parametrize(
    ("role", "page", "api"),
    [
        ("unit_staff", 403, 403),
        ("deputy", 403, 403),
        ("leader", 403, 403),
        # Another congress's staff: the item is out of their scope.
        ("district_staff", 404, 404),
    ],
)
def test_others_are_refused(role, page, api, request, client, item):
    suggestion, assignment = item
    client.force_login(request.getfixturevalue(role))
    before = snapshot(suggestion)

    by_page = client.post(_page(assignment.pk), {"reason": REASON})
    by_api = client.post(
        f"{API}/{assignment.pk}/withdraw",
        {"reason": REASON},
        content_type="application/json",
    )

    assert (by_page.status_code, by_api.status_code) == (page, api)
    assert snapshot(suggestion) == before


def test_a_replied_assignment_answers_409(client, committee_staff, unit_staff, item):
    suggestion, assignment = item
    reply(assignment, unit_staff)
    client.force_login(committee_staff)
    before = snapshot(suggestion)

    review = client.get(reverse("suggestions:staff_review", args=[suggestion.pk]))
    by_page = client.post(_page(assignment.pk), {"reason": REASON})
    by_api = client.post(
        f"{API}/{assignment.pk}/withdraw",
        {"reason": REASON},
        content_type="application/json",
    )

    assert _page(assignment.pk) not in review.content.decode()
    assert by_page.status_code == 409
    assert "不能撤回" in by_page.content.decode()
    assert by_api.status_code == 409
    assert by_api.json()["code"] == "suggestions.invalid_state"
    assert snapshot(suggestion) == before

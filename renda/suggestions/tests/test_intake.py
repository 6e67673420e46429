"""Drafts, submission, acceptance, return for clarification and rejection."""

import pytest

from renda.core.errors import (
    ApplicationError,
    Conflict,
    InvalidTransition,
    PermissionDenied,
)
from renda.core.models import ActionLog, IdempotencyKey
from renda.suggestions import services
from renda.suggestions.choices import EventKind, SuggestionStatus
from renda.suggestions.models import Suggestion, SuggestionEvent
from renda.suggestions.selectors import suggestions_visible_to

from .factories import (
    START,
    accepted,
    deputy_user,
    draft,
    event_kinds,
    moment,
    snapshot,
    submitted,
)

# Drafts -----------------------------------------------------------------------


def test_deputy_saves_a_draft_that_only_they_see(world, deputy, committee_staff):
    suggestion = draft(world, deputy, cosigners=[world.deputy_city_b])

    assert suggestion.status == SuggestionStatus.DRAFT
    assert suggestion.submitted_at is None
    assert list(suggestion.cosigners.all()) == [world.deputy_city_b]
    assert event_kinds(suggestion) == [EventKind.CREATED]
    assert ActionLog.objects.filter(
        action="suggestion.created", object_id=str(suggestion.pk)
    ).exists()
    assert suggestions_visible_to(deputy).filter(pk=suggestion.pk).exists()
    assert not suggestions_visible_to(committee_staff).filter(pk=suggestion.pk).exists()


def test_deputy_cannot_draft_in_another_deputys_name(world, deputy):
    with pytest.raises(PermissionDenied):
        draft(world, deputy, lead_deputy=world.deputy_city_b)

    assert not Suggestion.objects.exists()


def test_staff_enter_a_draft_for_a_deputy_and_see_it(world, committee_staff):
    suggestion = draft(world, committee_staff)

    assert suggestion.created_by == committee_staff
    assert suggestions_visible_to(committee_staff).filter(pk=suggestion.pk).exists()


def test_draft_refuses_a_term_of_another_congress(world, deputy):
    other_term = world.xian_congress.terms.get()

    with pytest.raises(ApplicationError) as error:
        draft(world, deputy, term=other_term)

    assert error.value.field == "term"
    assert not Suggestion.objects.exists()


def test_draft_refuses_a_region_outside_the_congress(world, deputy):
    with pytest.raises(ApplicationError) as error:
        draft(world, deputy, region=world.province)

    assert error.value.field == "region"
    assert "吉林省" in error.value.message


def test_draft_refuses_a_cosigner_without_a_seat_in_the_term(world, deputy):
    with pytest.raises(ApplicationError) as error:
        draft(world, deputy, cosigners=[world.deputy_xian])

    assert error.value.field == "cosigners"
    assert error.value.message == "附议代表 王芳 不是本届代表。"
    assert not Suggestion.objects.exists()


def test_draft_refuses_an_empty_title_and_an_unknown_category(world, deputy):
    with pytest.raises(ApplicationError) as empty:
        draft(world, deputy, title="   ")
    with pytest.raises(ApplicationError) as unknown:
        draft(world, deputy, category="天文")

    assert (empty.value.field, empty.value.message) == ("title", "请填写标题。")
    assert unknown.value.field == "category"


def test_lead_deputy_updates_only_the_given_fields(world, deputy):
    suggestion = draft(world, deputy)

    services.suggestion_update_draft(
        suggestion=suggestion, actor=deputy, title="关于东吉大路增设信号灯的建议"
    )

    suggestion.refresh_from_db()
    assert suggestion.title == "关于东吉大路增设信号灯的建议"
    assert suggestion.body.startswith("东吉大路")


def test_another_deputy_cannot_update_a_draft(world, deputy):
    suggestion = draft(world, deputy)
    other = deputy_user(world.deputy_city_b, "deputy_b")
    before = snapshot(suggestion)

    with pytest.raises(PermissionDenied):
        services.suggestion_update_draft(suggestion=suggestion, actor=other, title="改")

    assert snapshot(suggestion) == before
    assert Suggestion.objects.get(pk=suggestion.pk).title != "改"


def test_a_submitted_suggestion_cannot_be_edited(world, deputy):
    suggestion = submitted(world, deputy)
    before = snapshot(suggestion)

    with pytest.raises(InvalidTransition) as error:
        services.suggestion_update_draft(suggestion=suggestion, actor=deputy, body="x")

    assert error.value.message == "该建议当前状态为“已提交”，不能修改。"
    assert snapshot(suggestion) == before


# Submission -------------------------------------------------------------------


def test_submit_sends_the_draft_to_staff(world, deputy, committee_staff):
    suggestion = draft(world, deputy)

    services.suggestion_submit(suggestion=suggestion, actor=deputy, now=START)

    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.SUBMITTED
    assert suggestion.submitted_at == START
    assert event_kinds(suggestion) == [EventKind.CREATED, EventKind.SUBMITTED]
    assert suggestions_visible_to(committee_staff).filter(pk=suggestion.pk).exists()


def test_submit_refuses_an_empty_body(world, deputy):
    suggestion = draft(world, deputy, body="")
    before = snapshot(suggestion)

    with pytest.raises(ApplicationError) as error:
        services.suggestion_submit(suggestion=suggestion, actor=deputy)

    assert (error.value.field, error.value.message) == (
        "body",
        "请填写建议内容后再提交。",
    )
    assert snapshot(suggestion) == before


def test_another_deputy_cannot_submit(world, deputy):
    suggestion = draft(world, deputy)
    other = deputy_user(world.deputy_city_b, "deputy_b")
    before = snapshot(suggestion)

    with pytest.raises(PermissionDenied):
        services.suggestion_submit(suggestion=suggestion, actor=other)

    assert snapshot(suggestion) == before


def test_submitting_twice_is_an_invalid_transition(world, deputy):
    suggestion = submitted(world, deputy)
    before = snapshot(suggestion)

    with pytest.raises(InvalidTransition):
        services.suggestion_submit(suggestion=suggestion, actor=deputy)

    assert snapshot(suggestion) == before


def test_a_retried_submit_with_the_same_key_returns_the_first_result(world, deputy):
    suggestion = draft(world, deputy)

    first = services.suggestion_submit(
        suggestion=suggestion, actor=deputy, idempotency_key="k-1", now=START
    )
    retry = services.suggestion_submit(
        suggestion=suggestion, actor=deputy, idempotency_key="k-1"
    )

    assert retry.pk == first.pk
    assert retry.status == SuggestionStatus.SUBMITTED
    assert event_kinds(suggestion).count(EventKind.SUBMITTED) == 1
    assert IdempotencyKey.objects.count() == 1


def test_a_submit_key_reused_for_another_suggestion_is_a_conflict(world, deputy):
    first = draft(world, deputy)
    second = draft(world, deputy, title="关于增设社区卫生服务站的建议")
    services.suggestion_submit(suggestion=first, actor=deputy, idempotency_key="k-1")
    before = snapshot(second)

    with pytest.raises(Conflict) as error:
        services.suggestion_submit(
            suggestion=second, actor=deputy, idempotency_key="k-1"
        )

    assert error.value.code == "suggestions.idempotency_key_reused"
    assert snapshot(second) == before


# Review -----------------------------------------------------------------------


def test_staff_accept_a_submitted_suggestion(world, deputy, committee_staff):
    suggestion = submitted(world, deputy)
    when = moment(2025, 3, 4)

    services.suggestion_accept(suggestion=suggestion, actor=committee_staff, now=when)

    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert suggestion.accepted_at == when
    event = SuggestionEvent.objects.filter(suggestion=suggestion).last()
    assert (event.kind, event.actor, event.at) == (
        EventKind.ACCEPTED,
        committee_staff,
        when,
    )


@pytest.mark.parametrize("who", ["district_staff", "unit_staff", "leader", "deputy"])
def test_only_the_congress_staff_accept(world, deputy, request, who):
    suggestion = submitted(world, deputy)
    before = snapshot(suggestion)

    with pytest.raises(PermissionDenied):
        services.suggestion_accept(
            suggestion=suggestion, actor=request.getfixturevalue(who)
        )

    assert snapshot(suggestion) == before


def test_a_draft_cannot_be_accepted(world, deputy, committee_staff):
    suggestion = draft(world, deputy)
    before = snapshot(suggestion)

    with pytest.raises(InvalidTransition) as error:
        services.suggestion_accept(suggestion=suggestion, actor=committee_staff)

    assert error.value.message == "该建议当前状态为“草稿”，不能立案。"
    assert snapshot(suggestion) == before


def test_returned_for_clarification_the_deputy_edits_and_resubmits(
    world, deputy, committee_staff
):
    suggestion = submitted(world, deputy, now=START)

    services.suggestion_return_for_clarification(
        suggestion=suggestion,
        reason="请写明具体路段。",
        actor=committee_staff,
        now=moment(2025, 3, 4),
    )
    services.suggestion_update_draft(
        suggestion=suggestion, actor=deputy, body="东吉大路人民大街至向阳路段拥堵。"
    )
    services.suggestion_submit(
        suggestion=suggestion, actor=deputy, now=moment(2025, 3, 5)
    )

    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.SUBMITTED
    assert suggestion.clarification_note == "请写明具体路段。"
    assert suggestion.submitted_at == START
    assert event_kinds(suggestion)[-2:] == [
        EventKind.RETURNED_FOR_CLARIFICATION,
        EventKind.RESUBMITTED,
    ]


def test_return_for_clarification_needs_a_reason(world, deputy, committee_staff):
    suggestion = submitted(world, deputy)
    before = snapshot(suggestion)

    with pytest.raises(ApplicationError) as error:
        services.suggestion_return_for_clarification(
            suggestion=suggestion, reason=" ", actor=committee_staff
        )

    assert error.value.field == "reason"
    assert snapshot(suggestion) == before


def test_rejected_suggestion_keeps_its_reason_and_stays_with_the_deputy(
    world, deputy, committee_staff
):
    suggestion = submitted(world, deputy)

    services.suggestion_reject(
        suggestion=suggestion,
        reason="属于个人诉求，转来信办理。",
        actor=committee_staff,
    )

    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED
    assert suggestion.reject_reason == "属于个人诉求，转来信办理。"
    assert event_kinds(suggestion)[-1] == EventKind.REJECTED
    assert suggestions_visible_to(deputy).filter(pk=suggestion.pk).exists()


def test_reject_without_reason_changes_nothing(world, deputy, committee_staff):
    suggestion = submitted(world, deputy)
    before = snapshot(suggestion)

    with pytest.raises(ApplicationError) as error:
        services.suggestion_reject(
            suggestion=suggestion, reason="", actor=committee_staff
        )

    assert (error.value.field, error.value.message) == (
        "reason",
        "请填写不予立案的理由。",
    )
    assert snapshot(suggestion) == before


def test_an_accepted_suggestion_cannot_be_rejected(world, deputy, committee_staff):
    suggestion = accepted(world, deputy, committee_staff)
    before = snapshot(suggestion)

    with pytest.raises(InvalidTransition):
        services.suggestion_reject(
            suggestion=suggestion, reason="重复", actor=committee_staff
        )

    assert snapshot(suggestion) == before


def test_unit_staff_cannot_reject(world, deputy, unit_staff):
    suggestion = submitted(world, deputy)
    before = snapshot(suggestion)

    with pytest.raises(PermissionDenied):
        services.suggestion_reject(
            suggestion=suggestion, reason="重复", actor=unit_staff
        )

    assert snapshot(suggestion) == before

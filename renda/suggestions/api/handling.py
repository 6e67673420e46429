"""The handling of an assigned suggestion: the unit's reply, return and
extension request, staff's withdrawal and extension decision, the deputy's
rating.
"""

from django.utils import timezone

from .. import rules, services
from ..models import Assignment, Reply
from ..selectors import (
    get_assignment_for_user,
    get_extension_for_user,
    get_reply_for_user,
    with_assignment_overdue,
)
from .common import (
    WRITE_ERRORS,
    AssignmentId,
    ExtensionId,
    IdempotencyKeyHeader,
    ReplyId,
    router,
)
from .schemas import (
    AssignmentOut,
    ExtensionDecideIn,
    ExtensionOut,
    ExtensionRequestIn,
    FeedbackIn,
    FeedbackOut,
    ReasonIn,
    ReplyIn,
    ReplyOut,
)

# Assignments (unit staff) ---------------------------------------------------------


def _assignment_out(pk: int) -> Assignment:
    return (
        with_assignment_overdue(
            Assignment.objects.filter(pk=pk), today=timezone.localdate()
        )
        .select_related("handling_unit")
        .prefetch_related("extension_requests")
        .get()
    )


@router.post(
    "/assignments/{assignment_id}/reply",
    response={200: ReplyOut, **WRITE_ERRORS},
    summary="承办单位答复",
    description=(
        "承办单位工作人员答复交办事项：答复内容、答复分类（主办、分办必填 A/B/C）、"
        "签发人、是否先见面后答复。带 Idempotency-Key 头的重试返回第一次的答复，不会重复答复。"
        "所有主办、分办单位都答复后，建议进入满意度测评。"
    ),
)
def assignment_reply(
    request,
    payload: ReplyIn,
    assignment_id: int = AssignmentId,
    idempotency_key: str | None = IdempotencyKeyHeader,
):
    assignment = get_assignment_for_user(request.auth, assignment_id)
    reply = services.reply_create(
        assignment=assignment,
        text=payload.text,
        outcome=payload.outcome.value if payload.outcome else "",
        signed_by=payload.signed_by,
        met_deputy_first=payload.met_deputy_first,
        actor=request.auth,
        idempotency_key=idempotency_key or None,
    )
    return Reply.objects.select_related("assignment__handling_unit", "feedback").get(
        pk=reply.pk
    )


@router.post(
    "/assignments/{assignment_id}/return",
    response={200: AssignmentOut, **WRITE_ERRORS},
    summary="承办单位退回交办",
    description=(
        f"交办不属于本单位职责时，在{rules.describe_return_window()}说明理由退回；"
        "超过期限 409。退回期间不计办理时间。"
    ),
)
def assignment_return(request, payload: ReasonIn, assignment_id: int = AssignmentId):
    assignment = get_assignment_for_user(request.auth, assignment_id)
    services.assignment_return(
        assignment=assignment, reason=payload.reason, actor=request.auth
    )
    return _assignment_out(assignment.pk)


@router.post(
    "/assignments/{assignment_id}/withdraw",
    response={200: AssignmentOut, **WRITE_ERRORS},
    summary="工作机构撤回交办",
    description=(
        "本级人大常委会工作机构从尚未答复（办理中或重新办理）的承办单位撤回交办，"
        "须写明理由；承办单位会收到通知，其待审批的延期申请不再审批。"
        "已答复、已退回或已撤回的交办 409。没有主办、分办单位时建议回到“已立案”，重新交办。"
    ),
)
def assignment_withdraw(request, payload: ReasonIn, assignment_id: int = AssignmentId):
    assignment = get_assignment_for_user(request.auth, assignment_id)
    services.assignment_withdraw(
        assignment=assignment, reason=payload.reason, actor=request.auth
    )
    return _assignment_out(assignment.pk)


@router.post(
    "/assignments/{assignment_id}/extension",
    response={200: ExtensionOut, **WRITE_ERRORS},
    summary="承办单位申请延期",
    description=(
        f"代表建议渠道的交办事项可申请{rules.describe_extension_limit()}，由工作机构审批；"
        "《代表之声》和直通车事项不能延期（409）。"
    ),
)
def assignment_extension(
    request, payload: ExtensionRequestIn, assignment_id: int = AssignmentId
):
    assignment = get_assignment_for_user(request.auth, assignment_id)
    return services.extension_request(
        assignment=assignment,
        months=payload.months,
        reason=payload.reason,
        actor=request.auth,
    )


@router.post(
    "/extensions/{extension_id}/decide",
    response={200: ExtensionOut, **WRITE_ERRORS},
    summary="审批延期申请",
    description="工作机构批准（期限顺延）或不批准（须写明意见）承办单位的延期申请。",
)
def extension_decide(
    request, payload: ExtensionDecideIn, extension_id: int = ExtensionId
):
    extension = get_extension_for_user(request.auth, extension_id)
    return services.extension_decide(
        extension=extension,
        approve=payload.approve,
        note=payload.note,
        actor=request.auth,
    )


@router.post(
    "/replies/{reply_id}/feedback",
    response={200: FeedbackOut, **WRITE_ERRORS},
    summary="代表测评答复",
    description=(
        "领衔代表测评主办、分办单位的最新答复：满意、基本满意、不满意（须写明理由，"
        "该单位重新办理）。全部满意或基本满意后建议办结。"
    ),
)
def reply_feedback(request, payload: FeedbackIn, reply_id: int = ReplyId):
    reply = get_reply_for_user(request.auth, reply_id)
    return services.feedback_create(
        reply=reply,
        rating=payload.rating.value,
        reason=payload.reason,
        actor=request.auth,
    )

"""/api/v1/notices: the staff's notices (list, detail, draft, publish, withdraw,
remind, receipts) and a recipient's inbox (list, one notice, read, answer).

Lists are scoped to the user and paginated; writes go through the services.
A notice outside the user's scope answers 404; a rule broken 400 or 409.
Attachments are uploaded and downloaded on the pages (multipart), listed here.
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from ninja import Path, Query, Router, Status
from ninja.pagination import paginate

from renda.accounts.models import User
from renda.congresses.models import Congress, Delegation
from renda.core.api import (
    DETAIL_ERRORS,
    MAX_ID,
    READ_ERRORS,
    ErrorOut,
    InvalidParameter,
    PagePagination,
)
from renda.deputies.models import Deputy, DeputyGroup
from renda.stations.models import LiaisonStation

from . import services
from .choices import AnswerForm, TargetKind
from .permissions import can_manage_notices, can_open_inbox
from .schemas import (
    InboxItemOut,
    InboxQuery,
    NoticeAnswerIn,
    NoticeDetailOut,
    NoticeIn,
    NoticeOut,
    NoticePatch,
    NoticeQuery,
    ReceiptOut,
    ReceiptQuery,
    ReceivedOut,
    RemindOut,
    WithdrawIn,
)
from .selectors import (
    InboxFilters,
    NoticeFilters,
    ReceiptFilters,
    congresses_managed_by,
    get_notice_for_user,
    notice_detail,
    notice_inbox,
    notice_list,
    receipt_list,
    receipt_phone,
    received_detail,
)
from .targets import TargetChoice

router = Router()

CREATE_ERRORS = {**READ_ERRORS, 400: ErrorOut, 409: ErrorOut}
WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}
NoticeId = Path(..., ge=1, le=MAX_ID, description="通知编号")

TARGET_MODELS = {
    TargetKind.CONGRESS: Congress,
    TargetKind.DELEGATION: Delegation,
    TargetKind.GROUP: DeputyGroup,
    TargetKind.STATION: LiaisonStation,
    TargetKind.DEPUTY: Deputy,
    TargetKind.USER: User,
}


def _require_staff(user) -> None:
    if not can_manage_notices(user):
        raise PermissionDenied("您无权管理通知公告。")


def _targets(items) -> list[TargetChoice]:
    """Turn the body's targets into choices; the service checks their area."""
    wanted: dict[str, set[int]] = {}
    for item in items:
        if str(item.kind) == TargetKind.LEVEL:
            if item.level is None:
                raise services.invalid("按级别选择时请给出级别（level）。", "targets")
        elif item.id is None:
            raise services.invalid("请给出通知对象的编号（id）。", "targets")
        else:
            wanted.setdefault(str(item.kind), set()).add(item.id)
    found = {
        kind: TARGET_MODELS[kind].objects.in_bulk(list(ids))
        for kind, ids in wanted.items()
    }
    chosen = []
    for item in items:
        kind = str(item.kind)
        if kind == TargetKind.LEVEL:
            chosen.append(TargetChoice(kind, level=str(item.level)))
            continue
        obj = found[kind].get(item.id)
        if obj is None:
            raise services.invalid(
                f"通知对象（{TargetKind(kind).label}）编号 {item.id} 不存在。",
                "targets",
            )
        chosen.append(TargetChoice(kind, obj))
    return chosen


def _detail_out(user, pk: int) -> dict:
    detail = notice_detail(user, pk)
    notice = detail.notice
    counts = detail.counts
    return {
        **{
            name: getattr(notice, name)
            for name in NoticeOut.model_fields
            if hasattr(notice, name)
        },
        "congress_id": notice.congress_id,
        "receipt_total": counts.total if counts else 0,
        "receipt_read": counts.read if counts else 0,
        "receipt_undeliverable": counts.undeliverable if counts else 0,
        "body": notice.body,
        "targets": [{"kind": t.kind, "label": t.label} for t in detail.targets],
        "attachments": [_attachment(a) for a in detail.attachments],
        "counts": counts.__dict__ | {"options": [o.__dict__ for o in counts.options]}
        if counts
        else None,
        "unread_names": detail.unread_names,
        "events": [e.__dict__ for e in detail.events],
        "actions": detail.actions,
        "remind_blocked": detail.remind_blocked,
    }


def _attachment(attachment) -> dict:
    return {
        "id": attachment.pk,
        "original_name": attachment.original_name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "url": reverse("notices:attachment", args=[attachment.pk]),
    }


# Recipients ------------------------------------------------------------------------


def _inbox_item(receipt) -> dict:
    notice = receipt.notice
    return {
        "id": notice.pk,
        "title": notice.title,
        "category": notice.category,
        "congress_name": notice.congress.name,
        "status": notice.status,
        "published_at": notice.published_at,
        "asks_answer": notice.asks_answer,
        "answer_options": notice.answer_options,
        "answer_deadline": notice.answer_deadline,
        "read_at": receipt.read_at,
        "answer": receipt.answer,
        "answered_at": receipt.answered_at,
    }


def _received_out(user, pk: int) -> dict:
    detail = received_detail(user, pk)
    return {
        **_inbox_item(detail.receipt),
        "body": detail.notice.body,
        "withdraw_reason": detail.notice.withdraw_reason,
        "attachments": [_attachment(a) for a in detail.attachments],
        "actions": detail.actions,
    }


@router.get(
    "/inbox",
    response={200: list[InboxItemOut], **READ_ERRORS},
    summary="我收到的通知",
    description=(
        "发给您的通知，最新的在前；unread=true 只列出未读的（与工作台的未读数一致），"
        "unread_first=true 未读的排在前面。已撤回的通知仍列出，状态为 WITHDRAWN。"
    ),
)
@paginate(PagePagination)
def inbox(request, filters: Query[InboxQuery]):
    if not can_open_inbox(request.auth):
        raise PermissionDenied("请先登录。")
    receipts = notice_inbox(request.auth, InboxFilters(**filters.dict()))
    return _Mapped(receipts, _inbox_item)


@router.get(
    "/inbox/{notice_id}",
    response={200: ReceivedOut, **DETAIL_ERRORS},
    summary="我收到的一条通知",
    description="发给您的一条通知及您的回执；不是发给您的 404。读取不会标为已读，请调用 read。",
)
def inbox_get(request, notice_id: int = NoticeId):
    return _received_out(request.auth, notice_id)


@router.post(
    "/inbox/{notice_id}/read",
    response={200: ReceivedOut, **WRITE_ERRORS},
    summary="标为已读",
    description="把发给您的通知标为已读；重复调用不改变首次阅读时间。已撤回的通知 409。",
)
def inbox_read(request, notice_id: int = NoticeId):
    detail = received_detail(request.auth, notice_id)
    services.receipt_mark_read(notice=detail.notice, user=request.auth)
    return _received_out(request.auth, notice_id)


@router.post(
    "/inbox/{notice_id}/answer",
    response={200: ReceivedOut, **WRITE_ERRORS},
    summary="回复通知",
    description=(
        "选择通知给出的回复选项之一（如“收到”“参加”“不参加”）；截止前可以修改，"
        "截止后 409；无需回复的通知或不在选项内的回复 400。"
    ),
)
def inbox_answer(request, payload: NoticeAnswerIn, notice_id: int = NoticeId):
    detail = received_detail(request.auth, notice_id)
    services.receipt_answer(
        notice=detail.notice, user=request.auth, answer=payload.answer
    )
    return _received_out(request.auth, notice_id)


# Staff -------------------------------------------------------------------------------


@router.get(
    "",
    response={200: list[NoticeOut], **READ_ERRORS},
    summary="通知列表（工作人员）",
    description="您所在人大常委会的通知，含草稿，附已读人数；其他角色 403。",
)
@paginate(PagePagination)
def notice_list_api(request, filters: Query[NoticeQuery]):
    _require_staff(request.auth)
    return notice_list(
        request.auth,
        NoticeFilters(
            status=str(filters.status) if filters.status else "", q=filters.q.strip()
        ),
    )


@router.post(
    "",
    response={201: NoticeDetailOut, **CREATE_ERRORS},
    summary="起草通知",
    description=(
        "起草一条通知（草稿）：标题、正文、回复方式（NONE 无需回复、RECEIVED 收到、"
        "ATTEND 参加/不参加、CUSTOM 自定义选项）、回复截止时间和通知对象。"
        "通知对象须在本人大区域内，否则 400。"
    ),
)
def notice_create_api(request, payload: NoticeIn):
    user = request.auth
    _require_staff(user)
    managed = congresses_managed_by(user)
    if payload.congress is not None:
        congress = managed.select_related("region").filter(pk=payload.congress).first()
        if congress is None:
            raise InvalidParameter(
                "该人大不存在或不在您的工作范围内。", field="congress"
            )
    else:
        congresses = list(managed.select_related("region")[:2])
        if len(congresses) != 1:
            raise services.invalid("请指定发布通知的人大（congress）。", "congress")
        congress = congresses[0]
    notice = services.notice_create(
        congress=congress,
        title=payload.title,
        body=payload.body,
        category=payload.category,
        answer_form=str(payload.answer_form),
        answer_options=payload.answer_options,
        answer_deadline=payload.answer_deadline,
        targets=_targets(payload.targets),
        actor=user,
    )
    return Status(201, _detail_out(user, notice.pk))


@router.get(
    "/{notice_id}",
    response={200: NoticeDetailOut, **DETAIL_ERRORS},
    summary="通知详情（工作人员）",
    description="一条通知、回执统计（已读、未读、各选项人数、无账号）、记录和您现在可以做的操作。",
)
def notice_get_api(request, notice_id: int = NoticeId):
    _require_staff(request.auth)
    return _detail_out(request.auth, notice_id)


@router.patch(
    "/{notice_id}",
    response={200: NoticeDetailOut, **WRITE_ERRORS},
    summary="修改草稿",
    description="修改草稿的字段（未给出的不变）；targets 给出时整体替换。已发布的 409。",
)
def notice_update_api(request, payload: NoticePatch, notice_id: int = NoticeId):
    user = request.auth
    _require_staff(user)
    notice = get_notice_for_user(user, notice_id)
    given = payload.model_dump(exclude_unset=True)
    answer_form = given.get("answer_form", notice.answer_form)
    options = given.get("answer_options")
    if options is None:
        options = notice.answer_options if answer_form == AnswerForm.CUSTOM else []
    services.notice_update(
        notice=notice,
        title=given.get("title", notice.title),
        body=given.get("body", notice.body),
        category=given.get("category", notice.category),
        answer_form=str(answer_form),
        answer_options=options,
        answer_deadline=given.get("answer_deadline", notice.answer_deadline),
        targets=_targets(payload.targets) if payload.targets is not None else None,
        actor=user,
    )
    return _detail_out(user, notice.pk)


@router.post(
    "/{notice_id}/publish",
    response={200: NoticeDetailOut, **WRITE_ERRORS},
    summary="发布通知",
    description=(
        "发布草稿：通知对象解析为具体接收人并生成回执（此后不再变化），有账号的人收到消息；"
        "没有账号的代表列为“无账号，无法送达”。已发布的 409，没有通知对象 400。"
    ),
)
def notice_publish_api(request, notice_id: int = NoticeId):
    _require_staff(request.auth)
    notice = get_notice_for_user(request.auth, notice_id)
    services.notice_publish(notice=notice, actor=request.auth)
    return _detail_out(request.auth, notice.pk)


@router.post(
    "/{notice_id}/withdraw",
    response={200: NoticeDetailOut, **WRITE_ERRORS},
    summary="撤回通知",
    description="撤回已发布的通知，须写明理由；接收人看到撤回理由。未发布或已撤回的 409。",
)
def notice_withdraw_api(request, payload: WithdrawIn, notice_id: int = NoticeId):
    _require_staff(request.auth)
    notice = get_notice_for_user(request.auth, notice_id)
    services.notice_withdraw(notice=notice, reason=payload.reason, actor=request.auth)
    return _detail_out(request.auth, notice.pk)


@router.post(
    "/{notice_id}/remind",
    response={200: RemindOut, **WRITE_ERRORS},
    summary="一键提醒",
    description=(
        "提醒所有未读（要求回复的：未读或未回复）且有账号的接收人；"
        "同一通知每小时最多提醒一次（可配置），太快或无人需要提醒时 409。"
    ),
)
def notice_remind_api(request, notice_id: int = NoticeId):
    _require_staff(request.auth)
    notice = get_notice_for_user(request.auth, notice_id)
    reminded = services.notice_remind(notice=notice, actor=request.auth)
    notice.refresh_from_db(fields=["remind_rounds"])
    return {"reminded": reminded, "round": notice.remind_rounds}


@router.get(
    "/{notice_id}/receipts",
    response={200: list[ReceiptOut], **DETAIL_ERRORS},
    summary="回执列表",
    description=(
        "一条已发布通知的接收人，按姓氏笔画排序；可按未读、已读、未回复、已回复、"
        "无账号和回复选项筛选。手机号码脱敏。"
    ),
)
@paginate(PagePagination)
def receipt_list_api(request, filters: Query[ReceiptQuery], notice_id: int = NoticeId):
    _require_staff(request.auth)
    notice = get_notice_for_user(request.auth, notice_id)
    receipts = receipt_list(
        request.auth,
        notice,
        ReceiptFilters(
            show=str(filters.show) if filters.show else "",
            answer=filters.answer.strip(),
        ),
    )
    return _Mapped(receipts, _with_phone)


class _Mapped:
    """A queryset as the paginator slices it, each row of the page turned by ``turn``
    (one query for the page, one for the count)."""

    def __init__(self, queryset, turn):
        self.queryset = queryset
        self.turn = turn

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, key):
        return [self.turn(row) for row in self.queryset[key]]


def _with_phone(receipt):
    receipt.phone = receipt_phone(receipt)
    return receipt

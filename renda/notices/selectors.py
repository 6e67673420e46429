"""Reads of notices: the staff's list and detail with its receipts, a
recipient's inbox and one received notice, the workbench's unread count.

Every read goes through the user's scope; an id outside it answers 404 without
saying whether the notice exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, When
from django.http import Http404
from django.utils import timezone

from renda.accounts.permissions import get_scope
from renda.congresses.models import Congress
from renda.core.masking import mask_phone

from . import rules
from .choices import NoticeStatus, ReceiptFilter
from .events import describe_event
from .models import Notice, NoticeAttachment, NoticeReceipt
from .permissions import can_manage_notice, can_manage_notices
from .services import pending_receipts_q


def _query_text(value, limit: int) -> str:
    """Free text from a query string: printable only (PostgreSQL refuses NUL), bounded."""
    text = "".join(ch for ch in str(value or "") if ch.isprintable())
    return text.strip()[:limit]


# Names of unread recipients shown on the detail before "查看全部".
UNREAD_NAMES_SHOWN = 30


def congresses_managed_by(user) -> QuerySet[Congress]:
    """Return the congresses whose notices the user writes."""
    scope = get_scope(user)
    if scope.is_admin:
        return Congress.objects.all()
    return Congress.objects.filter(pk__in=scope.staff_congress_ids)


def notices_visible_to(user) -> QuerySet[Notice]:
    """Return the notices the user manages (staff of the congress, administrators)."""
    scope = get_scope(user)
    if scope.is_admin:
        return Notice.objects.all()
    if not scope.staff_congress_ids:
        return Notice.objects.none()
    return Notice.objects.filter(congress_id__in=scope.staff_congress_ids)


def get_notice_for_user(user, pk) -> Notice:
    """Return one notice the user manages, or raise 404."""
    try:
        return notices_visible_to(user).select_related("congress__region").get(pk=pk)
    except (Notice.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


@dataclass(frozen=True)
class NoticeFilters:
    """The filters of the staff's list, shared by the page and the API."""

    status: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, data) -> NoticeFilters:
        status = data.get("status") or ""
        return cls(
            status=status if status in NoticeStatus.values else "",
            q=_query_text(data.get("q"), 100),
        )


def _with_counts(queryset: QuerySet[Notice]) -> QuerySet[Notice]:
    return queryset.annotate(
        receipt_total=Count("receipts", distinct=True),
        receipt_read=Count(
            "receipts", filter=Q(receipts__read_at__isnull=False), distinct=True
        ),
        receipt_undeliverable=Count(
            "receipts", filter=Q(receipts__user__isnull=True), distinct=True
        ),
    )


def notice_list(user, filters: NoticeFilters) -> QuerySet[Notice]:
    """Return the notices the user manages, drafts first, then newest published."""
    queryset = notices_visible_to(user)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.q:
        queryset = queryset.filter(
            Q(title__icontains=filters.q) | Q(category__icontains=filters.q)
        )
    return _with_counts(queryset.select_related("congress")).order_by(
        F("published_at").desc(nulls_first=True), "-created_at", "-id"
    )


@dataclass
class OptionCount:
    option: str
    count: int


@dataclass
class ReceiptCounts:
    total: int = 0
    deliverable: int = 0
    read: int = 0
    unread: int = 0
    undeliverable: int = 0
    answered: int = 0
    unanswered: int = 0
    options: list[OptionCount] = field(default_factory=list)


def receipt_counts(notice: Notice) -> ReceiptCounts:
    """Count a notice's receipts: read, unread, undeliverable, answers per option."""
    totals = notice.receipts.aggregate(
        total=Count("id"),
        deliverable=Count("id", filter=Q(user__isnull=False)),
        read=Count("id", filter=Q(read_at__isnull=False)),
        answered=Count("id", filter=~Q(answer="")),
    )
    per_option = dict(
        notice.receipts.exclude(answer="")
        .values_list("answer")
        .annotate(n=Count("id"))
        .values_list("answer", "n")
    )
    return ReceiptCounts(
        total=totals["total"],
        deliverable=totals["deliverable"],
        read=totals["read"],
        unread=totals["deliverable"] - totals["read"],
        undeliverable=totals["total"] - totals["deliverable"],
        answered=totals["answered"],
        unanswered=(totals["deliverable"] - totals["answered"])
        if notice.asks_answer
        else 0,
        options=[
            OptionCount(option, per_option.get(option, 0))
            for option in notice.answer_options
        ],
    )


@dataclass
class NoticeDetail:
    notice: Notice
    targets: list
    attachments: list
    counts: ReceiptCounts | None
    unread_names: list[str]
    events: list
    actions: list[str]
    remind_blocked: str = ""
    pending: int = 0


def _staff_actions(user, notice: Notice, now) -> tuple[list[str], str, int]:
    actions: list[str] = []
    if not can_manage_notice(user, notice):
        return actions, "", 0
    if notice.status == NoticeStatus.DRAFT:
        actions += ["edit", "publish"]
        return actions, "", 0
    if notice.status != NoticeStatus.PUBLISHED:
        return actions, "", 0
    actions.append("withdraw")
    pending = notice.receipts.filter(pending_receipts_q(notice)).count()
    blocked = ""
    if not pending:
        blocked = "所有能收到通知的人都已阅读" + (
            "并回复" if notice.asks_answer else ""
        )
    elif not rules.may_remind_at(notice.last_reminded_at, now):
        next_at = timezone.localtime(notice.last_reminded_at + rules.remind_interval())
        blocked = f"已于 {timezone.localtime(notice.last_reminded_at):%H:%M} 提醒，{next_at:%H:%M} 后可再次提醒"
    else:
        actions.append("remind")
    return actions, blocked, pending


def notice_detail(user, pk, *, now: dt.datetime | None = None) -> NoticeDetail:
    """Return what the staff's page of one notice shows, with the actions allowed now."""
    now = now or timezone.now()
    notice = get_notice_for_user(user, pk)
    actions, blocked, pending = _staff_actions(user, notice, now)
    counts = None
    unread_names: list[str] = []
    if notice.status != NoticeStatus.DRAFT:
        counts = receipt_counts(notice)
        unread_names = list(
            notice.receipts.filter(user__isnull=False, read_at__isnull=True)
            .order_by("stroke_key", "id")
            .values_list("name", flat=True)[:UNREAD_NAMES_SHOWN]
        )
    return NoticeDetail(
        notice=notice,
        targets=list(notice.targets.all()),
        attachments=list(notice.attachments.all()),
        counts=counts,
        unread_names=unread_names,
        events=[
            describe_event(event)
            for event in notice.events.select_related("actor").order_by("at", "id")
        ],
        actions=actions,
        remind_blocked=blocked,
        pending=pending,
    )


@dataclass(frozen=True)
class ReceiptFilters:
    """The filters of a notice's receipts table (page and API)."""

    show: str = ""
    answer: str = ""

    @classmethod
    def from_query(cls, data) -> ReceiptFilters:
        show = data.get("show") or ""
        return cls(
            show=show if show in ReceiptFilter.values else "",
            answer=_query_text(data.get("answer"), 20),
        )


def receipt_list(user, notice: Notice, filters: ReceiptFilters) -> QuerySet:
    """Return a notice's receipts, filtered, in stroke order (按姓氏笔画)."""
    if not can_manage_notice(user, notice):
        raise Http404
    queryset = notice.receipts.select_related("deputy", "user")
    show = filters.show
    if show == ReceiptFilter.UNREAD:
        queryset = queryset.filter(user__isnull=False, read_at__isnull=True)
    elif show == ReceiptFilter.READ:
        queryset = queryset.filter(read_at__isnull=False)
    elif show == ReceiptFilter.UNANSWERED:
        queryset = queryset.filter(user__isnull=False, answer="")
    elif show == ReceiptFilter.ANSWERED:
        queryset = queryset.exclude(answer="")
    elif show == ReceiptFilter.UNDELIVERABLE:
        queryset = queryset.filter(user__isnull=True)
    if filters.answer:
        queryset = queryset.filter(answer=filters.answer)
    return queryset.order_by("stroke_key", "id")


def receipt_phone(receipt: NoticeReceipt) -> str:
    """The recipient's phone, always masked in receipts lists."""
    if receipt.deputy_id and receipt.deputy.phone:
        return mask_phone(receipt.deputy.phone)
    if receipt.user_id:
        return mask_phone(receipt.user.phone)
    return ""


# Recipients ----------------------------------------------------------------------


@dataclass(frozen=True)
class InboxFilters:
    """The filters of a recipient's inbox (page, API and the workbench tile)."""

    unread: bool = False
    unread_first: bool = False

    @classmethod
    def from_query(cls, data) -> InboxFilters:
        def flag(name):
            return (data.get(name) or "") in ("1", "true", "on", "yes")

        return cls(unread=flag("unread"), unread_first=flag("unread_first"))


def notice_inbox(user, filters: InboxFilters | None = None) -> QuerySet[NoticeReceipt]:
    """Return the user's received notices (their receipts), newest first.

    ``unread``: only published notices not yet read (what the workbench counts);
    ``unread_first``: unread ones on top. Withdrawn notices stay listed, marked.
    """
    filters = filters or InboxFilters()
    if not get_scope(user).is_authenticated:
        return NoticeReceipt.objects.none()
    queryset = NoticeReceipt.objects.filter(
        user=user, notice__status__in=[NoticeStatus.PUBLISHED, NoticeStatus.WITHDRAWN]
    ).select_related("notice", "notice__congress")
    if filters.unread:
        queryset = queryset.filter(
            read_at__isnull=True, notice__status=NoticeStatus.PUBLISHED
        )
    order = ["-notice__published_at", "-notice_id"]
    if filters.unread_first:
        queryset = queryset.annotate(
            unread_rank=Case(
                When(
                    read_at__isnull=True, notice__status=NoticeStatus.PUBLISHED, then=1
                ),
                default=0,
                output_field=IntegerField(),
            )
        )
        order = ["-unread_rank", *order]
    return queryset.order_by(*order)


def notice_unread_count(user) -> int:
    """Return how many published notices the user has not read (the inbox's
    ``unread`` list's length)."""
    return notice_inbox(user, InboxFilters(unread=True)).count()


def get_receipt_for_user(user, pk) -> NoticeReceipt:
    """Return the user's receipt of a published (or withdrawn) notice, or raise 404."""
    try:
        return (
            NoticeReceipt.objects.select_related("notice__congress")
            .filter(
                user=user,
                user__isnull=False,
                notice__status__in=[NoticeStatus.PUBLISHED, NoticeStatus.WITHDRAWN],
            )
            .get(notice_id=pk)
        )
    except (NoticeReceipt.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


@dataclass
class ReceivedNotice:
    notice: Notice
    receipt: NoticeReceipt
    attachments: list
    actions: list[str]
    answer_open: bool


def received_detail(user, pk, *, now: dt.datetime | None = None) -> ReceivedNotice:
    """Return what a recipient's page of one notice shows, with what they may do now."""
    now = now or timezone.now()
    if not get_scope(user).is_authenticated:
        raise Http404
    receipt = get_receipt_for_user(user, pk)
    notice = receipt.notice
    published = notice.status == NoticeStatus.PUBLISHED
    answer_open = published and notice.asks_answer and rules.answer_open(notice, now)
    actions = []
    if published and receipt.read_at is None:
        actions.append("read")
    if answer_open:
        actions.append("answer")
    return ReceivedNotice(
        notice=notice,
        receipt=receipt,
        attachments=list(notice.attachments.all()),
        actions=actions,
        answer_open=answer_open,
    )


def get_attachment_for_user(user, pk) -> NoticeAttachment:
    """Return a notice's file for its staff or a recipient of the published notice."""
    scope = get_scope(user)
    if not scope.is_authenticated:
        raise Http404
    try:
        attachment = NoticeAttachment.objects.select_related("notice").get(pk=pk)
    except (NoticeAttachment.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    notice = attachment.notice
    if can_manage_notice(user, notice):
        return attachment
    if (
        notice.status != NoticeStatus.DRAFT
        and NoticeReceipt.objects.filter(notice=notice, user=user).exists()
    ):
        return attachment
    raise Http404


__all__ = [
    "InboxFilters",
    "NoticeDetail",
    "NoticeFilters",
    "ReceiptFilters",
    "ReceivedNotice",
    "can_manage_notices",
    "congresses_managed_by",
    "get_attachment_for_user",
    "get_notice_for_user",
    "get_receipt_for_user",
    "notice_detail",
    "notice_inbox",
    "notice_list",
    "notice_unread_count",
    "receipt_counts",
    "receipt_list",
    "receipt_phone",
    "received_detail",
]

"""The choices of the 12345 直通车 (Open311), each status with its state table."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.state import StateTable


class PartnerChannel(models.TextChoices):
    """What a partner system's service requests become in Renda (its scope)."""

    # A resident's request (民意诉求) at a liaison station of the partner's congress.
    RESIDENT_REQUEST = "RESIDENT_REQUEST", _("群众诉求")
    # A deputy's 12345 直通车 item (Channel.HOTLINE) of the partner's congress.
    HOTLINE = "HOTLINE", _("12345直通车")


# Outbound: Renda as the Open311 client of the city's 12345 system --------------------


class OutboundStatus(models.TextChoices):
    """Where a ticket sent to the partner's system stands."""

    # Waiting for the (next) attempt to send it.
    PENDING = "PENDING", _("待发送")
    # The partner accepted it (a service_request_id, or a token still to resolve).
    SENT = "SENT", _("已发送")
    # The partner closed it with its answer (status_notes).
    ANSWERED = "ANSWERED", _("已答复")
    # The attempts were used up or the partner refused it: staff may send it again.
    FAILED = "FAILED", _("发送失败")
    # The assignment was withdrawn before the answer.
    CANCELLED = "CANCELLED", _("已取消")


OS = OutboundStatus

OUTBOUND_TRANSITIONS = StateTable(
    OutboundStatus,
    {
        "send": (frozenset({OS.PENDING}), OS.SENT),
        "fail": (frozenset({OS.PENDING}), OS.FAILED),
        "retry": (frozenset({OS.FAILED}), OS.PENDING),
        "answer": (frozenset({OS.SENT}), OS.ANSWERED),
        "cancel": (frozenset({OS.PENDING, OS.SENT, OS.FAILED}), OS.CANCELLED),
    },
    noun="该工单",
    code="hotline.ticket_invalid_state",
    actions={
        "send": "发送",
        "fail": "记为发送失败",
        "retry": "重新发送",
        "answer": "记录答复",
        "cancel": "取消",
    },
)

# Tickets the poll asks the partner about (the partner may still answer).
OPEN_OUTBOUND_STATUSES = frozenset({OS.SENT})


class OutboundEventKind(models.TextChoices):
    """What happened to a ticket (its timeline)."""

    CREATED = "CREATED", _("生成工单")
    ATTEMPT_FAILED = "ATTEMPT_FAILED", _("发送未成功")
    FOUND_EXISTING = "FOUND_EXISTING", _("查到对方已受理")
    SENT = "SENT", _("对方已受理")
    TOKEN_RESOLVED = "TOKEN_RESOLVED", _("取得对方工单号")
    GAVE_UP = "GAVE_UP", _("发送失败")
    RETRIED = "RETRIED", _("重新发送")
    STATUS = "STATUS", _("对方状态更新")
    ANSWERED = "ANSWERED", _("对方已答复")
    LATE_ANSWER = "LATE_ANSWER", _("撤回后收到答复")
    CANCELLED = "CANCELLED", _("取消发送")

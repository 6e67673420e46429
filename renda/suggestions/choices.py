"""Choices and the state machines of deputies' suggestions.

The legal periods and limits live in ``rules.py`` and are read at call time.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.state import StateTable

# Field limits.
TITLE_MAX_LENGTH = 200
REASON_MAX_LENGTH = 2000


# Plain choices ------------------------------------------------------------------


class Channel(models.TextChoices):
    FORMAL = "FORMAL", _("代表建议")
    VOICE = "VOICE", _("《代表之声》")
    HOTLINE = "HOTLINE", _("12345直通车")


class Period(models.TextChoices):
    SESSION = "SESSION", _("大会期间")
    RECESS = "RECESS", _("闭会期间")


class Category(models.TextChoices):
    URBAN_RURAL_CONSTRUCTION = "URBAN_RURAL_CONSTRUCTION", _("城乡建设")
    TRANSPORT = "TRANSPORT", _("交通运输")
    EDUCATION = "EDUCATION", _("教育")
    HEALTH = "HEALTH", _("医疗卫生")
    SOCIAL_SECURITY = "SOCIAL_SECURITY", _("社会保障")
    ENVIRONMENT = "ENVIRONMENT", _("生态环境")
    AGRICULTURE = "AGRICULTURE", _("农业农村")
    ECONOMY = "ECONOMY", _("经济发展")
    LAW = "LAW", _("政法")
    OTHER = "OTHER", _("其他")


class AssignmentRole(models.TextChoices):
    LEAD = "LEAD", _("主办")
    JOINT = "JOINT", _("会办")
    SPLIT = "SPLIT", _("分办")
    # The government's office receives the item for the leader's sign-off (签批)
    # and passes it on to departments (docs/suggestions-government.md).
    COORDINATING = "COORDINATING", _("政府转办")


# Roles whose units answer the deputy directly: a 分办 unit answers for its part
# as a 主办 unit does for the whole. A 会办 unit sends its opinion to the lead.
ANSWERING_ROLES = frozenset({AssignmentRole.LEAD, AssignmentRole.SPLIT})
# Roles that hold the item for the congress: the answering units, and the
# government's office until it has passed the item on (转办).
HOLDING_ROLES = ANSWERING_ROLES | {AssignmentRole.COORDINATING}
# Roles staff may choose when assigning units directly.
DIRECT_ROLES = frozenset(
    {AssignmentRole.LEAD, AssignmentRole.JOINT, AssignmentRole.SPLIT}
)


class ReplyOutcome(models.TextChoices):
    A = "A", _("A类：已解决或采纳")
    B = "B", _("B类：列入计划逐步解决")
    C = "C", _("C类：因条件限制留作参考")


class Rating(models.TextChoices):
    SATISFIED = "SATISFIED", _("满意")
    BASICALLY_SATISFIED = "BASICALLY_SATISFIED", _("基本满意")
    UNSATISFIED = "UNSATISFIED", _("不满意")


SATISFACTORY_RATINGS = frozenset({Rating.SATISFIED, Rating.BASICALLY_SATISFIED})


class KeySource(models.TextChoices):
    STAFF = "STAFF", _("工作机构确定")
    CHAIRPERSONS_MEETING = "CHAIRPERSONS_MEETING", _("主任会议确定")


class CloseReason(models.TextChoices):
    RATED = "RATED", _("代表测评满意或基本满意")
    RATING_WINDOW_PASSED = "RATING_WINDOW_PASSED", _("测评期满未测评")


class ExtensionStatus(models.TextChoices):
    PENDING = "PENDING", _("待审批")
    APPROVED = "APPROVED", _("已批准")
    DECLINED = "DECLINED", _("未批准")


# Staff decide a pending request once; a direct grant is approved at once.
EXTENSION_TRANSITIONS = StateTable(
    ExtensionStatus,
    {
        "approve": ({ExtensionStatus.PENDING}, ExtensionStatus.APPROVED),
        "decline": ({ExtensionStatus.PENDING}, ExtensionStatus.DECLINED),
    },
    noun="该延期申请",
    code="suggestions.extension_decided",
    actions={"approve": "批准", "decline": "不批准"},
)


class EventKind(models.TextChoices):
    CREATED = "CREATED", _("保存草稿")
    PREPARED = "PREPARED", _("联络站代拟草稿")
    SUBMITTED = "SUBMITTED", _("提交")
    RESUBMITTED = "RESUBMITTED", _("补充后重新提交")
    ACCEPTED = "ACCEPTED", _("审查立案")
    RETURNED_FOR_CLARIFICATION = "RETURNED_FOR_CLARIFICATION", _("退回补充")
    REJECTED = "REJECTED", _("不予立案，转来信处理")
    ASSIGNED = "ASSIGNED", _("交办")
    ASSIGNMENT_RETURNED = "ASSIGNMENT_RETURNED", _("承办单位申请退回")
    ASSIGNMENT_WITHDRAWN = "ASSIGNMENT_WITHDRAWN", _("撤回交办")
    EXTENSION_REQUESTED = "EXTENSION_REQUESTED", _("申请延期")
    EXTENSION_APPROVED = "EXTENSION_APPROVED", _("批准延期")
    EXTENSION_DECLINED = "EXTENSION_DECLINED", _("不批准延期")
    REPLIED = "REPLIED", _("答复")
    ALL_REPLIED = "ALL_REPLIED", _("全部答复，进入满意度测评")
    RATED = "RATED", _("满意度测评")
    REOPENED = "REOPENED", _("不满意，重新办理")
    CLOSED = "CLOSED", _("办结")
    MERGED = "MERGED", _("并案")
    MARKED_KEY = "MARKED_KEY", _("确定为重点建议")
    INSTRUCTED = "INSTRUCTED", _("政府领导签批")
    DISPATCHED = "DISPATCHED", _("政府转办")


# The suggestion's state machine ---------------------------------------------------


class SuggestionStatus(models.TextChoices):
    DRAFT = "DRAFT", _("草稿")
    SUBMITTED = "SUBMITTED", _("已提交")
    RETURNED_FOR_CLARIFICATION = "RETURNED_FOR_CLARIFICATION", _("退回补充")
    ACCEPTED = "ACCEPTED", _("已立案")
    REJECTED = "REJECTED", _("不予立案")
    ASSIGNED = "ASSIGNED", _("办理中")
    REPLIED = "REPLIED", _("已答复")
    REOPENED = "REOPENED", _("重新办理")
    CLOSED = "CLOSED", _("已办结")


S = SuggestionStatus

# verb → (states it may start from, state it leads to; None = stays put).
# Services move a suggestion only through renda.core.state.transition().
SUGGESTION_TRANSITIONS = StateTable(
    SuggestionStatus,
    {
        "edit": (frozenset({S.DRAFT, S.RETURNED_FOR_CLARIFICATION}), None),
        # A draft never submitted may be thrown away (the row is deleted).
        "discard": (frozenset({S.DRAFT}), None),
        "submit": (frozenset({S.DRAFT, S.RETURNED_FOR_CLARIFICATION}), S.SUBMITTED),
        "accept": (frozenset({S.SUBMITTED}), S.ACCEPTED),
        "return_for_clarification": (
            frozenset({S.SUBMITTED}),
            S.RETURNED_FOR_CLARIFICATION,
        ),
        "reject": (frozenset({S.SUBMITTED}), S.REJECTED),
        # Only from ACCEPTED: of two staff assigning at once, one wins.
        "assign": (frozenset({S.ACCEPTED}), S.ASSIGNED),
        # Unit work: return a misrouted item, ask for more time, reply.
        "handle": (frozenset({S.ASSIGNED, S.REPLIED, S.REOPENED}), None),
        # Every answering unit has replied: the rating window opens.
        "all_replied": (frozenset({S.ASSIGNED, S.REOPENED}), S.REPLIED),
        # No answering unit is left (each returned the item as misrouted, or staff
        # withdrew it): staff assign again.
        "back_to_staff": (frozenset({S.ASSIGNED, S.REOPENED}), S.ACCEPTED),
        "rate": (frozenset({S.REPLIED, S.REOPENED}), None),
        "reopen": (frozenset({S.REPLIED, S.REOPENED}), S.REOPENED),
        "close": (frozenset({S.REPLIED}), S.CLOSED),
        "merge_into": (frozenset({S.SUBMITTED, S.ACCEPTED}), None),
        "merge_primary": (frozenset({S.SUBMITTED, S.ACCEPTED, S.ASSIGNED}), None),
        "mark_key": (
            frozenset({S.SUBMITTED, S.ACCEPTED, S.ASSIGNED, S.REPLIED, S.REOPENED}),
            None,
        ),
    },
    noun="该建议",
    code="suggestions.invalid_state",
    actions={
        "edit": "修改",
        "submit": "提交",
        "accept": "立案",
        "return_for_clarification": "退回补充",
        "reject": "不予立案",
        "assign": "交办",
        "handle": "办理",
        "all_replied": "进入满意度测评",
        "back_to_staff": "退回工作机构",
        "rate": "测评",
        "reopen": "重新办理",
        "close": "办结",
        "merge_into": "并案",
        "merge_primary": "作为主建议并案",
        "mark_key": "确定为重点建议",
    },
)

# Items a unit is still working on.
OPEN_STATUSES = frozenset({S.ACCEPTED, S.ASSIGNED, S.REOPENED})


def suggestion_can(status: str, verb: str) -> bool:
    """Tell whether a suggestion in ``status`` may undergo ``verb``."""
    return SUGGESTION_TRANSITIONS.can(status, verb)


# The assignment's state machine ---------------------------------------------------


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "ASSIGNED", _("办理中")
    RETURNED = "RETURNED", _("已退回")
    REPLIED = "REPLIED", _("已答复")
    REHANDLING = "REHANDLING", _("重新办理")
    WITHDRAWN = "WITHDRAWN", _("已撤回")
    # A coordinating assignment whose item the government passed on to departments.
    DISPATCHED = "DISPATCHED", _("已转办")


A = AssignmentStatus

ASSIGNMENT_TRANSITIONS = StateTable(
    AssignmentStatus,
    {
        "return": (frozenset({A.ASSIGNED}), A.RETURNED),
        "reply": (frozenset({A.ASSIGNED, A.REHANDLING}), A.REPLIED),
        "reopen": (frozenset({A.REPLIED}), A.REHANDLING),
        "extend": (frozenset({A.ASSIGNED}), None),
        # Staff take the item back from a unit that has not answered (yet).
        "withdraw": (frozenset({A.ASSIGNED, A.REHANDLING}), A.WITHDRAWN),
        # The government's office (a COORDINATING assignment): the leader's
        # instruction is recorded, then the item goes on to departments.
        "instruct": (frozenset({A.ASSIGNED}), None),
        "dispatch": (frozenset({A.ASSIGNED}), A.DISPATCHED),
    },
    noun="该交办事项",
    code="suggestions.invalid_state",
    actions={
        "return": "退回",
        "reply": "答复",
        "reopen": "重新办理",
        "extend": "延期",
        "withdraw": "撤回",
        "instruct": "登记领导批示",
        "dispatch": "转办",
    },
)

# An open assignment has a deadline running.
OPEN_ASSIGNMENT_STATUSES = frozenset({A.ASSIGNED, A.REHANDLING})
# A live assignment still belongs to the suggestion's handling.
LIVE_ASSIGNMENT_STATUSES = frozenset({A.ASSIGNED, A.REPLIED, A.REHANDLING})


def assignment_can(status: str, verb: str) -> bool:
    """Tell whether an assignment in ``status`` may undergo ``verb``."""
    return ASSIGNMENT_TRANSITIONS.can(status, verb)


del S, A

"""The choices of meetings and votes, each status with its state table beside it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.state import StateTable

# Meetings -----------------------------------------------------------------------


class MeetingKind(models.TextChoices):
    STANDING = "STANDING", _("常委会会议")
    CHAIRPERSONS = "CHAIRPERSONS", _("主任会议")
    # A township congress has no standing committee: its presidium meets.
    PRESIDIUM = "PRESIDIUM", _("主席团会议")


class MeetingStatus(models.TextChoices):
    PLANNED = "PLANNED", _("筹备中")
    OPEN = "OPEN", _("会议进行中")
    CLOSED = "CLOSED", _("已闭会")
    CANCELLED = "CANCELLED", _("已取消")


MEETING_STATES = StateTable(
    MeetingStatus,
    {
        "edit": ([MeetingStatus.PLANNED, MeetingStatus.OPEN], None),
        "attend": ([MeetingStatus.PLANNED, MeetingStatus.OPEN], None),
        # Opening also asks the quorum (rules.quorum_met): more than half of ALL members.
        "open": ([MeetingStatus.PLANNED], MeetingStatus.OPEN),
        "close": ([MeetingStatus.OPEN], MeetingStatus.CLOSED),
        "cancel": ([MeetingStatus.PLANNED], MeetingStatus.CANCELLED),
    },
    noun="该会议",
    code="meetings.meeting_invalid_state",
    actions={
        "edit": "修改",
        "attend": "登记出席",
        "open": "宣布开会",
        "close": "宣布闭会",
        "cancel": "取消",
    },
)


class AgendaKind(models.TextChoices):
    """What an agenda item decides (or hears)."""

    WORK_REPORT = "WORK_REPORT", _("听取审议工作报告")
    REVIEW_OPINIONS = "REVIEW_OPINIONS", _("审议意见")
    RESOLUTION = "RESOLUTION", _("决议、决定")
    REGULATION = "REGULATION", _("地方性法规")
    NORMATIVE_DOCUMENT = "NORMATIVE_DOCUMENT", _("规范性文件")
    APPOINTMENT = "APPOINTMENT", _("任免")
    SATISFACTION_TEST = "SATISFACTION_TEST", _("满意度测评")
    VOTE_EVALUATION = "VOTE_EVALUATION", _("票决评议")
    # Chairpersons' meeting business.
    SUPERVISION_PLAN = "SUPERVISION_PLAN", _("监督工作计划")
    KEY_SUGGESTIONS = "KEY_SUGGESTIONS", _("确定重点建议")
    AGENDA = "AGENDA", _("拟定常委会会议议程")
    OTHER = "OTHER", _("其他")


class Attendance(models.TextChoices):
    PRESENT = "PRESENT", _("出席")
    LEAVE = "LEAVE", _("请假")
    ABSENT = "ABSENT", _("缺席")


class SignInMethod(models.TextChoices):
    SELF = "SELF", _("本人手机签到")
    STAFF = "STAFF", _("工作人员登记")


class DecisionKind(models.TextChoices):
    """What the chairpersons' meeting decided (主任会议决定事项)."""

    SUPERVISION_PLAN = "SUPERVISION_PLAN", _("通过监督工作计划")
    REVIEW_OPINIONS = "REVIEW_OPINIONS", _("通过审议意见")
    KEY_SUGGESTIONS = "KEY_SUGGESTIONS", _("确定重点建议")
    AGENDA = "AGENDA", _("拟定常委会会议议程")
    INQUIRY_ANSWER = "INQUIRY_ANSWER", _("决定询问、质询的答复")
    EXTENSION = "EXTENSION", _("同意延期报告")
    INVESTIGATION = "INVESTIGATION", _("提议特定问题调查")
    OTHER = "OTHER", _("其他")


# Votes --------------------------------------------------------------------------


class VoteKind(models.TextChoices):
    RESOLUTION = "RESOLUTION", _("决议、决定")
    REGULATION = "REGULATION", _("地方性法规")
    APPOINTMENT = "APPOINTMENT", _("任命")
    REMOVAL = "REMOVAL", _("免职")
    SATISFACTION = "SATISFACTION", _("满意度测评")
    EVALUATION = "EVALUATION", _("票决评议")
    OTHER = "OTHER", _("其他事项")


# Kinds voted with FOR / AGAINST / ABSTAIN; the others with grades.
MOTION_KINDS = frozenset(
    {
        VoteKind.RESOLUTION,
        VoteKind.REGULATION,
        VoteKind.APPOINTMENT,
        VoteKind.REMOVAL,
        VoteKind.OTHER,
    }
)
GRADED_KINDS = frozenset({VoteKind.SATISFACTION, VoteKind.EVALUATION})


class VoteMode(models.TextChoices):
    IN_MEETING = "IN_MEETING", _("电子表决（会场内）")
    ONLINE = "ONLINE", _("网络表决")
    TALLY = "TALLY", _("纸质票、举手表决（录入结果）")


class Choice(models.TextChoices):
    FOR = "FOR", _("赞成")
    AGAINST = "AGAINST", _("反对")
    ABSTAIN = "ABSTAIN", _("弃权")


class Grade(models.TextChoices):
    SATISFIED = "SATISFIED", _("满意")
    BASICALLY_SATISFIED = "BASICALLY_SATISFIED", _("基本满意")
    UNSATISFIED = "UNSATISFIED", _("不满意")


def choices_of(kind: str) -> type[models.TextChoices]:
    """Return what a ballot of this kind of vote may say."""
    return Grade if kind in GRADED_KINDS else Choice


class VoteStatus(models.TextChoices):
    DRAFT = "DRAFT", _("待表决")
    OPEN = "OPEN", _("表决中")
    CLOSED = "CLOSED", _("已结束")
    # A motion withdrawn before the vote ends without one.
    WITHDRAWN = "WITHDRAWN", _("已撤回")


VOTE_STATES = StateTable(
    VoteStatus,
    {
        "edit": ([VoteStatus.DRAFT], None),
        "open": ([VoteStatus.DRAFT], VoteStatus.OPEN),
        "cast": ([VoteStatus.OPEN], None),
        "close": ([VoteStatus.OPEN], VoteStatus.CLOSED),
        # A paper or show-of-hands tally is entered straight from the draft.
        "enter_tally": ([VoteStatus.DRAFT], VoteStatus.CLOSED),
        "withdraw": ([VoteStatus.DRAFT], VoteStatus.WITHDRAWN),
    },
    noun="该表决",
    code="meetings.vote_invalid_state",
    actions={
        "edit": "修改",
        "open": "开始表决",
        "cast": "投票",
        "close": "结束表决",
        "enter_tally": "录入表决结果",
        "withdraw": "撤回议案",
    },
)


class VoteResult(models.TextChoices):
    PASSED = "PASSED", _("通过")
    FAILED = "FAILED", _("未通过")
    SATISFIED = "SATISFIED", _("满意")
    UNSATISFIED = "UNSATISFIED", _("不满意")


# Appointments and removals (任免) ---------------------------------------------------


class PersonnelKind(models.TextChoices):
    APPOINTMENT = "APPOINTMENT", _("任命")
    REMOVAL = "REMOVAL", _("免职")


class PersonnelStatus(models.TextChoices):
    PROPOSED = "PROPOSED", _("提请审议")
    VOTING = "VOTING", _("表决中")
    ADOPTED = "ADOPTED", _("已通过")
    REJECTED = "REJECTED", _("未通过")
    WITHDRAWN = "WITHDRAWN", _("已撤回")


PERSONNEL_STATES = StateTable(
    PersonnelStatus,
    {
        "edit": ([PersonnelStatus.PROPOSED], None),
        "put_to_vote": ([PersonnelStatus.PROPOSED], PersonnelStatus.VOTING),
        "adopt": ([PersonnelStatus.VOTING], PersonnelStatus.ADOPTED),
        "reject": ([PersonnelStatus.VOTING], PersonnelStatus.REJECTED),
        "withdraw": ([PersonnelStatus.PROPOSED], PersonnelStatus.WITHDRAWN),
        "take_oath": ([PersonnelStatus.ADOPTED], None),
    },
    noun="该任免事项",
    code="meetings.personnel_invalid_state",
    actions={
        "edit": "修改",
        "put_to_vote": "提付表决",
        "adopt": "登记通过",
        "reject": "登记未通过",
        "withdraw": "撤回",
        "take_oath": "登记宪法宣誓",
    },
)


# 票决评议 of handling units -------------------------------------------------------------


class EvaluationStatus(models.TextChoices):
    DRAFT = "DRAFT", _("准备中")
    VOTING = "VOTING", _("表决中")
    DECIDED = "DECIDED", _("已评定")
    PUBLISHED = "PUBLISHED", _("已公布")


EVALUATION_STATES = StateTable(
    EvaluationStatus,
    {
        "edit": ([EvaluationStatus.DRAFT], None),
        "start": ([EvaluationStatus.DRAFT], EvaluationStatus.VOTING),
        "decide": ([EvaluationStatus.VOTING], EvaluationStatus.DECIDED),
        "publish": ([EvaluationStatus.DECIDED], EvaluationStatus.PUBLISHED),
    },
    noun="该票决评议",
    code="meetings.evaluation_invalid_state",
    actions={
        "edit": "修改",
        "start": "开始表决",
        "decide": "评定结果",
        "publish": "公布",
    },
)


class EvaluationGrade(models.TextChoices):
    EXCELLENT = "EXCELLENT", _("优秀")
    PASS = "PASS", _("合格")
    FAIL = "FAIL", _("不合格")


class MeetingEventKind(models.TextChoices):
    CREATED = "CREATED", _("创建会议")
    EDITED = "EDITED", _("修改会议")
    AGENDA_CHANGED = "AGENDA_CHANGED", _("调整议程")
    PAPERS_SENT = "PAPERS_SENT", _("分发会议材料")
    ATTENDANCE = "ATTENDANCE", _("登记出席")
    OPENED = "OPENED", _("宣布开会")
    CLOSED = "CLOSED", _("宣布闭会")
    CANCELLED = "CANCELLED", _("取消会议")
    VOTE_CREATED = "VOTE_CREATED", _("提付表决")
    VOTE_OPENED = "VOTE_OPENED", _("开始表决")
    VOTE_CLOSED = "VOTE_CLOSED", _("表决结束")
    VOTE_WITHDRAWN = "VOTE_WITHDRAWN", _("撤回议案")
    TALLY_ENTERED = "TALLY_ENTERED", _("录入表决结果")
    DECISION = "DECISION", _("主任会议决定")
    PERSONNEL = "PERSONNEL", _("任免")
    OATH = "OATH", _("宪法宣誓")
    EVALUATION = "EVALUATION", _("票决评议")

"""The choices of deputies' duty performance, each status with its state table."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.state import StateTable

# The archive ------------------------------------------------------------------


class ArchiveKind(models.TextChoices):
    """What an entry of a deputy's duty archive (履职档案) is. Scoring rules give
    points per kind; every entry is built from a record, never typed twice."""

    SESSION_ATTENDED = "SESSION_ATTENDED", _("出席代表大会会议")
    SESSION_LEAVE = "SESSION_LEAVE", _("代表大会会议请假")
    # Counted in half days (quantity): 未经批准缺席.
    SESSION_ABSENT = "SESSION_ABSENT", _("代表大会会议无故缺席（半天）")
    MEETING_ATTENDED = "MEETING_ATTENDED", _("出席常委会会议")
    MEETING_OBSERVED = "MEETING_OBSERVED", _("列席常委会会议")
    MEETING_ABSENT = "MEETING_ABSENT", _("常委会会议请假或缺席")
    SUGGESTION_LED = "SUGGESTION_LED", _("领衔提出建议")
    SUGGESTION_COSIGNED = "SUGGESTION_COSIGNED", _("附议建议")
    RECEPTION_DAY = "RECEPTION_DAY", _("联络站接待日值班")
    REQUEST_RECEIVED = "REQUEST_RECEIVED", _("接待群众诉求")
    CONTACT = "CONTACT", _("双联联系")
    GROUP_ACTIVITY = "GROUP_ACTIVITY", _("代表小组活动")
    SUPERVISION = "SUPERVISION", _("视察、检查、调研、询问")
    TRAINING = "TRAINING", _("参加培训学习")
    DUTY_REPORT = "DUTY_REPORT", _("向原选举单位或选民述职")
    STORY = "STORY", _("履职事迹发布")
    DONATION = "DONATION", _("捐款捐物")
    OTHER = "OTHER", _("其他履职活动")
    # A correction the staff granted (points, not a count): see ScoreCorrection.
    ADJUSTMENT = "ADJUSTMENT", _("核定调整")


# Kinds a deputy or staff may add by hand, with evidence (DutyRecord.kind).
RECORD_KINDS = [
    ArchiveKind.SUPERVISION,
    ArchiveKind.TRAINING,
    ArchiveKind.MEETING_OBSERVED,
    ArchiveKind.OTHER,
]


class SessionAttendanceStatus(models.TextChoices):
    PRESENT = "PRESENT", _("全程出席")
    PARTIAL = "PARTIAL", _("部分出席")
    LEAVE = "LEAVE", _("请假（已批准）")
    # 未经批准不出席: two of these in a term end the mandate (Deputies Law art. 62),
    # which Renda only reports (DutyAlert), never applies.
    ABSENT = "ABSENT", _("未经批准缺席")


class RecordStatus(models.TextChoices):
    PENDING = "PENDING", _("待确认")
    CONFIRMED = "CONFIRMED", _("已确认")
    REJECTED = "REJECTED", _("未予确认")
    WITHDRAWN = "WITHDRAWN", _("已撤回")


RECORD_STATES = StateTable(
    RecordStatus,
    {
        "edit": ([RecordStatus.PENDING], None),
        "confirm": ([RecordStatus.PENDING], RecordStatus.CONFIRMED),
        "reject": ([RecordStatus.PENDING], RecordStatus.REJECTED),
        "withdraw": ([RecordStatus.PENDING], RecordStatus.WITHDRAWN),
    },
    noun="该履职记录",
    code="duty.record_invalid_state",
    actions={
        "edit": "修改",
        "confirm": "确认",
        "reject": "不予确认",
        "withdraw": "撤回",
    },
)

# Scoring ----------------------------------------------------------------------


class ScorePeriod(models.TextChoices):
    Q1 = "Q1", _("第一季度")
    Q2 = "Q2", _("第二季度")
    Q3 = "Q3", _("第三季度")
    Q4 = "Q4", _("第四季度")
    YEAR = "YEAR", _("全年")


class YearStatus(models.TextChoices):
    """The scoring year of a congress: open, annual scores published for
    corrections, closed (final: never recomputed)."""

    OPEN = "OPEN", _("进行中")
    PUBLISHED = "PUBLISHED", _("年度积分已公布（可申请更正）")
    CLOSED = "CLOSED", _("已定稿")


YEAR_STATES = StateTable(
    YearStatus,
    {
        "publish_quarter": ([YearStatus.OPEN], None),
        "publish_year": ([YearStatus.OPEN, YearStatus.PUBLISHED], YearStatus.PUBLISHED),
        "correct": ([YearStatus.PUBLISHED], None),
        "close": ([YearStatus.PUBLISHED], YearStatus.CLOSED),
    },
    noun="该年度积分",
    code="duty.year_invalid_state",
    actions={
        "publish_quarter": "公布季度积分",
        "publish_year": "公布年度积分",
        "correct": "申请更正",
        "close": "定稿",
    },
)


class CorrectionStatus(models.TextChoices):
    PENDING = "PENDING", _("待处理")
    ACCEPTED = "ACCEPTED", _("已更正")
    REJECTED = "REJECTED", _("不予更正")


CORRECTION_STATES = StateTable(
    CorrectionStatus,
    {
        "accept": ([CorrectionStatus.PENDING], CorrectionStatus.ACCEPTED),
        "reject": ([CorrectionStatus.PENDING], CorrectionStatus.REJECTED),
    },
    noun="该更正申请",
    code="duty.correction_invalid_state",
    actions={"accept": "更正", "reject": "不予更正"},
)


class AlertKind(models.TextChoices):
    # Two years running below the pass mark (default 60).
    LOW_SCORE = "LOW_SCORE", _("连续两年履职积分不合格")
    # 未经批准两次不出席本级人民代表大会会议 (Deputies Law art. 62): the mandate
    # ends by law; the deputy-affairs committee is told, nothing is ended here.
    SESSION_ABSENCES = "SESSION_ABSENCES", _("两次未经批准不出席代表大会会议")


class AlertStatus(models.TextChoices):
    OPEN = "OPEN", _("待处理")
    HANDLED = "HANDLED", _("已处理")


# Reports to voters ------------------------------------------------------------


class ReportStatus(models.TextChoices):
    PLANNED = "PLANNED", _("已计划")
    HELD = "HELD", _("已述职")
    CANCELLED = "CANCELLED", _("已取消")


REPORT_STATES = StateTable(
    ReportStatus,
    {
        "edit": ([ReportStatus.PLANNED], None),
        # Voters rate on the day and for the rating window after it (rules).
        "rate": ([ReportStatus.PLANNED, ReportStatus.HELD], None),
        "hold": ([ReportStatus.PLANNED], ReportStatus.HELD),
        "cancel": ([ReportStatus.PLANNED], ReportStatus.CANCELLED),
    },
    noun="该述职",
    code="duty.report_invalid_state",
    actions={"edit": "修改", "rate": "评议", "hold": "登记述职情况", "cancel": "取消"},
)


class Rating(models.TextChoices):
    SATISFIED = "SATISFIED", _("满意")
    BASICALLY = "BASICALLY", _("基本满意")
    DISSATISFIED = "DISSATISFIED", _("不满意")


class RatingDimension(models.TextChoices):
    """What voters rate at a report (per-dimension ratings)."""

    CONTACT = "CONTACT", _("联系群众")
    DUTY = "DUTY", _("依法履职")
    SUGGESTIONS = "SUGGESTIONS", _("建言献策")
    CONDUCT = "CONDUCT", _("作风形象")
    OVERALL = "OVERALL", _("总体评价")


# Training ---------------------------------------------------------------------


class TrainingKind(models.TextChoices):
    COURSE = "COURSE", _("培训班")
    LECTURE = "LECTURE", _("人大讲坛")
    STUDY_TRIP = "STUDY_TRIP", _("外出学习考察")


class TrainingTarget(models.TextChoices):
    NEW_DEPUTIES = "NEW_DEPUTIES", _("本届新任代表")
    GROUP_LEADERS = "GROUP_LEADERS", _("代表小组组长")
    ALL_DEPUTIES = "ALL_DEPUTIES", _("本级全体代表")
    CHOSEN = "CHOSEN", _("指定代表")


class TrainingStatus(models.TextChoices):
    PLANNED = "PLANNED", _("报名中")
    HELD = "HELD", _("已举办")
    CANCELLED = "CANCELLED", _("已取消")


TRAINING_STATES = StateTable(
    TrainingStatus,
    {
        "edit": ([TrainingStatus.PLANNED], None),
        "enrol": ([TrainingStatus.PLANNED], None),
        # Attendance is taken on the day and may be completed after it.
        "attend": ([TrainingStatus.PLANNED, TrainingStatus.HELD], None),
        "hold": ([TrainingStatus.PLANNED], TrainingStatus.HELD),
        "cancel": ([TrainingStatus.PLANNED], TrainingStatus.CANCELLED),
    },
    noun="该培训",
    code="duty.training_invalid_state",
    actions={
        "edit": "修改",
        "enrol": "报名",
        "attend": "签到",
        "hold": "结束",
        "cancel": "取消",
    },
)


class CheckInMethod(models.TextChoices):
    QR = "QR", _("扫码签到")
    STAFF = "STAFF", _("工作人员登记")


# Stories and donations -------------------------------------------------------


class StoryStatus(models.TextChoices):
    DRAFT = "DRAFT", _("草稿")
    SUBMITTED = "SUBMITTED", _("待审核")
    RETURNED = "RETURNED", _("退回修改")
    PUBLISHED = "PUBLISHED", _("已发布")
    WITHDRAWN = "WITHDRAWN", _("已撤下")


STORY_STATES = StateTable(
    StoryStatus,
    {
        "edit": (
            [StoryStatus.DRAFT, StoryStatus.RETURNED, StoryStatus.SUBMITTED],
            None,
        ),
        "submit": ([StoryStatus.DRAFT, StoryStatus.RETURNED], StoryStatus.SUBMITTED),
        "return": ([StoryStatus.SUBMITTED], StoryStatus.RETURNED),
        "publish": (
            [StoryStatus.SUBMITTED, StoryStatus.WITHDRAWN],
            StoryStatus.PUBLISHED,
        ),
        "unpublish": ([StoryStatus.PUBLISHED], StoryStatus.WITHDRAWN),
    },
    noun="该履职事迹",
    code="duty.story_invalid_state",
    actions={
        "edit": "修改",
        "submit": "提交",
        "return": "退回",
        "publish": "发布",
        "unpublish": "撤下",
    },
)


class DonationKind(models.TextChoices):
    MONEY = "MONEY", _("捐款")
    GOODS = "GOODS", _("捐物")


# The timeline -----------------------------------------------------------------


class DutyEventKind(models.TextChoices):
    RECORD_ADDED = "RECORD_ADDED", _("补充履职记录")
    RECORD_DECIDED = "RECORD_DECIDED", _("履职记录确认")
    ATTENDANCE = "ATTENDANCE", _("代表大会会议出席登记")
    RULES_SAVED = "RULES_SAVED", _("积分规则修订")
    SCORES_PUBLISHED = "SCORES_PUBLISHED", _("积分公布")
    YEAR_CLOSED = "YEAR_CLOSED", _("年度积分定稿")
    CORRECTION_ASKED = "CORRECTION_ASKED", _("申请更正积分")
    CORRECTION_DECIDED = "CORRECTION_DECIDED", _("更正申请处理")
    ALERT = "ALERT", _("履职提示")
    REPORT = "REPORT", _("述职")
    TRAINING = "TRAINING", _("培训")
    STORY = "STORY", _("履职事迹")
    DONATION = "DONATION", _("捐款捐物")

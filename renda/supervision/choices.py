"""Choices of supervision work and, beside each status, its state table.

Periods and thresholds are in ``rules.py`` (per congress, read at call time).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.state import StateTable

# The items --------------------------------------------------------------------


class SupervisionKind(models.TextChoices):
    WORK_REPORT = "WORK_REPORT", _("专项工作报告")
    LAW_INSPECTION = "LAW_INSPECTION", _("执法检查")
    FIELD_INSPECTION = "FIELD_INSPECTION", _("专项视察")
    INQUIRY = "INQUIRY", _("专题询问")
    VOTE_EVALUATION = "VOTE_EVALUATION", _("票决评议")
    RESEARCH = "RESEARCH", _("专题调研")
    FILING_REVIEW = "FILING_REVIEW", _("备案审查")
    RESOLUTION = "RESOLUTION", _("决议决定")
    INTERPELLATION = "INTERPELLATION", _("质询")
    SPECIAL_INVESTIGATION = "SPECIAL_INVESTIGATION", _("特定问题调查")


# The kinds whose work ends in a hearing at a committee meeting (审议), and so
# in review opinions sent to the body.
HEARD_KINDS = frozenset(
    {
        SupervisionKind.WORK_REPORT,
        SupervisionKind.LAW_INSPECTION,
        SupervisionKind.INQUIRY,
        SupervisionKind.VOTE_EVALUATION,
        SupervisionKind.INTERPELLATION,
        SupervisionKind.SPECIAL_INVESTIGATION,
    }
)


class WorkReportSubtype(models.TextChoices):
    GENERAL = "GENERAL", _("专项工作报告")
    PLAN = "PLAN", _("计划执行情况报告")
    BUDGET = "BUDGET", _("预算执行情况报告")
    FINAL_ACCOUNTS = "FINAL_ACCOUNTS", _("决算报告")
    AUDIT = "AUDIT", _("审计工作报告")
    STATE_ASSETS = "STATE_ASSETS", _("国有资产管理情况报告")
    GOVERNMENT_DEBT = "GOVERNMENT_DEBT", _("政府债务管理情况报告")


class ItemStatus(models.TextChoices):
    PLANNED = "PLANNED", _("计划中")
    IN_PROGRESS = "IN_PROGRESS", _("进行中")
    DONE = "DONE", _("已完成")
    FOLLOWING_UP = "FOLLOWING_UP", _("跟踪问效中")
    CLOSED = "CLOSED", _("已办结")
    CANCELLED = "CANCELLED", _("已取消")


ITEM_STATES = StateTable(
    ItemStatus,
    {
        "start": ([ItemStatus.PLANNED], ItemStatus.IN_PROGRESS),
        # The kind's main step happened: the report heard at the meeting, the
        # inspection or research finished, the resolution adopted.
        "complete": ([ItemStatus.PLANNED, ItemStatus.IN_PROGRESS], ItemStatus.DONE),
        # Review opinions sent to the body: the item waits for its handling.
        "follow_up": ([ItemStatus.DONE], ItemStatus.FOLLOWING_UP),
        "close": ([ItemStatus.DONE, ItemStatus.FOLLOWING_UP], ItemStatus.CLOSED),
        "cancel": ([ItemStatus.PLANNED, ItemStatus.IN_PROGRESS], ItemStatus.CANCELLED),
        # Edits of the item's particulars, participants, documents: not once closed.
        "edit": (
            [
                ItemStatus.PLANNED,
                ItemStatus.IN_PROGRESS,
                ItemStatus.DONE,
                ItemStatus.FOLLOWING_UP,
            ],
            None,
        ),
    },
    noun="该监督事项",
    code="supervision.invalid_state",
    actions={
        "start": "开始",
        "complete": "登记完成",
        "follow_up": "转入跟踪问效",
        "close": "办结",
        "cancel": "取消",
        "edit": "修改",
    },
)


class WorkReportStep(models.TextChoices):
    """The clock of a work report, counted back from the hearing (art. 14-15)."""

    OPINIONS_SENT = "OPINIONS_SENT", _("征求意见并交报告机关")
    DRAFT_RECEIVED = "DRAFT_RECEIVED", _("报告稿送专门委员会")
    REVISED_RECEIVED = "REVISED_RECEIVED", _("修改后的报告送常委会")
    DISTRIBUTED = "DISTRIBUTED", _("印发常委会组成人员")


class ParticipantRole(models.TextChoices):
    MEMBER = "MEMBER", _("常委会组成人员")
    DEPUTY = "DEPUTY", _("人大代表")
    STAFF = "STAFF", _("工作人员")
    EXPERT = "EXPERT", _("专家")
    OFFICIAL = "OFFICIAL", _("被监督机关负责人")


class Attendance(models.TextChoices):
    INVITED = "INVITED", _("已邀请")
    ATTENDED = "ATTENDED", _("参加")
    LEAVE = "LEAVE", _("请假")
    ABSENT = "ABSENT", _("缺席")


class DocumentKind(models.TextChoices):
    REPORT_DRAFT = "REPORT_DRAFT", _("报告稿")
    REPORT = "REPORT", _("专项工作报告")
    INSPECTION_REPORT = "INSPECTION_REPORT", _("执法检查报告")
    FIELD_REPORT = "FIELD_REPORT", _("视察报告")
    RESEARCH_REPORT = "RESEARCH_REPORT", _("调研报告")
    MINUTES = "MINUTES", _("会议纪要")
    RESOLUTION_TEXT = "RESOLUTION_TEXT", _("决议决定文本")
    OTHER = "OTHER", _("其他材料")


# Documents of these kinds are published with the item (art. 10, 17, 29, 37).
PUBLISHABLE_DOCUMENT_KINDS = frozenset(
    {
        DocumentKind.REPORT,
        DocumentKind.INSPECTION_REPORT,
        DocumentKind.FIELD_REPORT,
        DocumentKind.RESEARCH_REPORT,
        DocumentKind.RESOLUTION_TEXT,
    }
)


class InspectionMethod(models.TextChoices):
    FORUM = "FORUM", _("座谈会")
    SITE_CHECK = "SITE_CHECK", _("实地检查")
    QUESTIONNAIRE = "QUESTIONNAIRE", _("问卷调查")
    THIRD_PARTY = "THIRD_PARTY", _("第三方评估")
    RANDOM_CHECK = "RANDOM_CHECK", _("随机抽查")


class LawKind(models.TextChoices):
    LAW = "LAW", _("法律")
    ADMINISTRATIVE_REGULATION = "ADMINISTRATIVE_REGULATION", _("行政法规")
    LOCAL_REGULATION = "LOCAL_REGULATION", _("地方性法规")


class AnswerMode(models.TextChoices):
    ORAL = "ORAL", _("口头答复")
    WRITTEN = "WRITTEN", _("书面答复")


class InvestigationProposer(models.TextChoices):
    CHAIRPERSONS = "CHAIRPERSONS", _("主任会议")
    MEMBERS = "MEMBERS", _("五分之一以上常委会组成人员")


class ResolutionOutcome(models.TextChoices):
    ADOPTED = "ADOPTED", _("通过")
    REJECTED = "REJECTED", _("未通过")


# Review opinions and their handling (跟踪问效) ------------------------------------


class OpinionStatus(models.TextChoices):
    DRAFT = "DRAFT", _("整理中")
    APPROVED = "APPROVED", _("主任会议已通过")
    SENT = "SENT", _("已交办，待报告")
    REPORTED = "REPORTED", _("已报送研究处理情况")
    CONCLUDED = "CONCLUDED", _("已审议办结")


OPINION_STATES = StateTable(
    OpinionStatus,
    {
        "edit": ([OpinionStatus.DRAFT], None),
        "approve": ([OpinionStatus.DRAFT], OpinionStatus.APPROVED),
        "send": ([OpinionStatus.APPROVED], OpinionStatus.SENT),
        "extend": ([OpinionStatus.SENT], None),
        "file_report": ([OpinionStatus.SENT], OpinionStatus.REPORTED),
        "comment": ([OpinionStatus.REPORTED], None),
        "test": ([OpinionStatus.REPORTED], None),
        # Not satisfied: the body reports again by a new deadline.
        "report_again": ([OpinionStatus.REPORTED], OpinionStatus.SENT),
        "conclude": ([OpinionStatus.REPORTED], OpinionStatus.CONCLUDED),
    },
    noun="该审议意见",
    code="supervision.opinion_invalid_state",
    actions={
        "edit": "修改",
        "approve": "登记主任会议通过",
        "send": "交办",
        "extend": "延期",
        "file_report": "报送研究处理情况报告",
        "comment": "提出意见",
        "test": "登记满意度测评",
        "report_again": "要求重新报告",
        "conclude": "办结",
    },
)


class PointStatus(models.TextChoices):
    OPEN = "OPEN", _("整改中")
    DONE = "DONE", _("已整改")


POINT_STATES = StateTable(
    PointStatus,
    {
        "report_progress": ([PointStatus.OPEN], None),
        "finish": ([PointStatus.OPEN], PointStatus.DONE),
        "reopen": ([PointStatus.DONE], PointStatus.OPEN),
    },
    noun="该整改事项",
    code="supervision.point_invalid_state",
    actions={
        "report_progress": "报告进展",
        "finish": "确认整改完成",
        "reopen": "重新打开",
    },
)


class ReviewMode(models.TextChoices):
    HEARD = "HEARD", _("听取审议")
    READ = "READ", _("书面审阅")


class TestSubject(models.TextChoices):
    HANDLING_REPORT = "HANDLING_REPORT", _("审议意见研究处理情况")
    WORK_REPORT = "WORK_REPORT", _("专项工作报告")
    UNIT_WORK = "UNIT_WORK", _("被评议单位工作")


class TestResult(models.TextChoices):
    SATISFIED = "SATISFIED", _("满意")
    BASICALLY_SATISFIED = "BASICALLY_SATISFIED", _("基本满意")
    UNSATISFIED = "UNSATISFIED", _("不满意")


class UnsatisfiedAction(models.TextChoices):
    REPORT_AGAIN = "REPORT_AGAIN", _("限期重新报告")
    INTERPELLATION = "INTERPELLATION", _("依法提出质询")
    FOLLOW_UP_INSPECTION = "FOLLOW_UP_INSPECTION", _("开展跟踪检查")


# The annual plan and its topic call ----------------------------------------------


class ProposalSource(models.TextChoices):
    DEPUTY = "DEPUTY", _("人大代表")
    RESIDENT = "RESIDENT", _("人民群众")
    UNIT = "UNIT", _("国家机关申请报告")
    STAFF = "STAFF", _("常委会机关")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "SUBMITTED", _("待研究")
    ADOPTED = "ADOPTED", _("已采纳")
    MERGED = "MERGED", _("已合并")
    DECLINED = "DECLINED", _("未采纳")


PROPOSAL_STATES = StateTable(
    ProposalStatus,
    {
        "adopt": ([ProposalStatus.SUBMITTED], ProposalStatus.ADOPTED),
        "merge": ([ProposalStatus.SUBMITTED], ProposalStatus.MERGED),
        "decline": ([ProposalStatus.SUBMITTED], ProposalStatus.DECLINED),
    },
    noun="该议题建议",
    code="supervision.proposal_invalid_state",
    actions={"adopt": "采纳", "merge": "合并", "decline": "不予采纳"},
)


class PlanVersionStatus(models.TextChoices):
    DRAFT = "DRAFT", _("草案")
    ADOPTED = "ADOPTED", _("主任会议已通过")
    PUBLISHED = "PUBLISHED", _("已公布")
    SUPERSEDED = "SUPERSEDED", _("已被调整")


PLAN_VERSION_STATES = StateTable(
    PlanVersionStatus,
    {
        "edit": ([PlanVersionStatus.DRAFT], None),
        "adopt": ([PlanVersionStatus.DRAFT], PlanVersionStatus.ADOPTED),
        "publish": ([PlanVersionStatus.ADOPTED], PlanVersionStatus.PUBLISHED),
        "supersede": ([PlanVersionStatus.PUBLISHED], PlanVersionStatus.SUPERSEDED),
    },
    noun="该版本计划",
    code="supervision.plan_invalid_state",
    actions={
        "edit": "修改",
        "adopt": "登记主任会议通过",
        "publish": "公布",
        "supersede": "调整",
    },
)


# Filing review (备案审查) ------------------------------------------------------------


class DocumentType(models.TextChoices):
    GOVERNMENT_RULE = "GOVERNMENT_RULE", _("政府规章")
    NORMATIVE_DOCUMENT = "NORMATIVE_DOCUMENT", _("行政规范性文件")
    SUPERVISORY_DOCUMENT = "SUPERVISORY_DOCUMENT", _("监察规范性文件")
    JUDICIAL_DOCUMENT = "JUDICIAL_DOCUMENT", _("司法规范性文件")
    LOWER_RESOLUTION = "LOWER_RESOLUTION", _("下级人大及其常委会决议决定")


class FilingStatus(models.TextChoices):
    FILED = "FILED", _("已报备，待审核")
    ACCEPTED = "ACCEPTED", _("已登记备案")
    RETURNED = "RETURNED", _("退回补正")


FILING_STATES = StateTable(
    FilingStatus,
    {
        "accept": ([FilingStatus.FILED], FilingStatus.ACCEPTED),
        "return": ([FilingStatus.FILED], FilingStatus.RETURNED),
        "refile": ([FilingStatus.RETURNED], FilingStatus.FILED),
    },
    noun="该备案",
    code="supervision.filing_invalid_state",
    actions={"accept": "登记备案", "return": "退回补正", "refile": "重新报备"},
)


class ReviewKind(models.TextChoices):
    ACTIVE = "ACTIVE", _("主动审查")
    ON_REQUEST = "ON_REQUEST", _("依申请审查")
    SPECIAL = "SPECIAL", _("专项审查")
    REFERRAL = "REFERRAL", _("移送审查")


class RequestKind(models.TextChoices):
    REQUIREMENT = "REQUIREMENT", _("审查要求（国家机关）")
    SUGGESTION = "SUGGESTION", _("审查建议（公民、组织）")


class ReviewStatus(models.TextChoices):
    RECEIVED = "RECEIVED", _("已收到")
    UNDER_REVIEW = "UNDER_REVIEW", _("审查中")
    SUSPENDED = "SUSPENDED", _("制定机关自行纠正，审查中止")
    CORRECTION_REQUESTED = "CORRECTION_REQUESTED", _("已书面要求纠正")
    CONCLUDED = "CONCLUDED", _("审查结束")
    REFERRED = "REFERRED", _("已移送")


REVIEW_STATES = StateTable(
    ReviewStatus,
    {
        "start": ([ReviewStatus.RECEIVED], ReviewStatus.UNDER_REVIEW),
        "check": ([ReviewStatus.UNDER_REVIEW], None),
        "suspend": ([ReviewStatus.UNDER_REVIEW], ReviewStatus.SUSPENDED),
        "request_correction": (
            [ReviewStatus.UNDER_REVIEW],
            ReviewStatus.CORRECTION_REQUESTED,
        ),
        "conclude": (
            [
                ReviewStatus.UNDER_REVIEW,
                ReviewStatus.SUSPENDED,
                ReviewStatus.CORRECTION_REQUESTED,
            ],
            ReviewStatus.CONCLUDED,
        ),
        "refer": (
            [ReviewStatus.RECEIVED, ReviewStatus.UNDER_REVIEW],
            ReviewStatus.REFERRED,
        ),
        "tell_proposer": ([ReviewStatus.CONCLUDED, ReviewStatus.REFERRED], None),
    },
    noun="该审查",
    code="supervision.review_invalid_state",
    actions={
        "start": "开始审查",
        "check": "登记审查意见",
        "suspend": "中止审查",
        "request_correction": "书面要求纠正",
        "conclude": "结束审查",
        "refer": "移送",
        "tell_proposer": "告知提出人",
    },
)


class Standard(models.TextChoices):
    """The standards of review (合宪性、合法性、适当性)."""

    CONSTITUTIONALITY = "CONSTITUTIONALITY", _("合宪性")
    LEGALITY = "LEGALITY", _("合法性")
    APPROPRIATENESS = "APPROPRIATENESS", _("适当性")


class ReviewOutcome(models.TextChoices):
    NO_PROBLEM = "NO_PROBLEM", _("未发现问题")
    CORRECTED_BY_ISSUER = "CORRECTED_BY_ISSUER", _("制定机关自行纠正")
    CORRECTION_REQUESTED = "CORRECTION_REQUESTED", _("书面要求制定机关纠正")
    REVOCATION_MOTION = "REVOCATION_MOTION", _("提请常委会撤销")
    REFERRED = "REFERRED", _("移送有关机关")

"""双联: leadership members in steady contact with deputies; deputies at group
activities and committee meetings; quarterly coordination between levels."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.congresses.choices import Level
from renda.core.models import BaseModel

from .choices import ContactKind, LiaisonEventKind, Quarter


class LateEntry(models.Model):
    """A record written after its period closed (补录): kept, marked late, and
    counted by the rules only once committee staff confirm it with a reason."""

    late = models.BooleanField(_("补录"), default=False)
    late_reason = models.TextField(_("补录确认理由"), blank=True)
    late_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("补录确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    late_confirmed_at = models.DateTimeField(_("补录确认时间"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def late_pending(self) -> bool:
        return self.late and self.late_confirmed_at is None

    @property
    def counts(self) -> bool:
        """Whether the rules count this record (on time, or late and confirmed)."""
        return not self.late_pending


def counted(prefix: str = "") -> Q:
    """Rows the rules count: on time, or late and confirmed (``prefix`` for joins)."""
    return Q(**{f"{prefix}late": False}) | Q(
        **{f"{prefix}late_confirmed_at__isnull": False}
    )


class DeputyContact(BaseModel):
    """A leadership member's steady contact with one deputy (联系代表)."""

    leader = models.ForeignKey(
        "congresses.CommitteeMember",
        verbose_name=_("班子成员"),
        on_delete=models.PROTECT,
        related_name="deputy_contacts",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("联系代表"),
        on_delete=models.PROTECT,
        related_name="leader_contacts",
    )
    since = models.DateField(_("开始联系日期"))
    until = models.DateField(_("结束联系日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("联系代表")
        verbose_name_plural = _("联系代表")
        ordering = ["leader", "deputy__stroke_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "deputy"],
                condition=Q(until__isnull=True),
                name="deputy_contact_one_active_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leader} 联系 {self.deputy}"


class ContactLog(LateEntry, BaseModel):
    """One contact made (visit, call, meeting) and the opinions collected."""

    contact = models.ForeignKey(
        DeputyContact,
        verbose_name=_("联系关系"),
        on_delete=models.PROTECT,
        related_name="logs",
        # The index (contact, date) below serves the contact alone too; with a
        # second index on contact the planner took that one and read every year.
        db_index=False,
    )
    date = models.DateField(_("日期"))
    kind = models.CharField(_("方式"), max_length=16, choices=ContactKind.choices)
    opinions = models.TextField(_("征集的意见建议"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("联系记录")
        verbose_name_plural = _("联系记录")
        ordering = ["-date", "-id"]
        # A leader's contacts' logs of one period, whatever the years before
        # (the rules dashboard and the statistics; bench/figures.py); the late
        # entries (补录, few) of a period.
        indexes = [
            models.Index(fields=["contact", "date"]),
            models.Index(
                fields=["date"], condition=Q(late=True), name="contactlog_late_date_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class GroupActivity(LateEntry, BaseModel):
    """An activity of a deputy group (代表小组活动)."""

    group = models.ForeignKey(
        "deputies.DeputyGroup",
        verbose_name=_("代表小组"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    date = models.DateField(_("日期"))
    topic = models.CharField(_("主题"), max_length=200)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        "deputies.Deputy",
        verbose_name=_("参加代表"),
        related_name="group_activities",
        blank=True,
    )
    # Leadership members and committee members who joined.
    committee_members = models.ManyToManyField(
        "congresses.CommitteeMember",
        verbose_name=_("参加的常委会组成人员"),
        related_name="group_activities",
        blank=True,
    )
    summary = models.TextField(_("活动情况"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("代表小组活动")
        verbose_name_plural = _("代表小组活动")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["group", "date"]),
            # The late entries (补录, few) of a period (bench/figures.py).
            models.Index(
                fields=["date"],
                condition=Q(late=True),
                name="groupactivity_late_date_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.date:%Y-%m-%d} {self.topic}"


class MeetingObserver(LateEntry, BaseModel):
    """A deputy invited to attend a committee meeting as an observer (列席)."""

    meeting = models.ForeignKey(
        "meetings.CommitteeMeeting",
        verbose_name=_("会议"),
        on_delete=models.CASCADE,
        related_name="observers",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("列席代表"),
        on_delete=models.PROTECT,
        related_name="meetings_observed",
    )
    invited_at = models.DateTimeField(_("邀请时间"))
    # None until the meeting: attended or not.
    attended = models.BooleanField(_("是否出席"), null=True, blank=True)

    class Meta:
        verbose_name = _("列席代表")
        verbose_name_plural = _("列席代表")
        ordering = ["meeting", "deputy__stroke_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "deputy"], name="meeting_observer_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} 列席 {self.meeting}"


class CoordinationMeeting(LateEntry, BaseModel):
    """The quarterly coordination meeting between levels (代表工作调度会)."""

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("召集的人大"),
        on_delete=models.PROTECT,
        related_name="coordination_meetings",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"), choices=Quarter.choices)
    date = models.DateField(_("日期"))
    participants = models.ManyToManyField(
        "congresses.Congress",
        verbose_name=_("参会的人大"),
        related_name="coordination_meetings_attended",
        blank=True,
    )
    minutes = models.TextField(_("会议纪要"), blank=True)

    class Meta:
        verbose_name = _("代表工作调度会")
        verbose_name_plural = _("代表工作调度会")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "year", "quarter"],
                name="coordination_meeting_once_a_quarter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.congress} {self.year}年{self.get_quarter_display()}调度会"

    @property
    def levels_present(self) -> list[str]:
        levels = {c.level for c in self.participants.all()} | {self.congress.level}
        return [label for value, label in Level.choices if value in levels]


class LiaisonEvent(BaseModel):
    """One entry of a contact's or a committee meeting's timeline; written only
    through the constructors of ``events.py``, one payload shape per kind."""

    kind = models.CharField(_("事件"), max_length=32, choices=LiaisonEventKind.choices)
    contact = models.ForeignKey(
        DeputyContact,
        verbose_name=_("联系关系"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    meeting = models.ForeignKey(
        "meetings.CommitteeMeeting",
        verbose_name=_("常委会会议"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    payload = models.JSONField(_("内容"), default=dict, blank=True)

    class Meta:
        verbose_name = _("双联事件")
        verbose_name_plural = _("双联事件")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contact__isnull=False) | Q(meeting__isnull=False),
                name="liaison_event_has_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

"""Demo records of the city's supervision work, written through the services.

2020, from the first summary of the source (``supervision_data``): the topic call
of autumn 2019 and the 2020 plan (version 1 adopted in January; version 2 after
the epidemic, adding the epidemic items), 73 items of every kind done in 2020
(17 work reports, 15 law inspections, 6 field inspections, 4 inquiries, 2 vote
evaluations, 23 research items, 6 resolutions), the 9 laws of the epidemic
inspection, the 9 questions of the city-management inquiry, 4 working groups led
by 4 leaders to two counties and three districts, review opinions and their
handling in every state, the 12 units tracked on the return-to-work policies,
the follow-up of 2019's key tourism projects, satisfaction tests of both vote
evaluations, 5 normative documents filed and reviewed and a citizen's 审查建议
answered. What the law requires published is published.

The load year (relative to ``today``): a plan with items planned and under way,
a work report whose clock runs toward a meeting next month, review opinions
whose handling reports are due soon and overdue, and a topic call for next
year, so that boards show live work.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from renda.accounts.choices import Role
from renda.accounts.models import RoleAssignment
from renda.congresses.choices import LEADERSHIP_ROLES
from renda.congresses.models import Committee, CommitteeMember
from renda.supervision.choices import (
    DocumentKind,
    OpinionStatus,
    ReviewMode,
    SupervisionKind,
    WorkReportStep,
)
from renda.supervision.models import SupervisionItem
from renda.supervision.services import followup as followup_services
from renda.supervision.services import items as item_services
from renda.supervision.services import kinds as kind_services
from renda.supervision.services import plan as plan_services
from renda.supervision.services import publication as publication_services
from renda.supervision.services import satisfaction as satisfaction_services

from ..chairpersons import chairpersons_meeting_on
from ..supervision_data import (
    CITY_MANAGEMENT_QUESTIONS,
    FILINGS_2020,
    ITEMS_2020,
    THEMES,
    TWELVE_UNITS,
    DemoItem,
)
from .filings import filings_2020
from .live import load_year

YEAR = 2020
# The committee's meetings of 2020 by month (第八届常委会第N次会议).
MEETING_NUMBERS = {m: 24 + m for m in range(1, 13)}
HEARD = {
    SupervisionKind.WORK_REPORT,
    SupervisionKind.LAW_INSPECTION,
    SupervisionKind.INQUIRY,
}
LEAD_COMMITTEE_OF = {
    "疫情防控": "教育科学文化卫生委员会",
    "经济高质量发展": "财政经济委员会",
    "城市高质量发展": "城乡建设环境保护委员会",
    "三大攻坚战": "预算工作委员会",
    "社会关切": "社会建设委员会",
}


@dataclass
class SupervisionDemoSummary:
    items: int
    items_2020: int
    opinions: int
    filings: int


def _meeting_name(month: int) -> str:
    return f"市第八届人大常委会第{MEETING_NUMBERS[month]}次会议"


def _at(*parts) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _day(month: int, day: int = 20, year: int = YEAR) -> dt.date:
    return dt.date(year, month, day)


class _Builder:
    def __init__(self, *, seed, congress, units, users, standing_committee, today):
        self.random = random.Random(seed + 8)  # noqa: S311 - demo data
        self.congress = congress
        self.units_by_short = {u.short_name: u for u in units.values()}
        self.staff = users["staff"]
        self.users = users
        self.today = today
        self.members = list(
            CommitteeMember.objects.filter(standing_committee=standing_committee)
            .select_related("deputy")
            .order_by("rank")
        )
        self.leaders = [m for m in self.members if m.role in LEADERSHIP_ROLES]
        self.committees = {
            c.name: c for c in Committee.objects.filter(congress=congress)
        }
        self.unit_users: dict[int, object] = {}
        self.themes = {}
        self.opinions = 0
        self.standing_committee = standing_committee
        self.chairpersons_meetings: dict[dt.date, object] = {}

    # The chairpersons' meetings (主任会议) whose decisions supervision links -----

    def chairpersons_meeting(self, date: dt.date):
        """The chairpersons' meeting held on ``date`` (meetings' services)."""
        if date not in self.chairpersons_meetings:
            self.chairpersons_meetings[date] = chairpersons_meeting_on(
                standing_committee=self.standing_committee, date=date, actor=self.staff
            )
        return self.chairpersons_meetings[date]

    # People -----------------------------------------------------------------

    def unit(self, short_name):
        return self.units_by_short[short_name]

    def unit_user(self, unit):
        """The unit's staff account (the demo's 住建局 log-in, or a quiet one)."""
        if unit.pk in self.unit_users:
            return self.unit_users[unit.pk]
        existing = (
            get_user_model()
            .objects.filter(
                role_assignments__role=Role.UNIT_STAFF,
                role_assignments__handling_unit=unit,
            )
            .first()
        )
        if existing is None:
            existing = get_user_model().objects.create(
                username=f"unit{unit.pk}",
                display_name=f"{unit.short_name or unit.name}联络员",
                password=make_password(None),
            )
            RoleAssignment.objects.create(
                user=existing, role=Role.UNIT_STAFF, handling_unit=unit
            )
        self.unit_users[unit.pk] = existing
        return existing

    # The year ---------------------------------------------------------------

    def build(self) -> SupervisionDemoSummary:
        for rank, name in enumerate(THEMES, start=1):
            self.themes[name] = item_services.theme_create(
                congress=self.congress, name=name, rank=rank, actor=self.staff
            )
        self.topic_call_2020()
        items = self.plan_2020()
        for spec, item in items:
            self.work_through(spec, item)
        filings_2020(self)
        load_year(self)
        return SupervisionDemoSummary(
            items=SupervisionItem.objects.filter(congress=self.congress).count(),
            items_2020=len(items),
            opinions=self.opinions,
            filings=len(FILINGS_2020),
        )

    def topic_call_2020(self):
        call = plan_services.topic_call_open(
            congress=self.congress,
            year=YEAR,
            title="2020年度监督议题征集",
            description="请围绕全市改革发展稳定大局和群众普遍关心的问题提出监督议题。",
            opens_on=dt.date(2019, 10, 8),
            closes_on=dt.date(2019, 11, 30),
            actor=self.staff,
        )
        deputy_user = self.users["deputy"]
        first = plan_services.topic_propose(
            call=call,
            title="老旧小区改造工作情况",
            reason="老旧小区管网老化、无物业管理，群众反映强烈，建议开展专题调研。",
            suggested_kind=SupervisionKind.RESEARCH,
            actor=deputy_user,
            today=dt.date(2019, 10, 20),
        )
        again = plan_services.topic_propose(
            call=call,
            title="棚户区改造后续管理",
            reason="棚户区改造后回迁小区配套不完善。",
            actor=deputy_user,
            today=dt.date(2019, 10, 25),
        )
        resident = plan_services.topic_propose_public(
            call=call,
            name="李秀兰",
            phone="13904371234",
            title="冬季供热温度不达标",
            reason="每年冬季部分小区室温不足18度，希望人大检查供热条例的执行。",
            client_ip="10.0.0.8",
            now=_at(2019, 11, 2, 9, 30),
        )
        unit_user = self.unit_user(self.unit("市住建局"))
        unit_ask = plan_services.topic_propose(
            call=call,
            title="市住建局申请报告城市供热工作",
            reason="向常委会报告供热管理条例实施情况，听取意见。",
            suggested_kind=SupervisionKind.WORK_REPORT,
            actor=unit_user,
            today=dt.date(2019, 11, 5),
        )
        declined = plan_services.topic_propose_public(
            call=call,
            name="王建国",
            phone="13504378899",
            title="某小区停车位纠纷",
            reason="小区停车位被开发商出售。",
            client_ip="10.0.0.9",
            now=_at(2019, 11, 10, 15, 0),
        )
        decided = _at(2019, 12, 10, 10, 0)
        plan_services.proposal_adopt(proposal=first, actor=self.staff, now=decided)
        plan_services.proposal_merge(
            proposal=again,
            into_id=first.pk,
            reason="与《老旧小区改造工作情况》议题合并调研。",
            actor=self.staff,
            now=decided,
        )
        plan_services.proposal_adopt(proposal=resident, actor=self.staff, now=decided)
        plan_services.proposal_adopt(proposal=unit_ask, actor=self.staff, now=decided)
        plan_services.proposal_decline(
            proposal=declined,
            reason="属于民事纠纷，不宜列入常委会监督议题，已建议通过人民调解或诉讼解决。",
            actor=self.staff,
            now=decided,
        )

    def _entry(self, version, spec: DemoItem, order_hint):
        leader = self.leaders[order_hint % len(self.leaders)] if self.leaders else None
        committee = self.committees.get(LEAD_COMMITTEE_OF[spec.theme])
        return plan_services.plan_entry_add(
            version=version,
            actor=self.staff,
            kind=spec.kind,
            title=spec.title,
            theme_ids=[self.themes[spec.theme].pk],
            lead_committee_id=committee.pk if committee else None,
            leader_id=leader.pk if leader else None,
            planned_month=spec.month,
            planned_meeting=_meeting_name(spec.month) if spec.kind in HEARD else "",
            target_unit_ids=[self.unit(s).pk for s in spec.units],
        )

    def plan_2020(self) -> list[tuple[DemoItem, SupervisionItem]]:
        plan = plan_services.plan_create(
            congress=self.congress,
            year=YEAR,
            title="辽源市人大常委会2020年度监督工作计划",
            actor=self.staff,
        )
        version = plan.versions.get(number=1)
        planned = [
            s
            for s in ITEMS_2020
            if s.kind != SupervisionKind.RESOLUTION and not s.follows
        ]
        first = [s for s in planned if s.theme != "疫情防控"]
        epidemic = [s for s in planned if s.theme == "疫情防控"]
        for n, spec in enumerate(first):
            self._entry(version, spec, n)
        plan_services.plan_version_adopt(
            version=version,
            chairpersons_meeting=self.chairpersons_meeting(dt.date(2020, 1, 9)),
            actor=self.staff,
        )
        plan_services.plan_version_publish(
            version=version,
            actor=self.staff,
            now=_at(2020, 1, 10, 9, 0),
        )
        second = plan_services.plan_adjust(
            plan=plan,
            reason="新冠肺炎疫情发生后，增加疫情防控的调研、执法检查和专项工作报告。",
            actor=self.staff,
        )
        for n, spec in enumerate(epidemic):
            self._entry(second, spec, n)
        plan_services.plan_version_adopt(
            version=second,
            chairpersons_meeting=self.chairpersons_meeting(dt.date(2020, 3, 2)),
            actor=self.staff,
        )
        plan_services.plan_version_publish(
            version=second,
            actor=self.staff,
            now=_at(2020, 3, 3, 9, 0),
        )
        by_title = {
            item.title: item
            for item in SupervisionItem.objects.filter(
                congress=self.congress, year=YEAR
            )
        }
        items = [(spec, by_title[spec.title]) for spec in planned]
        # Resolutions are put to the committee as they arise, not planned.
        for spec in ITEMS_2020:
            if spec.kind == SupervisionKind.RESOLUTION:
                item = item_services.item_create(
                    congress=self.congress,
                    year=YEAR,
                    kind=spec.kind,
                    title=spec.title,
                    theme_ids=[self.themes[spec.theme].pk],
                    target_unit_ids=[self.unit(s).pk for s in spec.units],
                    planned_month=spec.month,
                    actor=self.staff,
                )
                items.append((spec, item))
            elif spec.follows:
                items.append((spec, self.follow_up_of_2019(spec)))
        return items

    def follow_up_of_2019(self, spec: DemoItem) -> SupervisionItem:
        """The 2019 report on key tourism projects, and its 2020 follow-up."""
        earlier = item_services.item_create(
            congress=self.congress,
            year=2019,
            kind=SupervisionKind.WORK_REPORT,
            title=spec.follows,
            theme_ids=[self.themes[spec.theme].pk],
            target_unit_ids=[self.unit(s).pk for s in spec.units],
            planned_month=10,
            actor=self.staff,
        )
        item_services.item_complete(
            item=earlier,
            done_on=dt.date(2019, 10, 24),
            meeting_name="市第八届人大常委会第二十一次会议",
            actor=self.staff,
        )
        self._publish(earlier)
        opinion = followup_services.opinion_create(
            item=earlier,
            unit_id=self.unit("市政府").pk,
            text="加快重点旅游项目建设进度，完善配套设施，加强旅游品牌宣传。",
            compiled_on=dt.date(2019, 10, 30),
            actor=self.staff,
        )
        self._opinion_to(opinion, OpinionStatus.CONCLUDED, dt.date(2019, 11, 5))
        follow = followup_services.follow_up_item_create(
            item=earlier,
            year=YEAR,
            kind=SupervisionKind.WORK_REPORT,
            title=spec.title,
            actor=self.staff,
        )
        item_services.item_update(
            item=follow,
            themes=[self.themes[spec.theme].pk],
            planned_month=spec.month,
            actor=self.staff,
        )
        return follow

    # Each item of 2020 --------------------------------------------------------

    def work_through(self, spec: DemoItem, item: SupervisionItem):
        done_on = _day(spec.month, 18 + self.random.randint(0, 8))
        staff = self.staff
        if spec.kind == SupervisionKind.RESOLUTION:
            self.resolution(spec, item, done_on)
            self._publish(item)
            item_services.item_close(item=item, actor=staff)
            return
        item_services.item_start(item=item, actor=staff)
        self.people(spec, item, done_on)
        if spec.kind == SupervisionKind.WORK_REPORT:
            self.work_report(spec, item, done_on)
        elif spec.kind == SupervisionKind.LAW_INSPECTION:
            self.law_inspection(spec, item, done_on)
        elif spec.kind == SupervisionKind.INQUIRY:
            self.inquiry(spec, item, done_on)
        report_kind = {
            SupervisionKind.WORK_REPORT: DocumentKind.REPORT,
            SupervisionKind.LAW_INSPECTION: DocumentKind.INSPECTION_REPORT,
            SupervisionKind.FIELD_INSPECTION: DocumentKind.FIELD_REPORT,
            SupervisionKind.RESEARCH: DocumentKind.RESEARCH_REPORT,
        }.get(spec.kind)
        document = None
        if report_kind is not None:
            document = item_services.document_add(
                item=item,
                kind=report_kind,
                title=spec.title.removesuffix("专题调研")
                + ("调研报告" if spec.kind == SupervisionKind.RESEARCH else ""),
                text=f"{spec.title}（全文略）。",
                actor=staff,
            )
        item_services.item_complete(
            item=item,
            done_on=done_on,
            meeting_name=_meeting_name(spec.month) if spec.kind in HEARD else "",
            actor=staff,
        )
        self._publish(item, document)
        if spec.kind == SupervisionKind.VOTE_EVALUATION:
            self.vote_evaluation(spec, item, done_on)
        if spec.kind in HEARD and spec.units:
            self.follow(spec, item, done_on)
        else:
            item_services.item_close(item=item, actor=staff)

    def _publish(self, item, document=None):
        """Publish an item (and its report) a few days after its main step."""
        day = (item.done_on or self.today) + dt.timedelta(days=3)
        at = _at(day.year, day.month, day.day, 10, 0) if day <= self.today else None
        publication_services.item_publish(
            item=item,
            public_summary=f"{item.get_kind_display()}：{item.title}。",
            actor=self.staff,
            now=at,
        )
        if document is not None:
            publication_services.document_publish(
                document=document, actor=self.staff, now=at
            )

    def people(self, spec: DemoItem, item, done_on):
        members = self.random.sample(self.members, k=min(6, len(self.members)))
        group_id = None
        if "groups" in spec.tags and len(self.leaders) >= 4:
            from renda.regions.models import Region

            areas = list(
                Region.objects.filter(code__in=["220402", "220403", "220421", "220422"])
            )
            for n, leader in enumerate(self.leaders[:4], start=1):
                group = item_services.working_group_create(
                    item=item,
                    name=f"第{n}监督工作组",
                    leader_id=leader.pk,
                    region_ids=[areas[(n - 1) % len(areas)].pk] if areas else [],
                    actor=self.staff,
                )
                group_id = group_id or group.pk
        participants = item_services.participants_invite(
            item=item,
            member_ids=[m.pk for m in members],
            working_group_id=group_id,
            actor=self.staff,
        )
        if spec.kind in (
            SupervisionKind.FIELD_INSPECTION,
            SupervisionKind.LAW_INSPECTION,
            SupervisionKind.RESEARCH,
        ):
            item_services.site_visit_record(
                item=item,
                date=done_on - dt.timedelta(days=10),
                place=f"{(spec.units or ['市政府'])[0]}及有关企业、社区",
                summary="听取汇报，实地查看，召开座谈会。",
                participant_ids=[p.pk for p in participants[:4]],
                actor=self.staff,
                today=self.today,
            )

    def work_report(self, spec: DemoItem, item, done_on):
        item_services.item_update(
            item=item,
            meeting_date=done_on,
            meeting_name=_meeting_name(spec.month),
            written_review=spec.written,
            actor=self.staff,
            **({"subtype": spec.subtype} if spec.subtype else {}),
        )
        item_services.document_add(
            item=item,
            kind=DocumentKind.REPORT_DRAFT,
            title=f"{spec.title}（征求意见稿）",
            text="报告稿全文略。",
            actor=self.staff,
        )
        for step, days in (
            (WorkReportStep.OPINIONS_SENT, 31),
            (WorkReportStep.DRAFT_RECEIVED, 21),
            (WorkReportStep.REVISED_RECEIVED, 11),
            (WorkReportStep.DISTRIBUTED, 8),
        ):
            item_services.milestone_record(
                item=item,
                step=step,
                done_on=done_on - dt.timedelta(days=days),
                actor=self.staff,
                today=self.today,
            )

    def law_inspection(self, spec: DemoItem, item, done_on):
        kind_services.inspection_laws_set(
            item=item,
            laws=[{"name": name, "law_kind": kind} for name, kind in spec.laws],
            actor=self.staff,
        )
        kind_services.inspection_methods_set(
            item=item,
            methods=["FORUM", "SITE_CHECK", "QUESTIONNAIRE"],
            actor=self.staff,
        )
        kind_services.inspection_report_save(
            item=item,
            implementation="各级政府及有关部门认真贯彻实施，工作机制逐步健全。",
            problems="宣传普及不够深入，执法力量不足，配套制度有待完善。",
            recommendations="加强普法宣传，充实执法力量，完善配套制度。",
            amendments="建议适时修订有关地方性法规的罚则。",
            actor=self.staff,
        )

    def inquiry(self, spec: DemoItem, item, done_on):
        questions = (
            CITY_MANAGEMENT_QUESTIONS
            if "nine_questions" in spec.tags
            else [
                f"{spec.title.removesuffix('专题询问')}存在哪些突出问题？下一步有何措施？",
                "群众反映的问题何时能够解决？",
            ]
        )
        unit = self.unit(spec.units[-1])
        for n, text in enumerate(questions):
            asker = self.members[n % len(self.members)]
            question = kind_services.inquiry_question_add(
                item=item,
                question=text,
                asked_by_member_id=asker.pk,
                answering_unit_id=unit.pk,
                actor=self.staff,
            )
            kind_services.inquiry_answer_record(
                item=item,
                question_id=question.pk,
                answered_by=f"{unit.short_name or unit.name}主要负责人",
                answer="针对这一问题，我们将制定专项整治方案，明确时限，压实责任。",
                answered_on=done_on,
                actor=self.staff,
            )

    def resolution(self, spec: DemoItem, item, done_on):
        total = len(self.members)
        present = total - self.random.randint(2, 5)
        kind_services.resolution_record(
            item=item,
            text=f"{spec.title}（全文略）。",
            meeting_name=_meeting_name(spec.month),
            adopted_on=done_on,
            online_vote=spec.online,
            members_total=total,
            votes_for=present - 1,
            votes_against=0,
            votes_abstain=1,
            not_voting=0,
            actor=self.staff,
        )

    def vote_evaluation(self, spec: DemoItem, item, done_on):
        total = len(self.members)
        present = total - 3
        test = satisfaction_services.satisfaction_test_record(
            item=item,
            held_on=done_on,
            present=present,
            satisfied=present - 6,
            basically_satisfied=5,
            unsatisfied=1,
            unit_id=self.unit(spec.units[0]).pk,
            members_total=total,
            meeting_name=_meeting_name(spec.month),
            actor=self.staff,
        )
        publication_services.satisfaction_test_publish(
            test=test,
            actor=self.staff,
            now=_at(done_on.year, done_on.month, done_on.day, 17, 0),
        )

    # Review opinions ----------------------------------------------------------

    def follow(self, spec: DemoItem, item, done_on):
        """Opinions to the body: most concluded in 2020, some still in hand."""
        unit = self.unit(spec.units[0])
        opinion = followup_services.opinion_create(
            item=item,
            unit_id=unit.pk,
            text=f"关于{spec.title.removesuffix('的报告')}的审议意见：进一步压实责任，"
            "补齐短板，建立长效机制，并于规定期限内报告研究处理情况。",
            compiled_on=done_on + dt.timedelta(days=5),
            actor=self.staff,
        )
        self.opinions += 1
        if "twelve_units" in spec.tags:
            for n, short in enumerate(TWELVE_UNITS, start=1):
                followup_services.point_add(
                    opinion=opinion,
                    text=f"落实中央帮助企业复工复产政策措施（第{n}项）",
                    unit_id=self.unit(short).pk,
                    due_on=done_on + dt.timedelta(days=60),
                    actor=self.staff,
                )
        # Where this opinion ends: most concluded, a few left in each state.
        n = self.opinions
        target = (
            OpinionStatus.DRAFT
            if n == 3
            else OpinionStatus.APPROVED
            if n == 5
            else OpinionStatus.SENT
            if n in (7, 9)
            else OpinionStatus.REPORTED
            if n in (11, 13)
            else OpinionStatus.CONCLUDED
        )
        self._opinion_to(opinion, target, done_on + dt.timedelta(days=6))
        if target == OpinionStatus.CONCLUDED:
            item_services.item_close(item=item, actor=self.staff)

    def _opinion_to(self, opinion, target, approved_on):
        staff = self.staff
        if target == OpinionStatus.DRAFT:
            return
        followup_services.opinion_approve(
            opinion=opinion,
            chairpersons_meeting=self.chairpersons_meeting(approved_on),
            actor=staff,
        )
        if target == OpinionStatus.APPROVED:
            return
        sent_on = approved_on + dt.timedelta(days=2)
        followup_services.opinion_send(opinion=opinion, sent_on=sent_on, actor=staff)
        publication_services.opinion_publish(
            opinion=opinion,
            actor=staff,
            now=_at(sent_on.year, sent_on.month, sent_on.day, 16, 0),
        )
        if target == OpinionStatus.SENT:
            return
        for point in opinion.points.all():
            followup_services.point_progress_report(
                point=point,
                text="已制定落实方案，正在推进。",
                reported_on=sent_on + dt.timedelta(days=30),
                actor=self.unit_user(point.unit),
                today=self.today,
            )
            followup_services.point_finish(
                point=point,
                done_on=sent_on + dt.timedelta(days=55),
                actor=staff,
                today=self.today,
            )
        filed_on = sent_on + dt.timedelta(days=80)
        report = followup_services.handling_report_file(
            opinion=opinion,
            text="收到审议意见后，我们认真研究，逐条制定整改措施，现将研究处理情况报告如下（略）。",
            filed_on=filed_on,
            actor=self.unit_user(opinion.unit),
            today=self.today,
        )
        followup_services.handling_report_comment(
            report=report,
            comment="报告基本反映了审议意见的落实情况，建议进一步细化长效机制。",
            commented_on=filed_on + dt.timedelta(days=7),
            actor=staff,
            today=self.today,
        )
        published = filed_on + dt.timedelta(days=10)
        publication_services.handling_report_publish(
            report=report,
            actor=staff,
            now=_at(published.year, published.month, published.day, 10, 0)
            if published <= self.today
            else None,
        )
        if target == OpinionStatus.REPORTED:
            return
        followup_services.handling_report_review(
            report=report,
            mode=ReviewMode.READ,
            reviewed_on=filed_on + dt.timedelta(days=20),
            actor=staff,
        )
        followup_services.opinion_conclude(
            opinion=opinion, concluded_on=filed_on + dt.timedelta(days=21), actor=staff
        )


def demo_supervision_build(
    *, seed: int, congress, units: dict, users: dict, standing_committee, today
) -> SupervisionDemoSummary:
    """Write the demo's supervision work through the services; return its figures."""
    return _Builder(
        seed=seed,
        congress=congress,
        units=units,
        users=users,
        standing_committee=standing_committee,
        today=today,
    ).build()

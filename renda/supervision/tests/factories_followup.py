"""Follow-up records built through the services (a heard item, its opinions)."""

from __future__ import annotations

import datetime as dt

from renda.meetings.tests.factories_decisions import chairpersons_meeting_on

from ..choices import SupervisionKind
from ..services import followup as services
from ..services.items import item_complete, item_create

HEARD_ON = dt.date(2024, 6, 25)
SENT_ON = dt.date(2024, 7, 1)  # + 3 months = 2024-10-01, National Day: rolls to 10-08
TODAY = dt.date(2024, 7, 10)


def heard_item(world, staff, *, kind=SupervisionKind.WORK_REPORT, done_on=HEARD_ON):
    item = item_create(
        congress=world.city_congress,
        year=done_on.year,
        kind=kind,
        title="关于优化营商环境工作情况的报告",
        target_unit_ids=[world.unit_city.pk],
        actor=staff,
    )
    return item_complete(item=item, done_on=done_on, actor=staff)


def draft_opinion(world, staff, item=None, unit=None, compiled_on=dt.date(2024, 6, 28)):
    item = item or heard_item(world, staff)
    return services.opinion_create(
        item=item,
        unit_id=(unit or world.unit_city).pk,
        text="一、进一步压减审批时限；二、加强政务服务平台建设。",
        compiled_on=compiled_on,
        actor=staff,
    )


APPROVED_ON = dt.date(2024, 6, 30)


def approve(opinion, staff, *, on=APPROVED_ON):
    """The chairpersons' meeting held ``on`` approves the opinions."""
    return services.opinion_approve(
        opinion=opinion,
        chairpersons_meeting=chairpersons_meeting_on(
            opinion.item.congress, on, actor=staff
        ),
        actor=staff,
    )


def sent_opinion(world, staff, item=None, sent_on=SENT_ON, unit=None):
    opinion = draft_opinion(world, staff, item, unit=unit)
    approve(opinion, staff)
    return services.opinion_send(opinion=opinion, sent_on=sent_on, actor=staff)


def reported_opinion(world, staff, unit_user, item=None):
    opinion = sent_opinion(world, staff, item)
    services.handling_report_file(
        opinion=opinion,
        text="已制定整改方案，审批时限压减30%。",
        filed_on=dt.date(2024, 9, 20),
        actor=unit_user,
    )
    opinion.refresh_from_db()
    return opinion


def open_point(
    world, staff, opinion, *, text="压减审批时限", due_on=dt.date(2024, 9, 30)
):
    """A rectification point of the city's unit on a sent opinion."""
    return services.point_add(
        opinion=opinion,
        text=text,
        unit_id=world.unit_city.pk,
        due_on=due_on,
        actor=staff,
    )

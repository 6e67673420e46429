"""关联事项: an agenda item linked to what it hears or decides, offered by the
apps that register with meetings' hooks (here supervision), only among the
meeting's congress's candidates of the item's kind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from renda.meetings import hooks, services
from renda.meetings.choices import AgendaKind
from renda.supervision.choices import SupervisionKind
from renda.supervision.tests.factories import SupervisionItemFactory

from .factories import meeting, standing_committee_of

pytestmark = pytest.mark.django_db

API = "/api/v1/meetings"


@pytest.fixture
def planned(world, committee_staff):
    committee = standing_committee_of(world)
    return meeting(
        committee, actor=committee_staff, date=dt.date.today() + dt.timedelta(days=7)
    )


@pytest.fixture
def report(world, planned):
    return SupervisionItemFactory(
        congress=world.city_congress,
        year=planned.date.year,
        kind=SupervisionKind.WORK_REPORT,
        title="关于全市安全生产工作情况的报告",
    )


@pytest.fixture
def foreign(world, planned):
    """A work report of another congress (a district's)."""
    return SupervisionItemFactory(
        congress=world.longshan_congress,
        year=planned.date.year,
        kind=SupervisionKind.WORK_REPORT,
        title="关于龙山区某工作情况的报告",
    )


def test_a_work_report_is_offered_for_work_report_only(planned, report, foreign):
    values = [
        v
        for v, _ in hooks.agenda_subject_choices(
            meeting=planned, kind=AgendaKind.WORK_REPORT
        )
    ]
    assert hooks.subject_value(report) in values
    assert hooks.subject_value(foreign) not in values
    other = hooks.agenda_subject_choices(meeting=planned, kind=AgendaKind.APPOINTMENT)
    assert hooks.subject_value(report) not in [v for v, _ in other]


def test_staff_link_a_work_report_through_the_page(
    client, planned, report, committee_staff
):
    client.force_login(committee_staff)
    page = client.get(reverse("meetings:detail", args=[planned.pk]))
    assert "关联事项" in page.content.decode()
    assert hooks.subject_value(report) in page.content.decode()
    response = client.post(
        reverse("meetings:agenda_add", args=[planned.pk]),
        {
            "kind": AgendaKind.WORK_REPORT,
            "title": "听取和审议安全生产工作报告",
            "subject": hooks.subject_value(report),
        },
    )
    assert response.status_code == 302
    item = planned.agenda_items.get()
    assert item.subject == report
    page = client.get(reverse("meetings:detail", args=[planned.pk]))
    html = page.content.decode()
    assert report.title in html
    assert reverse("supervision:item_detail", args=[report.pk]) in html
    # The edit page keeps it; unlinking through it.
    edit = reverse("meetings:agenda_edit", args=[item.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {"kind": AgendaKind.WORK_REPORT, "title": item.title, "subject": ""},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.subject_id is None
    # The htmx refresh of the select on a change of kind.
    partial = client.get(
        reverse("meetings:agenda_subjects", args=[planned.pk]),
        {"kind": AgendaKind.WORK_REPORT},
    )
    assert partial.status_code == 200
    assert hooks.subject_value(report) in partial.content.decode()


def test_the_page_refuses_another_congress_or_a_forged_value(
    client, planned, report, foreign, committee_staff
):
    client.force_login(committee_staff)
    url = reverse("meetings:agenda_add", args=[planned.pk])
    for value in [
        hooks.subject_value(foreign),
        "auth.user:1",
        "garbage",
        hooks.subject_value(report).replace("supervisionitem", "reviewopinion"),
    ]:
        response = client.post(
            url,
            {"kind": AgendaKind.WORK_REPORT, "title": "议题", "subject": value},
        )
        assert response.status_code == 400
        assert "关联事项" in response.content.decode()
    # The right object under another kind is refused too.
    response = client.post(
        url,
        {
            "kind": AgendaKind.APPOINTMENT,
            "title": "议题",
            "subject": hooks.subject_value(report),
        },
    )
    assert response.status_code == 400
    assert not planned.agenda_items.exists()


def test_the_api_links_and_refuses(client, planned, report, foreign, committee_staff):
    client.force_login(committee_staff)
    listed = client.get(
        f"{API}/{planned.pk}/agenda/subjects", {"kind": AgendaKind.WORK_REPORT}
    )
    assert listed.status_code == 200
    assert hooks.subject_value(report) in [row["value"] for row in listed.json()]
    added = client.post(
        f"{API}/{planned.pk}/agenda",
        {
            "kind": AgendaKind.WORK_REPORT,
            "title": "听取和审议安全生产工作报告",
            "subject": hooks.subject_value(report),
        },
        content_type="application/json",
    )
    assert added.status_code == 201, added.content
    row = added.json()["agenda"][0]
    assert row["subject"] == hooks.subject_value(report)
    assert row["subject_label"] == report.title
    assert row["subject_url"] == reverse("supervision:item_detail", args=[report.pk])

    refused = client.post(
        f"{API}/{planned.pk}/agenda",
        {
            "kind": AgendaKind.WORK_REPORT,
            "title": "另一议题",
            "subject": hooks.subject_value(foreign),
        },
        content_type="application/json",
    )
    assert refused.status_code == 400
    body = refused.json()
    assert body.get("field") == "subject" or "subject" in str(body)
    assert "关联事项" in str(body)
    assert planned.agenda_items.count() == 1

    item = planned.agenda_items.get()
    for value in [hooks.subject_value(foreign), "supervision.supervisionitem:0"]:
        patched = client.patch(
            f"{API}/agenda/{item.pk}",
            {"subject": value},
            content_type="application/json",
        )
        assert patched.status_code == 400
    item.refresh_from_db()
    assert item.subject == report
    # A change of kind to one the subject does not fit is refused with it.
    patched = client.patch(
        f"{API}/agenda/{item.pk}",
        {"kind": AgendaKind.APPOINTMENT, "subject": hooks.subject_value(report)},
        content_type="application/json",
    )
    assert patched.status_code == 400
    item.refresh_from_db()
    assert item.kind == AgendaKind.WORK_REPORT
    cleared = client.patch(
        f"{API}/agenda/{item.pk}", {"subject": ""}, content_type="application/json"
    )
    assert cleared.status_code == 200
    assert cleared.json()["agenda"][0]["subject"] == ""


def test_the_service_refuses_a_forged_value(planned, committee_staff, foreign):
    from renda.core.errors import ApplicationError

    with pytest.raises(ApplicationError) as refused:
        services.agenda_item_add(
            meeting=planned,
            kind=AgendaKind.WORK_REPORT,
            title="议题",
            subject=hooks.subject_value(foreign),
            actor=committee_staff,
        )
    assert refused.value.field == "subject"

"""The sign-off's step times on the legal calendar, the figures, the API and pages."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from renda.suggestions import services
from renda.suggestions.choices import AssignmentRole, Channel
from renda.suggestions.models import Assignment, Instruction
from renda.suggestions.selectors.government import (
    coordinating_assignment,
    government_stats,
    government_steps,
    working_days_between,
)
from renda.units.choices import UnitKind
from renda.units.tests.factories import HandlingUnitFactory

from .factories import START, accepted, deputy_user, moment, reply, unit_user

URL = "/api/v1/suggestions"


@pytest.fixture
def gov(world, committee_staff):
    office = HandlingUnitFactory(
        name="辽源市人民政府办公室", region=world.city, kind=UnitKind.GOVERNMENT
    )
    services.government_route_set(
        congress=world.city_congress,
        coordinating_unit=office,
        actor=committee_staff,
        now=START,
    )
    return {"office": office, "clerk": unit_user(office, "office_clerk")}


def _through(world, deputy, staff, clerk, *, sent, signed, dispatched=None, **fields):
    """An item sent on ``sent``, signed on ``signed``, passed on on ``dispatched``."""
    fields.setdefault("channel", Channel.VOICE)
    suggestion = accepted(world, deputy, staff, now=sent, **fields)
    coordinating = services.suggestion_send_to_government(
        suggestion=suggestion, actor=staff, now=sent
    )
    services.instruction_record(
        assignment=coordinating,
        leader_name="王明",
        leader_title="市政府分管副市长",
        signed_at=signed,
        text="请市交通运输局牵头办理。",
        actor=clerk,
        now=signed,
    )
    if dispatched:
        services.assignment_dispatch(
            assignment=coordinating,
            units=[(world.unit_city, AssignmentRole.LEAD)],
            actor=clerk,
            now=dispatched,
        )
    return suggestion, coordinating


def test_working_days_skip_holidays_and_count_make_up_days(db):
    # 清明 2025: 4 to 6 April off.
    assert working_days_between(moment(2025, 4, 2), moment(2025, 4, 7)) == 2
    # 劳动节 2025: 1 to 5 May off, Sunday 27 April a make-up workday.
    assert working_days_between(moment(2025, 4, 25), moment(2025, 4, 28)) == 2
    assert working_days_between(moment(2025, 4, 25), moment(2025, 5, 6)) == 5
    assert working_days_between(moment(2025, 4, 7, 8), moment(2025, 4, 7, 17)) == 0


def test_step_times_across_a_holiday(world, deputy, committee_staff, unit_staff, gov):
    suggestion, coordinating = _through(
        world,
        deputy,
        committee_staff,
        gov["clerk"],
        sent=moment(2025, 4, 2),
        signed=moment(2025, 4, 7, 10),
        dispatched=moment(2025, 4, 9, 15),
    )
    lead = Assignment.objects.get(suggestion=suggestion, role=AssignmentRole.LEAD)
    reply(lead, unit_staff, now=moment(2025, 4, 14, 16))

    steps = government_steps(coordinating_assignment(suggestion.pk))

    assert steps.sent_at == moment(2025, 4, 2)
    assert steps.signed_at == moment(2025, 4, 7, 10)
    assert (steps.sign_off_days, steps.dispatch_days, steps.department_days) == (
        2,
        2,
        3,
    )


def test_the_figures_are_what_the_records_say(
    world, deputy, committee_staff, leader, gov
):
    clerk = gov["clerk"]
    _through(
        world, deputy, committee_staff, clerk,
        sent=moment(2025, 4, 2), signed=moment(2025, 4, 7), dispatched=moment(2025, 4, 9),
        title="关于东吉大路增设信号灯的建议",
    )  # fmt: skip
    _through(
        world, deputy, committee_staff, clerk,
        sent=moment(2025, 4, 25), signed=moment(2025, 5, 6), dispatched=moment(2025, 5, 7),
        title="关于修缮人民大街人行道的建议",
    )  # fmt: skip
    _through(
        world, deputy, committee_staff, clerk,
        sent=moment(2025, 4, 2), signed=moment(2025, 4, 3),
        channel=Channel.HOTLINE, title="关于小区供暖不热的反映",
    )  # fmt: skip
    # Computed again from the rows, day by day.
    expected: dict[str, tuple[list[int], list[int]]] = {}
    for row in Instruction.objects.select_related("assignment", "suggestion"):
        a = row.assignment
        signs, sends = expected.setdefault(row.suggestion.channel, ([], []))
        signs.append(working_days_between(a.assigned_at, row.signed_at))
        if a.dispatched_at:
            sends.append(working_days_between(row.signed_at, a.dispatched_at))
    assert expected == {Channel.VOICE: ([2, 5], [2, 1]), Channel.HOTLINE: ([1], [])}

    rows = government_stats(user=leader, congress=world.city_congress, year=2025)

    by_channel = {row.channel: row for row in rows}
    voice, hotline = by_channel[Channel.VOICE], by_channel[Channel.HOTLINE]
    assert (voice.count, voice.dispatched) == (2, 2)
    assert voice.sign_off_average == voice.sign_off_median == Decimal("3.5")
    assert voice.dispatch_average == voice.dispatch_median == Decimal("1.5")
    assert (hotline.count, hotline.dispatched) == (1, 0)
    assert hotline.sign_off_average == Decimal("1.0")
    assert hotline.dispatch_average is None
    assert Channel.FORMAL not in by_channel
    assert government_stats(user=leader, congress=world.city_congress, year=2024) == []

    client = Client()
    client.force_login(leader)
    response = client.get(
        f"{URL}/government/stats", {"congress": world.city_congress.pk, "year": 2025}
    )
    assert response.status_code == 200, response.content
    api = {row["channel"]: row for row in response.json()}
    assert api["VOICE"]["count"] == 2
    assert Decimal(str(api["VOICE"]["sign_off_median"])) == Decimal("3.5")
    page = client.get(
        reverse("suggestions:stats"), {"congress": world.city_congress.pk, "year": 2025}
    )
    assert page.status_code == 200
    assert "经政府签批" in page.content.decode()
    export = client.get(
        reverse("suggestions:stats_export"),
        {"congress": world.city_congress.pk, "year": 2025},
    )
    workbook = load_workbook(BytesIO(export.content))
    sheet = workbook["经政府签批"]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["《代表之声》"] == (2, 3.5, 3.5, 2, 1.5, 1.5)
    ledger = client.get(
        reverse("suggestions:ledger"),
        {"congress": world.city_congress.pk, "year": 2025},
    )
    assert ledger.status_code == 200
    cells = [
        str(value)
        for row in load_workbook(BytesIO(ledger.content)).active.iter_rows(
            values_only=True
        )
        for value in row
        if value
    ]
    assert any("辽源市人民政府办公室（政府转办）" in cell for cell in cells)


def test_who_reads_the_instruction_text(
    world, deputy, committee_staff, unit_staff, gov
):
    suggestion, _coordinating = _through(
        world,
        deputy,
        committee_staff,
        gov["clerk"],
        sent=START,
        signed=START,
        dispatched=START,
    )
    url = f"{URL}/government/items/{suggestion.pk}"
    as_unit = Client()
    as_unit.force_login(unit_staff)
    data = as_unit.get(url).json()
    assert data["instruction"]["text"] == "请市交通运输局牵头办理。"
    assert data["steps"]["sign_off_days"] == 0
    page = as_unit.get(reverse("suggestions:detail", args=[suggestion.pk]))
    html = page.content.decode()
    assert "领导批示" in html
    assert "请市交通运输局牵头办理" in html
    assert "办理用时" in html

    deputy_account = deputy_user(world.deputy_city_a, "deputy_a")
    as_deputy = Client()
    as_deputy.force_login(deputy_account)
    data = as_deputy.get(url).json()
    assert data["instruction"]["leader_title"] == "市政府分管副市长"
    assert data["instruction"]["text"] is None
    html = as_deputy.get(
        reverse("suggestions:detail", args=[suggestion.pk])
    ).content.decode()
    assert "市政府分管副市长王明" in html
    assert "请市交通运输局牵头办理" not in html


def test_api_writes_and_their_refusals(world, deputy, committee_staff, unit_staff, gov):
    suggestion = accepted(world, deputy, committee_staff, channel=Channel.VOICE)
    staff = Client()
    staff.force_login(committee_staff)
    clerk = Client()
    clerk.force_login(gov["clerk"])
    unit = Client()
    unit.force_login(unit_staff)

    refused = unit.post(f"{URL}/{suggestion.pk}/government")
    assert refused.status_code in (403, 404)
    sent = staff.post(
        f"{URL}/{suggestion.pk}/government", headers={"Idempotency-Key": "s1"}
    )
    assert sent.status_code == 200, sent.content
    assert sent.json()["role"] == "COORDINATING"
    pk = sent.json()["id"]
    again = staff.post(f"{URL}/{suggestion.pk}/government")
    assert again.status_code == 409
    assert "已由其他工作人员交办" in again.json()["message"]

    early = clerk.post(
        f"{URL}/assignments/{pk}/dispatch",
        {"units": [{"unit": world.unit_city.pk, "role": "LEAD"}]},
        content_type="application/json",
    )
    assert early.status_code == 409
    assert "先登记" in early.json()["message"]
    body = {
        "leader_name": "王明",
        "leader_title": "市政府分管副市长",
        "signed_at": sent.json()["assigned_at"],
        "text": "同意，请市交通运输局办理。",
    }
    forbidden = staff.post(
        f"{URL}/assignments/{pk}/instruction", body, content_type="application/json"
    )
    assert forbidden.status_code == 403
    assert "政府办公室" in forbidden.json()["message"]
    made = clerk.post(
        f"{URL}/assignments/{pk}/instruction",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": "i1"},
    )
    assert made.status_code == 200, made.content
    dispatched = clerk.post(
        f"{URL}/assignments/{pk}/dispatch",
        {"units": [{"unit": world.unit_city.pk, "role": "LEAD"}]},
        content_type="application/json",
    )
    assert dispatched.status_code == 200, dispatched.content
    assert dispatched.json()["status"] == "DISPATCHED"

    route = staff.get(f"{URL}/government/routes/{world.city_congress.pk}")
    assert route.json()["channels"] == ["VOICE", "HOTLINE"]
    changed = staff.post(
        f"{URL}/government/routes/{world.city_congress.pk}",
        {"coordinating_unit": gov["office"].pk, "covers_hotline": False},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["channels"] == ["VOICE"]
    assert unit.get(
        f"{URL}/government/routes/{world.city_congress.pk}"
    ).status_code in (
        403,
        404,
    )


def test_the_office_page_records_and_dispatches(world, deputy, committee_staff, gov):
    suggestion = accepted(world, deputy, committee_staff, channel=Channel.VOICE)
    staff = Client()
    staff.force_login(committee_staff)
    detail = staff.get(reverse("suggestions:detail", args=[suggestion.pk]))
    assert "送辽源市人民政府办公室签批" in detail.content.decode()
    response = staff.post(
        reverse("suggestions:staff_send_government", args=[suggestion.pk])
    )
    assert response.status_code == 302
    coordinating = Assignment.objects.get(suggestion=suggestion)
    clerk = Client()
    clerk.force_login(gov["clerk"])
    url = reverse("suggestions:unit_coordinate", args=[coordinating.pk])
    assert clerk.get(url).status_code == 200
    assert (
        clerk.get(reverse("suggestions:unit_reply", args=[coordinating.pk])).url == url
    )
    bad = clerk.post(url, {"action": "instruct", "leader_name": "王明"})
    assert bad.status_code == 400
    assert "请填写领导职务" in bad.content.decode()
    signed = coordinating.assigned_at.astimezone().strftime("%Y-%m-%dT%H:%M")
    ok = clerk.post(
        url,
        {
            "action": "instruct",
            "leader_name": "王明",
            "leader_title": "市政府分管副市长",
            "signed_at": signed,
            "text": "同意。",
        },
    )
    assert ok.status_code == 302, ok.content.decode()[:2000]
    none = clerk.post(url, {"action": "dispatch"})
    assert none.status_code == 400
    assert "主办" in none.content.decode()
    done = clerk.post(url, {"action": "dispatch", f"unit_{world.unit_city.pk}": "LEAD"})
    assert done.status_code == 302
    assert clerk.post(url, {"action": "dispatch"}).status_code == 409

    settings_page = staff.get(reverse("suggestions:government_route"))
    assert settings_page.status_code == 200
    assert "政府签批设置" in settings_page.content.decode()

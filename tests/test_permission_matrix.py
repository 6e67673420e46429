"""Every role against every page and API endpoint: who gets in, who gets 403/404.

Each row names a page (or endpoint), how to reach it in the `world` fixture, and
the status each role must get. Roles not listed in a row's ``expect`` get the
row's ``default``. Anonymous users are sent to the log-in page (pages) or get
401 (API). A 404 means "outside your scope": the object exists, but the user
must not learn that.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.deputies.roster import roster_preview
from renda.deputies.tests.roster_helpers import roster_file, roster_row
from tests.matrix import (
    ROLES,
    Row,
    assert_api_access,
    assert_page_access,
    login_as,
    module_data,
    unseat_committee_member,
)

# The world and the role users once for the module; each test in a savepoint.
module_data(globals())

ALL_BUT_UNIT = {"unit_staff": 403}
STAFF_ONLY = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 200,
    "leader": 200,
}

SEES_ASSIGNED = {
    "system_admin": 200,
    "committee_staff": 200,
    "leader": 200,
    "deputy": 200,
    "unit_staff": 200,
}
UNIT = {"unit_staff": 200}
ACT = {"system_admin": 200, "committee_staff": 200, "district_staff": 200}
READ = {**ACT, "leader": 200}
DOCS = {"system_admin": 200, "committee_staff": 200}


def _first_user_pk() -> int:
    from renda.accounts.models import User

    return User.objects.order_by("pk").values_list("pk", flat=True).first()


PAGES = [
    Row("home", lambda w, o: reverse("workbench:home"), 200),
    Row("password change", lambda w, o: reverse("accounts:password_change"), 200),
    # Two-factor (issue 13); enforcement by role is in
    # renda/accounts/tests/test_two_factor.py (off under the test settings).
    Row("two-factor page", lambda w, o: reverse("accounts:otp_manage"), 200),
    Row("two-factor set-up", lambda w, o: reverse("accounts:otp_setup"), 200),
    # Nothing owed after force_login: the code page sends the user on.
    Row("two-factor code", lambda w, o: reverse("accounts:otp_verify"), 302),
    # The log-in was the confirmation: the confirm page sends the user on.
    Row("step-up", lambda w, o: reverse("accounts:step_up"), 302),
    Row(
        "two-factor reset",
        lambda w, o: reverse(
            "accounts:otp_reset",
            args=[_first_user_pk()],
        ),
        403,
        {"system_admin": 200},
    ),
    Row("deputy list", lambda w, o: reverse("deputies:list"), 200, ALL_BUT_UNIT),
    Row(
        "deputy list, search",
        lambda w, o: reverse("deputies:list") + "?q=dzm&gender=M",
        200,
        ALL_BUT_UNIT,
    ),
    # 丁照民: a city deputy in the 向阳 group (station S1); not in 西安区's scope.
    Row(
        "deputy profile, city deputy",
        lambda w, o: reverse("deputies:detail", args=[w.deputy_city_a.pk]),
        200,
        {"district_staff": 404, "unit_staff": 403, "liaison_officer": 404},
    ),
    # 王芳: a 西安区 deputy in the 仙城 group (station S3).
    Row(
        "deputy profile, district deputy",
        lambda w, o: reverse("deputies:detail", args=[w.deputy_xian.pk]),
        200,
        {"deputy": 404, "unit_staff": 403, "station_chief": 404},
    ),
    Row(
        "reveal phone of city deputy",
        lambda w, o: reverse("deputies:reveal_phone", args=[w.deputy_city_a.pk]),
        200,
        {"district_staff": 404, "unit_staff": 403, "liaison_officer": 404},
        method="post",
    ),
    # A fellow deputy may see 白玉晶's profile but not her full phone.
    Row(
        "reveal phone of fellow deputy",
        lambda w, o: reverse("deputies:reveal_phone", args=[w.deputy_city_b.pk]),
        200,
        {
            "district_staff": 404,
            "deputy": 403,
            "unit_staff": 403,
            "station_chief": 404,
            "liaison_officer": 404,
        },
        method="post",
    ),
    Row(
        "composition",
        lambda w, o: (
            reverse("deputies:composition") + f"?congress={w.city_congress.pk}"
        ),
        403,
        STAFF_ONLY,
    ),
    Row("export", lambda w, o: reverse("deputies:export"), 403, STAFF_ONLY),
    Row("group list", lambda w, o: reverse("deputies:groups"), 200, ALL_BUT_UNIT),
    Row(
        "group detail, city group",
        lambda w, o: reverse("deputies:group_detail", args=[w.group_longshan.pk]),
        200,
        {"district_staff": 404, "unit_staff": 403, "liaison_officer": 404},
    ),
    Row("station list", lambda w, o: reverse("stations:list"), 200, ALL_BUT_UNIT),
    Row(
        "station detail, 西安区 station",
        lambda w, o: reverse("stations:detail", args=[w.station_xian.pk]),
        200,
        {"deputy": 404, "unit_staff": 403, "station_chief": 404},
    ),
    # S1 (向阳): its chief and the city's staff edit its public details.
    Row(
        "station edit, 向阳 station",
        lambda w, o: reverse("stations:edit", args=[w.station_longshan.pk]),
        403,
        {
            "system_admin": 200,
            "committee_staff": 200,
            "station_chief": 200,
            "district_staff": 404,
            "liaison_officer": 404,
        },
    ),
    Row("congress list", lambda w, o: reverse("congresses:list"), 403, STAFF_ONLY),
    Row(
        "congress detail, city",
        lambda w, o: reverse("congresses:detail", args=[w.city_congress.pk]),
        403,
        {**STAFF_ONLY, "district_staff": 404},
    ),
    Row(
        "roster upload",
        lambda w, o: reverse("roster:upload"),
        403,
        {"system_admin": 200, "committee_staff": 200, "district_staff": 200},
    ),
    Row(
        "roster template",
        lambda w, o: reverse("roster:template"),
        403,
        {"system_admin": 200, "committee_staff": 200, "district_staff": 200},
    ),
    Row(
        "roster preview of a city import",
        lambda w, o: reverse("roster:preview", args=[o["roster_import"].pk]),
        403,
        {"system_admin": 200, "committee_staff": 200, "district_staff": 404},
    ),
    Row(
        "roster confirm of a city import",
        lambda w, o: reverse("roster:confirm", args=[o["roster_import"].pk]),
        403,
        {"system_admin": 302, "committee_staff": 302, "district_staff": 404},
        method="post",
    ),
    Row(
        "audit log",
        lambda w, o: reverse("accounts:audit"),
        403,
        {"system_admin": 200},
    ),
    Row("notifications", lambda w, o: reverse("notifications:list"), 200),
    Row(
        "mark someone else's notice read",
        lambda w, o: reverse("notifications:mark_read", args=[o["notice"].pk]),
        404,
        method="post",
    ),
    Row(
        "mark all notices read",
        lambda w, o: reverse("notifications:mark_all_read"),
        302,
        method="post",
    ),
    # Suggestions: the deputy's pages (丁照民 is the deputy user).
    Row("my suggestions", lambda w, o: reverse("suggestions:my"), 403, {"deputy": 200}),
    Row(
        "new suggestion", lambda w, o: reverse("suggestions:new"), 403, {"deputy": 200}
    ),
    Row(
        "cosigner search",
        lambda w, o: reverse("suggestions:cosigner_options") + "?q=b",
        403,
        {"deputy": 200},
    ),
    Row(
        "duplicate hints while drafting",
        lambda w, o: reverse("suggestions:duplicate_hints") + "?title=老旧小区加装电梯",
        403,
        {"deputy": 200},
    ),
    Row(
        "edit own draft",
        lambda w, o: reverse("suggestions:edit", args=[o["draft"].pk]),
        404,
        {"deputy": 200, "system_admin": 403},
    ),
    Row(
        "discard own draft (the confirmation)",
        lambda w, o: reverse("suggestions:discard", args=[o["draft"].pk]),
        404,
        {"deputy": 200, "system_admin": 403},
    ),
    # The shared detail page and files: staff, leader, the deputy, the assigned unit.
    Row(
        "suggestion detail, assigned to the city unit",
        lambda w, o: reverse("suggestions:detail", args=[o["assigned"].pk]),
        404,
        SEES_ASSIGNED,
    ),
    Row(
        "attachment download",
        lambda w, o: reverse("suggestions:attachment", args=[o["attachment"].pk]),
        404,
        SEES_ASSIGNED,
    ),
    Row(
        "rate a reply (empty form)",
        lambda w, o: reverse("suggestions:rate", args=[o["reply"].pk]),
        404,
        {
            "deputy": 400,
            "system_admin": 403,
            "committee_staff": 403,
            "leader": 403,
            "unit_staff": 403,
        },
        method="post",
    ),
    # The unit's pages.
    Row("unit inbox", lambda w, o: reverse("suggestions:unit_inbox"), 403, UNIT),
    Row(
        "unit reply form",
        lambda w, o: reverse("suggestions:unit_reply", args=[o["assignment"].pk]),
        403,
        UNIT,
    ),
    Row(
        "unit return form",
        lambda w, o: reverse("suggestions:unit_return", args=[o["assignment"].pk]),
        403,
        UNIT,
    ),
    Row(
        "unit extension form",
        lambda w, o: reverse("suggestions:unit_extension", args=[o["assignment"].pk]),
        403,
        UNIT,
    ),
    # The staff's and leaders' pages.
    Row("staff inbox", lambda w, o: reverse("suggestions:staff_inbox"), 403, ACT),
    Row(
        "staff review",
        lambda w, o: reverse("suggestions:staff_review", args=[o["submitted"].pk]),
        403,
        {**ACT, "district_staff": 404},
    ),
    Row(
        "withdraw an assignment (confirm page)",
        lambda w, o: reverse("suggestions:staff_withdraw", args=[o["assignment"].pk]),
        403,
        {**ACT, "district_staff": 404},
    ),
    Row("overdue board", lambda w, o: reverse("suggestions:staff_overdue"), 403, READ),
    Row(
        "extension requests",
        lambda w, o: reverse("suggestions:staff_extensions"),
        403,
        ACT,
    ),
    Row("all suggestions", lambda w, o: reverse("suggestions:staff_list"), 403, READ),
    Row("suggestion statistics", lambda w, o: reverse("suggestions:stats"), 403, READ),
    Row(
        "statistics export", lambda w, o: reverse("suggestions:stats_export"), 403, READ
    ),
    Row("suggestion ledger", lambda w, o: reverse("suggestions:ledger"), 403, READ),
    Row(
        "key suggestions I oversee",
        lambda w, o: reverse("suggestions:leader_key"),
        403,
        {"system_admin": 200, "leader": 200},
    ),
    # Documents staff print.
    Row(
        "documents page",
        lambda w, o: reverse("suggestions:documents"),
        403,
        {**DOCS, "district_staff": 200},
    ),
    Row(
        "assignment letter",
        lambda w, o: reverse(
            "suggestions:assignment_letter", args=[o["assignment"].pk]
        ),
        403,
        {**DOCS, "district_staff": 404},
    ),
    Row(
        "voice briefing",
        lambda w, o: (
            reverse("suggestions:voice_briefing")
            + f"?congress={w.city_congress.pk}&start=2025-03-01&end=2025-03-31"
        ),
        403,
        {**DOCS, "district_staff": 404},
    ),
]


NO_UNIT = {"unit_staff": 403}

# Suggestions of the city congress led by 丁照民 (the deputy fixture); see
# ``objects``. Roles outside the item's scope get 404 before any permission.
SUGGESTION = "/api/v1/suggestions"
OUT_OF_SCOPE = {"district_staff": 404, "station_chief": 404, "liaison_officer": 404}
# Only the lead deputy (or the clerk who entered it) sees a draft.
DRAFT_ONLY_DEPUTY = {
    "system_admin": 403,
    "committee_staff": 404,
    "district_staff": 404,
    "leader": 404,
    "deputy": 200,
    "unit_staff": 404,
    "station_chief": 404,
    "liaison_officer": 404,
}
# Review (accept, return, reject, assign, merge, extension decisions): staff.
STAFF_REVIEW = {
    **OUT_OF_SCOPE,
    "system_admin": 200,
    "committee_staff": 200,
    "leader": 403,
    "deputy": 403,
    "unit_staff": 404,  # not assigned to them yet
}
# Unit work on the city unit's assignment.
UNIT_WORK = {**OUT_OF_SCOPE, "unit_staff": 200}


def _sid(key):
    return lambda w, o: f"{SUGGESTION}/{o[key].pk}"


SUGGESTION_API = [
    Row("api suggestions", lambda w, o: SUGGESTION, 200, api=True),
    Row(
        "api suggestion create",
        lambda w, o: SUGGESTION,
        403,
        # 西安区 staff may draft, but not in the city congress: that id is out of
        # their scope and gets the same 422 as an unknown one.
        {
            "system_admin": 201,
            "committee_staff": 201,
            "deputy": 201,
            "district_staff": 422,
        },
        method="post",
        api=True,
        body=lambda w, o: {
            "congress": w.city_congress.pk,
            "lead_deputy": w.deputy_city_a.pk,
            "title": "关于增设信号灯的建议",
            "body": "建议在东吉大路增设信号灯。",
        },
    ),
    Row(
        "api suggestion stats",
        lambda w, o: f"{SUGGESTION}/stats?congress={w.city_congress.pk}&year=2025",
        403,
        {
            "system_admin": 200,
            "committee_staff": 200,
            "leader": 200,
            "district_staff": 404,
        },
        api=True,
    ),
    Row(
        "api suggestion, assigned",
        _sid("assigned"),
        200,
        OUT_OF_SCOPE,
        api=True,
    ),
    Row(
        "api suggestion attachments",
        lambda w, o: f"{SUGGESTION}/{o['assigned'].pk}/attachments",
        200,
        OUT_OF_SCOPE,
        api=True,
    ),
    Row(
        "api suggestion attachment download",
        lambda w, o: (
            f"{SUGGESTION}/{o['assigned'].pk}/attachments/{o['attachment'].pk}"
        ),
        200,
        OUT_OF_SCOPE,
        api=True,
    ),
    # Files change only while a draft, by its lead deputy or clerk: the
    # assigned item's lead deputy gets 409, everyone else who sees it 403.
    Row(
        "api suggestion attachment add, submitted",
        lambda w, o: f"{SUGGESTION}/{o['assigned'].pk}/attachments",
        403,
        {**OUT_OF_SCOPE, "deputy": 409},
        method="post",
        api=True,
    ),
    Row(
        "api suggestion attachment remove, submitted",
        lambda w, o: (
            f"{SUGGESTION}/{o['assigned'].pk}/attachments/{o['attachment'].pk}/remove"
        ),
        403,
        {**OUT_OF_SCOPE, "deputy": 409},
        method="post",
        api=True,
    ),
    Row(
        "api suggestion update, draft",
        _sid("draft"),
        404,
        DRAFT_ONLY_DEPUTY,
        method="patch",
        api=True,
        body=lambda w, o: {"title": "关于增设信号灯的建议（修改）"},
    ),
    Row(
        "api suggestion discard, draft",
        lambda w, o: f"{SUGGESTION}/{o['draft'].pk}/discard",
        404,
        DRAFT_ONLY_DEPUTY,
        method="post",
        api=True,
    ),
    Row(
        "api suggestion submit, draft",
        lambda w, o: f"{SUGGESTION}/{o['draft'].pk}/submit",
        404,
        DRAFT_ONLY_DEPUTY,
        method="post",
        api=True,
    ),
    Row(
        "api suggestion accept",
        lambda w, o: f"{SUGGESTION}/{o['submitted'].pk}/accept",
        200,
        STAFF_REVIEW,
        method="post",
        api=True,
    ),
    Row(
        "api suggestion return",
        lambda w, o: f"{SUGGESTION}/{o['submitted'].pk}/return",
        200,
        STAFF_REVIEW,
        method="post",
        api=True,
        body=lambda w, o: {"reason": "请补充具体路段。"},
    ),
    Row(
        "api suggestion reject",
        lambda w, o: f"{SUGGESTION}/{o['submitted'].pk}/reject",
        200,
        STAFF_REVIEW,
        method="post",
        api=True,
        body=lambda w, o: {"reason": "属于个人诉求，转来信处理。"},
    ),
    Row(
        "api suggestion routing",
        lambda w, o: f"{SUGGESTION}/{o['assigned'].pk}/routing",
        200,
        {**OUT_OF_SCOPE, "leader": 403, "deputy": 403, "unit_staff": 403},
        api=True,
    ),
    Row(
        "api suggestion assign",
        lambda w, o: f"{SUGGESTION}/{o['accepted'].pk}/assign",
        200,
        STAFF_REVIEW,
        method="post",
        api=True,
        body=lambda w, o: {"units": [{"unit": w.unit_city.pk, "role": "LEAD"}]},
    ),
    Row(
        "api suggestion merge",
        lambda w, o: f"{SUGGESTION}/{o['accepted'].pk}/merge",
        200,
        STAFF_REVIEW,
        method="post",
        api=True,
        body=lambda w, o: {"others": [o["submitted"].pk]},
    ),
    Row(
        "api suggestion mark key",
        lambda w, o: f"{SUGGESTION}/{o['assigned'].pk}/mark-key",
        200,
        {**OUT_OF_SCOPE, "deputy": 403, "unit_staff": 403},
        method="post",
        api=True,
        body=lambda w, o: {"overseer": o["overseer"].pk},
    ),
    Row(
        "api assignment reply",
        lambda w, o: f"{SUGGESTION}/assignments/{o['assignment'].pk}/reply",
        403,
        UNIT_WORK,
        method="post",
        api=True,
        body=lambda w, o: {
            "text": "已增设信号灯。",
            "outcome": "A",
            "signed_by": "李局长",
        },
    ),
    Row(
        "api assignment return",
        lambda w, o: f"{SUGGESTION}/assignments/{o['assignment'].pk}/return",
        403,
        UNIT_WORK,
        method="post",
        api=True,
        body=lambda w, o: {"reason": "该路段由公路管理部门负责。"},
    ),
    Row(
        "api assignment extension",
        lambda w, o: f"{SUGGESTION}/assignments/{o['assignment'].pk}/extension",
        403,
        UNIT_WORK,
        method="post",
        api=True,
        body=lambda w, o: {"months": 2, "reason": "需纳入明年预算。"},
    ),
    Row(
        "api assignment withdraw",
        lambda w, o: f"{SUGGESTION}/assignments/{o['assignment'].pk}/withdraw",
        200,
        {**STAFF_REVIEW, "unit_staff": 403},
        method="post",
        api=True,
        body=lambda w, o: {"reason": "该事项已由市交通运输局统筹办理。"},
    ),
    Row(
        "api extension decide",
        lambda w, o: f"{SUGGESTION}/extensions/{o['extension'].pk}/decide",
        200,
        {**STAFF_REVIEW, "unit_staff": 403},
        method="post",
        api=True,
        body=lambda w, o: {"approve": True},
    ),
    Row(
        "api reply feedback",
        lambda w, o: f"{SUGGESTION}/replies/{o['reply'].pk}/feedback",
        403,
        {**OUT_OF_SCOPE, "deputy": 200},
        method="post",
        api=True,
        body=lambda w, o: {"rating": "SATISFIED"},
    ),
]

API = [
    Row("api me", lambda w, o: "/api/v1/me", 200, api=True),
    Row(
        "api step-up with a wrong password",
        lambda w, o: "/api/v1/auth/step-up",
        403,
        api=True,
        method="post",
        body=lambda w, o: {"password": "not-the-password"},
    ),
    Row("api workbench", lambda w, o: "/api/v1/workbench", 200, api=True),
    Row("api regions", lambda w, o: "/api/v1/regions", 200, api=True),
    Row("api region", lambda w, o: "/api/v1/regions/220400", 200, api=True),
    Row("api congresses", lambda w, o: "/api/v1/congresses", 200, api=True),
    Row(
        "api congress, city",
        lambda w, o: f"/api/v1/congresses/{w.city_congress.pk}",
        200,
        {"district_staff": 404, "unit_staff": 404, "liaison_officer": 404},
        api=True,
    ),
    Row(
        "api congress, 西安区",
        lambda w, o: f"/api/v1/congresses/{w.xian_congress.pk}",
        200,
        {"deputy": 404, "unit_staff": 404, "station_chief": 404},
        api=True,
    ),
    Row(
        "api congress terms",
        lambda w, o: f"/api/v1/congresses/{w.city_congress.pk}/terms",
        200,
        {"district_staff": 404, "unit_staff": 404, "liaison_officer": 404},
        api=True,
    ),
    Row(
        "api composition",
        lambda w, o: f"/api/v1/congresses/{w.city_congress.pk}/composition",
        403,
        {
            "system_admin": 200,
            "committee_staff": 200,
            "leader": 200,
            "district_staff": 404,
        },
        api=True,
    ),
    Row("api deputies", lambda w, o: "/api/v1/deputies?q=dzm", 200, NO_UNIT, api=True),
    Row(
        "api deputy, city",
        lambda w, o: f"/api/v1/deputies/{w.deputy_city_a.pk}",
        200,
        {"district_staff": 404, "unit_staff": 403, "liaison_officer": 404},
        api=True,
    ),
    Row(
        "api deputy, 西安区",
        lambda w, o: f"/api/v1/deputies/{w.deputy_xian.pk}",
        200,
        {"deputy": 404, "unit_staff": 403, "station_chief": 404},
        api=True,
    ),
    Row(
        "api mandates",
        lambda w, o: f"/api/v1/deputies/{w.deputy_city_a.pk}/mandates",
        200,
        {"district_staff": 404, "unit_staff": 403, "liaison_officer": 404},
        api=True,
    ),
    Row("api groups", lambda w, o: "/api/v1/groups", 200, NO_UNIT, api=True),
    Row(
        "api group, city",
        lambda w, o: f"/api/v1/groups/{w.group_longshan.pk}",
        200,
        {"district_staff": 404, "unit_staff": 403, "liaison_officer": 404},
        api=True,
    ),
    Row("api stations", lambda w, o: "/api/v1/stations", 200, NO_UNIT, api=True),
    Row(
        "api station, 西安区",
        lambda w, o: f"/api/v1/stations/{w.station_xian.pk}",
        200,
        {"deputy": 404, "unit_staff": 403, "station_chief": 404},
        api=True,
    ),
    Row("api units", lambda w, o: "/api/v1/units", 200, api=True),
    Row(
        "api unit, city",
        lambda w, o: f"/api/v1/units/{w.unit_city.pk}",
        200,
        {"district_staff": 404},
        api=True,
    ),
    Row(
        "api unit, 西安区 government",
        lambda w, o: f"/api/v1/units/{w.unit_xian.pk}",
        200,
        {"unit_staff": 404, "station_chief": 404},
        api=True,
    ),
    Row(
        "api due date",
        lambda w, o: "/api/v1/calendar/due-date?start=2020-09-30&days=1",
        200,
        api=True,
    ),
    *SUGGESTION_API,
]


@pytest.fixture(scope="module")
def objects(world, committee_staff, deputy, unit_staff, committee_member):
    # tests.matrix seats the committee member login on 白玉晶's seat; here that
    # seat is the overseer's (主任), as when each test built only the roles it used: the
    # member login has the role and no seat.
    unseat_committee_member(world, committee_member)
    pending = roster_preview(
        congress=world.city_congress,
        term=world.city_term,
        file=roster_file([roster_row(姓名="李明")]),
        actor=committee_staff,
    )
    found = _suggestions(world, committee_staff, deputy, unit_staff)
    return {
        "roster_import": pending,
        **found,
        "attachment": _attachment(found["assigned"], deputy),
        "notice": _notice_of(world),
    }


def _attachment(suggestion, actor):
    """A PDF attached to the suggestion, stored the way the pages store it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from renda.suggestions.attachments import (
        atomic_with_files,
        attachments_add,
        check_upload,
    )

    checked, error = check_upload(
        SimpleUploadedFile("现场照片说明.pdf", b"%PDF-1.4\n" + b"0" * 64)
    )
    assert checked is not None, error
    with atomic_with_files():
        [attachment] = attachments_add(
            uploads=[checked], actor=actor, suggestion=suggestion
        )
    return attachment


def _notice_of(world):
    """A notice that belongs to a user none of the roles is."""
    from renda.accounts.tests.factories import UserFactory
    from renda.notifications.choices import NotificationKind
    from renda.notifications.services import notification_send

    stranger = UserFactory(username="stranger")
    [notice] = notification_send(
        recipients=[stranger],
        kind=NotificationKind.GENERIC,
        title="他人的消息",
        body="与当前用户无关。",
        url="/",
    )
    return notice


def _suggestions(world, staff, deputy, unit_staff):
    """City-congress suggestions led by 丁照民, one per state the rows need."""
    from renda.congresses.choices import MemberRole
    from renda.suggestions import services
    from renda.suggestions.tests import factories

    # Today: a unit may return an assignment within 7 working days only.
    now = timezone.now()
    lead = [(world.unit_city, "LEAD")]
    assigned = factories.accepted(world, deputy, staff, now=now, title="已交办")
    [assignment] = services.suggestion_assign(
        suggestion=assigned, units=lead, actor=staff, now=now
    )
    # A second assignment, with a pending extension request, for the decision.
    waiting = factories.accepted(world, deputy, staff, now=now, title="待审批延期")
    [waiting_assignment] = services.suggestion_assign(
        suggestion=waiting, units=lead, actor=staff, now=now
    )
    extension = services.extension_request(
        assignment=waiting_assignment, months=1, reason="需协调", actor=unit_staff
    )
    answered = factories.accepted(world, deputy, staff, now=now, title="已答复")
    [answered_assignment] = services.suggestion_assign(
        suggestion=answered, units=lead, actor=staff, now=now
    )
    return {
        "draft": factories.draft(world, deputy, now=now, title="草稿"),
        "submitted": factories.submitted(world, deputy, now=now, title="已提交"),
        "accepted": factories.accepted(world, deputy, staff, now=now, title="已立案"),
        "assigned": assigned,
        "assignment": assignment,
        "extension": extension,
        "reply": factories.reply(answered_assignment, unit_staff, now=now),
        "overseer": factories.committee_member(world, role=MemberRole.DIRECTOR),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    assert_page_access(client, row, role, row.url(world, objects))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API, ids=lambda r: r.name)
def test_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)


def test_every_api_endpoint_is_in_the_matrix(world, objects):
    from config.api import api

    documented = set(api.get_openapi_schema()["paths"])
    covered = {
        "/api/v1" + _template(row.url(world, objects).split("?")[0], world)
        for row in API
    } | _covered_elsewhere("COVERED_API")
    assert documented <= covered, documented - covered


def _template(path: str, world) -> str:
    """Turn a concrete path back into the schema's template (ids -> {name})."""
    parts = path.strip("/").split("/")[2:]  # drop "api", "v1"
    names = {
        "congresses": "{congress_id}",
        "deputies": "{deputy_id}",
        "groups": "{group_id}",
        "stations": "{station_id}",
        "units": "{unit_id}",
        "regions": "{code}",
        "suggestions": "{suggestion_id}",
        "assignments": "{assignment_id}",
        "extensions": "{extension_id}",
        "replies": "{reply_id}",
        "attachments": "{attachment_id}",
    }
    out = []
    for index, part in enumerate(parts):
        previous = parts[index - 1] if index else None
        # An id (or a region code) follows the collection it belongs to.
        if previous in names and part.isdigit():
            out.append(names[previous])
        else:
            out.append(part)
    return "/" + "/".join(out)


# Pages open to everyone, or that only finish another page's action.
PUBLIC_OR_FOLLOW_UP = {
    "core:healthz",
    "accounts:login",
    "accounts:logout",
    "accounts:password_change_done",
}


def test_every_page_is_in_the_matrix(world, objects):
    from django.urls import get_resolver, resolve

    def names(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                if pattern.namespace in {"admin", "api"}:
                    continue
                space = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                yield from names(pattern, space)
            elif pattern.name:
                yield prefix + pattern.name

    all_pages = set(names(get_resolver()))
    covered = {
        resolve(row.url(world, objects).split("?")[0]).view_name for row in PAGES
    } | _covered_elsewhere("COVERED_PAGES")
    assert all_pages - PUBLIC_OR_FOLLOW_UP <= covered, (
        all_pages - covered - PUBLIC_OR_FOLLOW_UP
    )


def _covered_elsewhere(name: str) -> set[str]:
    """Pages (view names) and endpoints (schema paths) whose role matrix lives in
    an area's own module, ``tests/test_permission_matrix_<area>.py``, which
    lists what it covers in ``COVERED_PAGES`` / ``COVERED_API``."""
    import importlib
    from pathlib import Path

    covered: set[str] = set()
    for path in sorted(Path(__file__).parent.glob("test_permission_matrix_*.py")):
        module = importlib.import_module(f"tests.{path.stem}")
        covered |= set(getattr(module, name, ()))
    return covered

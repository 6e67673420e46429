"""Every transition tells the people it concerns, after the commit and only then."""

import pytest
from django.db import transaction

from renda.core.errors import PermissionDenied
from renda.notifications.choices import NotificationKind
from renda.notifications.models import Notification
from renda.suggestions import services
from renda.suggestions.choices import AssignmentRole, Rating
from renda.units.tests.factories import HandlingUnitFactory

from .factories import accepted, deputy_user, moment, reply, unit_user

LEAD = AssignmentRole.LEAD
JOINT = AssignmentRole.JOINT
TITLE = "关于改善东吉大路交通秩序的建议"


@pytest.fixture
def cosigner(world):
    return deputy_user(world.deputy_city_b, "cosigner")


@pytest.fixture
def everyone(deputy, cosigner, committee_staff, unit_staff, district_staff):
    return [deputy, cosigner, committee_staff, unit_staff, district_staff]


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a service as a request does: its notices go out after the commit."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def told(users) -> dict:
    """Return {username: [(title, body), ...]} of the notices each user got."""
    rows = Notification.objects.filter(recipient__in=users).order_by("pk")
    got: dict[str, list] = {}
    for row in rows.select_related("recipient"):
        assert row.kind == NotificationKind.SUGGESTION_PROGRESS
        got.setdefault(row.recipient.username, []).append((row.title, row.body))
    return got


@pytest.fixture
def handled(world, deputy, cosigner, committee_staff, unit_staff, run):
    """A formal suggestion with a cosigner, assigned to the city unit as lead."""
    suggestion = accepted(
        world, deputy, committee_staff, cosigners=[world.deputy_city_b]
    )
    [assignment] = run(
        services.suggestion_assign,
        suggestion=suggestion,
        units=[(world.unit_city, LEAD)],
        actor=committee_staff,
        now=moment(2025, 3, 3),
    )
    return suggestion, assignment


def test_an_assignment_tells_the_units_staff(world, handled, everyone, unit_staff):
    assert told(everyone) == {
        "unit": [
            (
                f"新交办：{TITLE}",
                f"建议《{TITLE}》已交贵单位主办，办理期限为2025年6月3日。请按期答复代表。",
            )
        ]
    }
    notice = Notification.objects.get(recipient=unit_staff)
    assert notice.url.endswith(f"/unit/assignments/{handled[1].pk}/reply/")


def test_a_reply_tells_the_lead_deputy_and_the_cosigners(
    handled, everyone, unit_staff, run
):
    _suggestion, assignment = handled
    Notification.objects.all().delete()

    run(
        reply,
        assignment=assignment,
        actor=unit_staff,
        now=moment(2025, 3, 10),
    )

    expected = [
        (
            f"已答复：{TITLE}",
            f"辽源市住房和城乡建设局已答复建议《{TITLE}》（A类：已解决或采纳）。"
            "请查看答复内容；领衔代表可在测评期限内进行满意度测评。",
        )
    ]
    assert told(everyone) == {"deputy": expected, "cosigner": expected}


def test_a_joint_opinion_tells_no_deputy(world, deputy, committee_staff, everyone, run):
    joint_unit = HandlingUnitFactory(name="辽源市交通运输局", region=world.city)
    suggestion = accepted(world, deputy, committee_staff)
    [_lead, joint] = services.suggestion_assign(
        suggestion=suggestion,
        units=[(world.unit_city, LEAD), (joint_unit, JOINT)],
        actor=committee_staff,
    )

    run(reply, assignment=joint, actor=unit_user(joint_unit, "police"), outcome="")

    assert told(everyone) == {}


def test_a_misrouted_return_tells_the_congress_staff(
    handled, everyone, unit_staff, run
):
    _suggestion, assignment = handled
    Notification.objects.all().delete()

    run(
        services.assignment_return,
        assignment=assignment,
        reason="该事项属于市交通运输局职责。",
        actor=unit_staff,
        now=moment(2025, 3, 5),
    )

    assert told(everyone) == {
        "staff": [
            (
                f"承办单位退回：{TITLE}",
                f"辽源市住房和城乡建设局申请退回建议《{TITLE}》，"
                "理由：该事项属于市交通运输局职责。该建议已无承办单位，请重新交办。",
            )
        ]
    }


def test_an_extension_request_tells_staff_and_the_decision_tells_the_unit(
    handled, everyone, unit_staff, committee_staff, run
):
    _suggestion, assignment = handled
    Notification.objects.all().delete()

    extension = run(
        services.extension_request,
        assignment=assignment,
        months=2,
        reason="需列入年度预算",
        actor=unit_staff,
    )
    asked = told(everyone)
    Notification.objects.all().delete()
    run(
        services.extension_decide,
        extension=extension,
        approve=True,
        note="同意",
        actor=committee_staff,
    )

    assert asked == {
        "staff": [
            (
                f"延期申请：{TITLE}",
                f"辽源市住房和城乡建设局申请建议《{TITLE}》延期2个月办理，"
                "理由：需列入年度预算。请审批。",
            )
        ]
    }
    assert told(everyone) == {
        "unit": [
            (
                f"延期已批准：{TITLE}",
                f"建议《{TITLE}》已批准延期2个月，新的办理期限为2025年8月4日。意见：同意。",
            )
        ]
    }


def test_a_declined_extension_tells_the_unit(
    handled, everyone, unit_staff, committee_staff, run
):
    _suggestion, assignment = handled
    extension = services.extension_request(
        assignment=assignment, months=2, reason="需列入年度预算", actor=unit_staff
    )
    Notification.objects.all().delete()

    run(
        services.extension_decide,
        extension=extension,
        approve=False,
        note="理由不充分",
        actor=committee_staff,
    )

    assert told(everyone) == {
        "unit": [
            (
                f"延期未批准：{TITLE}",
                f"建议《{TITLE}》的延期申请未获批准，请按原期限2025年6月3日办理。"
                "意见：理由不充分。",
            )
        ]
    }


def test_an_unsatisfied_rating_tells_the_unit_and_the_staff(
    handled, everyone, deputy, unit_staff, run
):
    _suggestion, assignment = handled
    answer = reply(assignment, unit_staff, now=moment(2025, 3, 10))
    Notification.objects.all().delete()

    run(
        services.feedback_create,
        reply=answer,
        rating=Rating.UNSATISFIED,
        reason="信号灯仍未安装",
        actor=deputy,
        now=moment(2025, 3, 12),
    )

    body = (
        f"领衔代表对辽源市住房和城乡建设局关于建议《{TITLE}》的答复不满意，"
        "意见：信号灯仍未安装。请于2025年4月14日前重新办理并答复。"
    )
    expected = [(f"代表不满意：{TITLE}", body)]
    assert told(everyone) == {"staff": expected, "unit": expected}


def test_a_satisfied_rating_tells_no_one(handled, everyone, deputy, unit_staff, run):
    _suggestion, assignment = handled
    answer = reply(assignment, unit_staff, now=moment(2025, 3, 10))
    Notification.objects.all().delete()

    run(
        services.feedback_create,
        reply=answer,
        rating=Rating.SATISFIED,
        actor=deputy,
        now=moment(2025, 3, 12),
    )

    assert told(everyone) == {}


def test_a_withdrawal_tells_the_units_staff(handled, everyone, committee_staff, run):
    _suggestion, assignment = handled
    Notification.objects.all().delete()

    run(
        services.assignment_withdraw,
        assignment=assignment,
        reason="已改由市交通运输局办理",
        actor=committee_staff,
    )

    assert told(everyone) == {
        "unit": [
            (
                f"交办已撤回：{TITLE}",
                f"工作机构撤回了交贵单位主办的建议《{TITLE}》，"
                "理由：已改由市交通运输局办理。贵单位无需再办理。",
            )
        ]
    }


def test_a_rolled_back_transition_tells_no_one(
    world, deputy, committee_staff, everyone, django_capture_on_commit_callbacks
):
    suggestion = accepted(world, deputy, committee_staff)

    def assign_then_fail():
        with transaction.atomic():
            services.suggestion_assign(
                suggestion=suggestion,
                units=[(world.unit_city, LEAD)],
                actor=committee_staff,
            )
            raise RuntimeError("the request failed after the service")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        assign_then_fail()

    assert callbacks == []
    assert told(everyone) == {}


def test_a_refused_transition_tells_no_one(
    world, deputy, committee_staff, unit_staff, everyone, run
):
    suggestion = accepted(world, deputy, committee_staff)

    with pytest.raises(PermissionDenied):
        run(
            services.suggestion_assign,
            suggestion=suggestion,
            units=[(world.unit_city, LEAD)],
            actor=unit_staff,
        )

    assert told(everyone) == {}


def test_notices_wait_for_the_commit(world, deputy, committee_staff, unit_staff):
    suggestion = accepted(world, deputy, committee_staff)

    services.suggestion_assign(
        suggestion=suggestion,
        units=[(world.unit_city, LEAD)],
        actor=committee_staff,
    )

    # Still inside the test's transaction: nothing has been committed, so no one
    # has been told yet.
    assert not Notification.objects.filter(recipient=unit_staff).exists()

"""Notices built through the services, the way staff write them."""

from __future__ import annotations

from renda.accounts.choices import Role
from renda.accounts.tests.factories import RoleAssignmentFactory, UserFactory

from .. import services
from ..choices import AnswerForm, TargetKind
from ..targets import TargetChoice


def deputy_user(deputy, username: str):
    """Give a deputy an account (role and link), as the registry does."""
    user = UserFactory(username=username, display_name=deputy.name)
    RoleAssignmentFactory(user=user, role=Role.DEPUTY, deputy=deputy)
    deputy.user = user
    deputy.save(update_fields=["user"])
    return user


def make_notice(
    world,
    staff,
    *,
    targets=None,
    title="关于做好疫情防控工作的通知",
    body="请各位代表做好防控工作。",
    answer_form=AnswerForm.RECEIVED,
    publish=False,
    **extra,
):
    """A draft (or published) notice of the city congress, to its deputies by default."""
    if targets is None:
        targets = [TargetChoice(TargetKind.CONGRESS, world.city_congress)]
    notice = services.notice_create(
        congress=world.city_congress,
        title=title,
        body=body,
        answer_form=answer_form,
        targets=targets,
        actor=staff,
        **extra,
    )
    if publish:
        notice = services.notice_publish(notice=notice, actor=staff)
    return notice

"""Every write through the Django admin leaves an audit row (AuditedAdmin)."""

import pytest
from django.urls import reverse

from renda.accounts.choices import Role
from renda.accounts.models import RoleAssignment, User
from renda.accounts.services import user_sync_admin_flag
from renda.congresses.models import CommitteeMember, StandingCommittee
from renda.core.models import ActionLog
from renda.regions.choices import RegionKind
from renda.regions.models import Region
from renda.units.models import HandlingUnit


@pytest.fixture
def site_admin(system_admin):
    """The system administrator with the admin flag, as granting the role sets it."""
    user_sync_admin_flag(user=system_admin)
    return system_admin


def _rows(action):
    return list(ActionLog.objects.filter(action=action))


def test_admin_add_is_audited(client, site_admin, world):
    client.force_login(site_admin)

    response = client.post(
        reverse("admin:regions_region_add"),
        {
            "code": "220403002",
            "name": "新建街道",
            "kind": RegionKind.SUBDISTRICT,
            "parent": world.xian.pk,
        },
    )

    assert response.status_code == 302
    region = Region.objects.get(code="220403002")
    assert region.path == "/220000/220400/220403/220403002/"
    [row] = _rows("admin.region.add")
    assert row.actor == site_admin
    assert row.actor_name == "admin"
    assert row.object_type == "regions.region"
    assert row.object_id == str(region.pk)
    assert "新建街道" in row.summary


def test_admin_change_is_audited_with_changed_fields(client, site_admin, world):
    unit = world.unit_city
    client.force_login(site_admin)

    response = client.post(
        reverse("admin:units_handlingunit_change", args=[unit.pk]),
        {
            "name": unit.name,
            "short_name": "住建局",
            "kind": unit.kind,
            "level": unit.level,
            "region": unit.region_id,
            "contact_name": "",
            "contact_phone": "",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    assert HandlingUnit.objects.get(pk=unit.pk).short_name == "住建局"
    [row] = _rows("admin.handlingunit.change")
    assert row.object_id == str(unit.pk)
    assert row.data == {"fields": ["short_name"]}


def test_admin_delete_is_audited(client, site_admin, world):
    region = Region.objects.create(
        code="220403009",
        name="待删街道",
        kind=RegionKind.SUBDISTRICT,
        parent=world.xian,
    )
    pk = region.pk
    client.force_login(site_admin)

    response = client.post(
        reverse("admin:regions_region_delete", args=[pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Region.objects.filter(pk=pk).exists()
    [row] = _rows("admin.region.delete")
    assert row.object_id == str(pk)
    assert "待删街道" in row.summary


def test_failed_admin_delete_leaves_no_audit_row(client, site_admin, world):
    # 西安区 has a congress (PROTECT): the admin refuses and nothing is recorded.
    client.force_login(site_admin)

    response = client.post(
        reverse("admin:regions_region_delete", args=[world.xian.pk]), {"post": "yes"}
    )

    assert Region.objects.filter(pk=world.xian.pk).exists()
    assert response.status_code in (200, 403)
    assert _rows("admin.region.delete") == []


def test_bulk_delete_action_audits_each_row(client, site_admin, world):
    regions = [
        Region.objects.create(
            code=f"22040300{n}",
            name=f"批量{n}",
            kind=RegionKind.SUBDISTRICT,
            parent=world.xian,
        )
        for n in (7, 8)
    ]
    client.force_login(site_admin)

    response = client.post(
        reverse("admin:regions_region_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [r.pk for r in regions],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert not Region.objects.filter(pk__in=[r.pk for r in regions]).exists()
    assert sorted(r.object_id for r in _rows("admin.region.delete")) == sorted(
        str(r.pk) for r in regions
    )


def _inline_management(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_inline_rows_are_audited(client, site_admin, world):
    committee = StandingCommittee.objects.create(term=world.city_term)
    client.force_login(site_admin)
    prefix = "members"

    response = client.post(
        reverse("admin:congresses_standingcommittee_change", args=[committee.pk]),
        {
            "term": world.city_term.pk,
            "kind": committee.kind,
            **_inline_management(prefix, 1, 0),
            f"{prefix}-0-role": "DIRECTOR",
            f"{prefix}-0-deputy": world.deputy_city_a.pk,
            f"{prefix}-0-user": "",
            f"{prefix}-0-rank": "1",
        },
    )

    assert response.status_code == 302, response.context["errors"]
    member = CommitteeMember.objects.get(standing_committee=committee)
    [row] = _rows("admin.committeemember.add")
    assert row.object_id == str(member.pk)

    response = client.post(
        reverse("admin:congresses_standingcommittee_change", args=[committee.pk]),
        {
            "term": world.city_term.pk,
            "kind": committee.kind,
            **_inline_management(prefix, 1, 1),
            f"{prefix}-0-id": member.pk,
            f"{prefix}-0-standing_committee": committee.pk,
            f"{prefix}-0-role": "DIRECTOR",
            f"{prefix}-0-deputy": world.deputy_city_a.pk,
            f"{prefix}-0-user": "",
            f"{prefix}-0-rank": "1",
            f"{prefix}-0-DELETE": "on",
        },
    )

    assert response.status_code == 302
    assert not CommitteeMember.objects.filter(pk=member.pk).exists()
    [row] = _rows("admin.committeemember.delete")
    assert row.object_id == str(member.pk)


def test_role_assignment_inline_is_audited_and_grants_admin(
    client, site_admin, committee_staff
):
    client.force_login(site_admin)
    user = User.objects.create_user("newadmin", password="x" * 20)
    prefix = "role_assignments"

    response = client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        {
            "username": "newadmin",
            "display_name": "新管理员",
            "phone": "",
            "email": "",
            "is_active": "on",
            **_inline_management(prefix, 1, 0),
            f"{prefix}-0-role": Role.SYSTEM_ADMIN,
        },
    )

    assert response.status_code == 302, response.context["errors"]
    assert RoleAssignment.objects.filter(user=user, role=Role.SYSTEM_ADMIN).exists()
    user.refresh_from_db()
    assert user.is_staff
    assert _rows("admin.roleassignment.add")
    assert ActionLog.objects.filter(
        action="admin.user.change", data={"fields": ["is_staff"]}
    ).exists()

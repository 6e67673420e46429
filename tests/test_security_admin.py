"""The Django admin: system administrators only; reference data pages work."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from renda.accounts.admin_site import RendaAdminSite
from renda.accounts.models import ApiToken, User
from renda.accounts.services import user_sync_admin_flag
from renda.accounts.tokens import api_token_create, token_digest
from renda.core.models import ActionLog
from renda.deputies.models import Deputy

REFERENCE_MODELS = [
    "regions.region",
    "congresses.congress",
    "congresses.term",
    "congresses.session",
    "congresses.standingcommittee",
    "congresses.committee",
    "congresses.delegation",
    "congresses.electoralunit",
    "congresses.constituency",
    "units.handlingunit",
    "stations.liaisonstation",
    "deputies.deputy",
    "deputies.mandate",
    "deputies.deputygroup",
    "accounts.user",
    "accounts.apitoken",
    "core.actionlog",
]
NON_ADMIN_ROLES = [
    "committee_staff",
    "district_staff",
    "leader",
    "deputy",
    "unit_staff",
    "station_chief",
    "liaison_officer",
]


@pytest.fixture
def site_admin(system_admin):
    user_sync_admin_flag(user=system_admin)
    return system_admin


def _url(label, view="changelist", *args):
    app, model = label.split(".")
    return reverse(f"admin:{app}_{model}_{view}", args=args)


@pytest.mark.parametrize("label", REFERENCE_MODELS)
def test_every_reference_model_is_registered(label):
    registered = {m._meta.label_lower for m in admin.site._registry}

    assert label in registered


@pytest.mark.parametrize("label", REFERENCE_MODELS)
def test_system_admin_can_list_and_add(client, site_admin, label):
    client.force_login(site_admin)

    listing = client.get(_url(label), {"q": "辽源"})

    assert listing.status_code == 200
    add = client.get(_url(label, "add"))
    read_only = {"accounts.apitoken", "core.actionlog"}
    assert add.status_code == (403 if label in read_only else 200)


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_other_roles_have_no_admin(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)

    response = client.get(reverse("admin:index"))

    assert user.is_staff is False
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_staff_flag_alone_opens_nothing(client, request, role, world):
    # A stray is_staff (set by hand) must not give a non-administrator any page.
    user = request.getfixturevalue(role)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)

    # The site turns them back to its log-in before any model page runs.
    for label in ("deputies.deputy", "accounts.user", "core.actionlog"):
        response = client.get(_url(label))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    response = client.post(
        _url("regions.region", "change", world.city.pk),
        {"code": "220400", "name": "改名", "kind": world.city.kind},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    world.city.refresh_from_db()
    assert world.city.name == "辽源市"


@pytest.mark.parametrize(
    ("fixture", "allowed"),
    [("site_admin", True), ("committee_staff", False)],
)
def test_renda_admin_site_requires_the_administrator_role(request, fixture, allowed):
    user = request.getfixturevalue(fixture)
    user.is_staff = True
    http_request = RequestFactory().get("/admin/")
    http_request.user = user

    assert RendaAdminSite().has_permission(http_request) is allowed


def test_superuser_without_role_is_an_administrator(client, world):
    root = User.objects.create_superuser("root", password="x" * 20)
    client.force_login(root)

    assert client.get(reverse("admin:index")).status_code == 200


def test_saving_a_deputy_in_admin_derives_the_names(client, site_admin, world):
    deputy = world.deputy_city_a
    client.force_login(site_admin)
    page = client.get(_url("deputies.deputy", "change", deputy.pk))
    form = page.context["adminform"].form
    data = {
        name: form.initial.get(name, "") or ""
        for name in form.fields
        if name not in ("photo",)
    }
    data.update(
        {
            "name": " 欧阳 明 ",
            "user": "",
            "mandates-TOTAL_FORMS": "0",
            "mandates-INITIAL_FORMS": "0",
            "mandates-MIN_NUM_FORMS": "0",
            "mandates-MAX_NUM_FORMS": "1000",
        }
    )
    data = {k: v for k, v in data.items() if v is not None}

    response = client.post(_url("deputies.deputy", "change", deputy.pk), data)

    assert response.status_code == 302, response.context["errors"]
    deputy = Deputy.objects.get(pk=deputy.pk)
    assert deputy.name == "欧阳 明"
    assert deputy.name_pinyin.startswith("ouyang")
    assert deputy.name_initials.startswith("oy")
    assert deputy.stroke_key != ""
    assert ActionLog.objects.filter(
        action="admin.deputy.change", object_id=str(deputy.pk)
    ).exists()


def test_deputy_change_page_shows_derived_names_read_only_and_logs_the_view(
    client, site_admin, world
):
    deputy = world.deputy_city_a
    client.force_login(site_admin)

    response = client.get(_url("deputies.deputy", "change", deputy.pk))

    form = response.context["adminform"].form
    assert "name_pinyin" not in form.fields
    assert deputy.name_pinyin in response.content.decode()
    assert ActionLog.objects.filter(
        action="admin.deputy.view", object_id=str(deputy.pk)
    ).exists()


def test_deputy_list_masks_phones(client, site_admin, world):
    client.force_login(site_admin)

    response = client.get(_url("deputies.deputy"))

    body = response.content.decode()
    assert "138****5678" in body
    assert "13812345678" not in body


def test_api_token_admin_shows_digest_read_only_and_revokes(
    client, site_admin, committee_staff
):
    token, raw = api_token_create(user=committee_staff, name="报表", actor=site_admin)
    client.force_login(site_admin)

    page = client.get(_url("accounts.apitoken", "change", token.pk))

    assert page.status_code == 200
    body = page.content.decode()
    assert token.digest in body
    assert raw not in body
    assert "digest" not in page.context["adminform"].form.fields
    response = client.post(
        _url("accounts.apitoken"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.digest == token_digest(raw)
    assert ActionLog.objects.filter(
        action="admin.apitoken.change", object_id=str(token.pk)
    ).exists()


def test_admin_user_creation_enforces_password_rules(client, site_admin):
    client.force_login(site_admin)

    response = client.post(
        _url("accounts.user", "add"),
        {
            "username": "weak",
            "display_name": "弱密码",
            "password1": "12345678",
            "password2": "12345678",
        },
    )

    assert response.status_code == 200
    assert "密码太短" in response.content.decode()
    assert not User.objects.filter(username="weak").exists()


def test_role_assignment_with_wrong_scope_gets_a_chinese_message(
    client, site_admin, world
):
    user = User.objects.create_user("clerk", password="x" * 20)
    client.force_login(site_admin)
    prefix = "role_assignments"

    response = client.post(
        _url("accounts.user", "change", user.pk),
        {
            "username": "clerk",
            "display_name": "",
            "phone": "",
            "email": "",
            "is_active": "on",
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
            f"{prefix}-0-role": "COMMITTEE_STAFF",
            f"{prefix}-0-station": world.station_longshan.pk,
        },
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "必须选择人大" in body
    assert "不应选择联络站" in body
    assert not user.role_assignments.exists()


def test_existing_region_code_and_parent_are_read_only(client, site_admin, world):
    client.force_login(site_admin)

    response = client.post(
        _url("regions.region", "change", world.longshan.pk),
        {"code": "999999", "name": "龙山区", "kind": world.longshan.kind},
    )

    assert response.status_code == 302
    world.longshan.refresh_from_db()
    assert world.longshan.code == "220402"
    assert world.longshan.path == "/220000/220400/220402/"


def test_api_tokens_cannot_be_added_in_admin(client, site_admin, committee_staff):
    client.force_login(site_admin)

    response = client.post(
        _url("accounts.apitoken", "add"), {"user": committee_staff.pk, "name": "x"}
    )

    assert response.status_code == 403
    assert not ApiToken.objects.exists()

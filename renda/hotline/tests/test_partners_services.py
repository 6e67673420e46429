"""Partner systems and their keys: issued once, hashed, rotated, revoked, audited."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.core.models import ActionLog
from renda.hotline.choices import PartnerChannel
from renda.hotline.models import Partner
from renda.hotline.permissions import (
    can_use_hotline_staff,
    manages_partners,
    reads_hotline,
)
from renda.hotline.services.partners import (
    partner_create,
    partner_revoke,
    partner_rotate_key,
    partner_update,
)

from .open311_helpers import BASE, assert_errors, body

pytestmark = pytest.mark.django_db


def _create(world, actor, **extra):
    values = {
        "congress": world.city_congress,
        "name": "辽源市12345热线",
        "channel": PartnerChannel.HOTLINE,
    }
    values.update(extra)
    return partner_create(actor=actor, **values)


def test_create_keeps_only_the_hash_and_gives_a_service_account(world, committee_staff):
    issued = _create(world, committee_staff)
    partner = Partner.objects.get(pk=issued.partner.pk)
    assert partner.key_hash == hashlib.sha256(issued.api_key.encode()).hexdigest()
    assert issued.api_key not in str(partner.__dict__)
    assert partner.key_prefix == issued.api_key[:8]
    account = partner.user
    assert not account.has_usable_password()
    # No staff role: intake accepts it only on the partner's behalf, in scope.
    assert not account.role_assignments.exists()
    assert not manages_partners(account, world.city_congress)
    assert not reads_hotline(account, world.city_congress)
    assert not can_use_hotline_staff(account)
    log = ActionLog.objects.get(action="hotline.partner_create")
    assert issued.api_key not in str(log.summary) + str(log.data)


def test_bad_input_and_other_congresses_are_refused(
    world, committee_staff, district_staff, leader
):
    _create(world, committee_staff)
    with pytest.raises(ApplicationError) as error:
        _create(world, committee_staff)
    assert error.value.field == "name"
    for bad in ("", "  ", "x" * 101, "a\x00b", None, 5):
        with pytest.raises(ApplicationError):
            _create(world, committee_staff, name=bad)
    with pytest.raises(ApplicationError):
        _create(world, committee_staff, name="其他", channel="FAX")
    for actor in (district_staff, leader, None):
        with pytest.raises(PermissionDenied):
            _create(world, actor, name="其他")
    assert Partner.objects.count() == 1


def test_rotating_replaces_the_key_and_revoking_refuses_it(
    client, world, committee_staff
):
    issued = _create(world, committee_staff)
    old = issued.api_key
    rotated = partner_rotate_key(partner=issued.partner, actor=committee_staff)
    assert rotated.api_key != old
    assert_errors(client.get(f"{BASE}services.json", {"api_key": old}), 403)
    assert (
        client.get(f"{BASE}services.json", {"api_key": rotated.api_key}).status_code
        == 200
    )
    partner_revoke(partner=issued.partner, actor=committee_staff)
    assert_errors(client.get(f"{BASE}services.json", {"api_key": rotated.api_key}), 403)
    # Only the inbound calls stop: the service account stays active, so the
    # hotline's answers to items already sent still become replies.
    issued.partner.user.refresh_from_db()
    assert issued.partner.user.is_active
    with pytest.raises(InvalidTransition):
        partner_revoke(partner=issued.partner, actor=committee_staff)
    with pytest.raises(InvalidTransition):
        partner_update(partner=issued.partner, is_active=True, actor=committee_staff)
    # A new key brings the partner back.
    again = partner_rotate_key(partner=issued.partner, actor=committee_staff)
    assert (
        client.get(f"{BASE}services.json", {"api_key": again.api_key}).status_code
        == 200
    )
    assert [row.action for row in ActionLog.objects.order_by("id")] == [
        "hotline.partner_create",
        "hotline.partner_rotate_key",
        "hotline.partner_revoke",
        "hotline.partner_rotate_key",
    ]


def test_update_changes_name_channel_and_active(client, world, committee_staff, leader):
    issued = _create(world, committee_staff)
    partner = partner_update(
        partner=issued.partner,
        name="热线平台",
        channel=PartnerChannel.RESIDENT_REQUEST,
        is_active=False,
        actor=committee_staff,
    )
    assert (partner.name, partner.channel, partner.is_active) == (
        "热线平台",
        PartnerChannel.RESIDENT_REQUEST,
        False,
    )
    assert_errors(client.get(f"{BASE}services.json", {"api_key": issued.api_key}), 403)
    with pytest.raises(PermissionDenied):
        partner_update(partner=partner, name="x", actor=leader)


def test_the_key_is_shown_once_on_the_page(client, world, committee_staff):
    client.force_login(committee_staff)
    response = client.post(
        reverse("hotline:partner_new"),
        {"congress": world.city_congress.pk, "name": "热线", "channel": "HOTLINE"},
    )
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    key = response.context["api_key"]
    assert key in response.content.decode()
    partner = Partner.objects.get(name="热线")
    detail = client.get(reverse("hotline:partner_detail", args=[partner.pk]))
    assert key not in detail.content.decode()
    assert partner.key_prefix in detail.content.decode()
    refused = client.post(
        reverse("hotline:partner_new"),
        {"congress": world.city_congress.pk, "name": "热线", "channel": "HOTLINE"},
    )
    assert refused.status_code == 400
    assert "已有名为" in refused.content.decode()


def test_the_api_shows_the_key_once(client, world, committee_staff):
    client.force_login(committee_staff)
    created = client.post(
        "/api/v1/hotline/partners",
        {
            "congress_id": world.city_congress.pk,
            "name": "接口热线",
            "channel": "HOTLINE",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    key = created.json()["api_key"]
    pk = created.json()["id"]
    assert client.get(f"{BASE}services.json", {"api_key": key}).status_code == 200
    detail = client.get(f"/api/v1/hotline/partners/{pk}").json()
    assert "api_key" not in detail
    assert detail["requests_received"] == []
    revoked = client.post(f"/api/v1/hotline/partners/{pk}/revoke")
    assert revoked.status_code == 200
    assert body(client.get(f"{BASE}services.json", {"api_key": key}))[0]["code"] == 403


def test_the_service_account_records_only_for_its_partner_and_in_scope(
    world, committee_staff
):
    from renda.receptions import permissions as receptions_permissions
    from renda.receptions.choices import RequestSource
    from renda.receptions.services.intake import public_request_create
    from renda.stations.tests.factories import LiaisonStationFactory
    from renda.suggestions import permissions as suggestions_permissions
    from renda.suggestions.choices import Channel, SuggestionStatus
    from renda.suggestions.services.intake import (
        suggestion_create_draft,
        suggestion_submit,
    )

    # Suggestions and receptions name hotline's channels without importing it.
    assert suggestions_permissions.PARTNER_CHANNEL_HOTLINE == PartnerChannel.HOTLINE
    assert (
        receptions_permissions.PARTNER_CHANNEL_RESIDENT_REQUEST
        == PartnerChannel.RESIDENT_REQUEST
    )
    hotline = _create(world, committee_staff).partner
    resident = _create(
        world,
        committee_staff,
        name="市民热线",
        channel=PartnerChannel.RESIDENT_REQUEST,
    ).partner

    def draft(actor, **extra):
        values = {
            "actor": actor,
            "congress": world.city_congress,
            "term": world.city_term,
            "lead_deputy": world.deputy_city_a,
            "title": "路口拥堵",
            "region": world.city,
            "body": "市民来电反映。",
            "channel": Channel.HOTLINE,
            "on_behalf_of_partner": True,
        }
        values.update(extra)
        return suggestion_create_draft(**values)

    def record(actor, station, **extra):
        return public_request_create(
            station=station,
            source=RequestSource.HOTLINE,
            resident_name="王女士",
            resident_phone="",
            consent=True,
            content="路灯不亮。",
            actor=actor,
            **extra,
        )

    refused = [
        lambda: draft(hotline.user, on_behalf_of_partner=False),  # no staff role
        lambda: draft(hotline.user, channel=Channel.FORMAL),
        lambda: draft(hotline.user, congress=world.xian_congress),
        lambda: draft(resident.user),  # the wrong channel
        lambda: draft(committee_staff),  # a person is not a partner
        lambda: record(resident.user, world.station_longshan),  # no flag
        lambda: record(hotline.user, world.station_longshan, on_behalf_of_partner=True),
        lambda: record(
            resident.user, LiaisonStationFactory(), on_behalf_of_partner=True
        ),  # a station of no congress of the partner's
    ]
    for attempt in refused:
        with pytest.raises(PermissionDenied):
            attempt()
    suggestion = draft(hotline.user)
    with pytest.raises(PermissionDenied):
        suggestion_submit(suggestion=suggestion, actor=hotline.user)
    with pytest.raises(PermissionDenied):
        suggestion_submit(
            suggestion=suggestion, actor=resident.user, on_behalf_of_partner=True
        )
    suggestion = suggestion_submit(
        suggestion=suggestion, actor=hotline.user, on_behalf_of_partner=True
    )
    assert suggestion.status == SuggestionStatus.SUBMITTED
    request = record(resident.user, world.station_longshan, on_behalf_of_partner=True)
    assert request.recorded_by == resident.user
    # A revoked partner records nothing more, though its account stays active.
    partner_revoke(partner=hotline, actor=committee_staff)
    partner_revoke(partner=resident, actor=committee_staff)
    for partner in (hotline, resident):
        partner.user.refresh_from_db()
        assert partner.user.is_active
    with pytest.raises(PermissionDenied):
        draft(Partner.objects.get(pk=hotline.pk).user)
    with pytest.raises(PermissionDenied):
        record(
            Partner.objects.get(pk=resident.pk).user,
            world.station_longshan,
            on_behalf_of_partner=True,
        )

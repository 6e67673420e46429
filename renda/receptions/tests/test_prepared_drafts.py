"""A station drafts a suggestion for a deputy from a resident's request (代拟).

The chief or officer of the request's station prepares it; the deputy is told,
edits and submits it (only the deputy submits) or discards it; the request
follows: linked while the draft waits, converted on submission, free again on
discarding.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from renda.core.errors import ApplicationError, Conflict, PermissionDenied
from renda.core.models import ActionLog
from renda.notifications.choices import NotificationKind
from renda.notifications.models import Notification
from renda.receptions.choices import PublicRequestStatus, RequestTier
from renda.receptions.services import (
    public_request_answer_on_the_spot,
    public_request_convert_to_suggestion,
    public_request_prepare_draft,
)
from renda.receptions.tests.work_helpers import recorded_request
from renda.suggestions.choices import EventKind, SuggestionStatus
from renda.suggestions.models import Suggestion
from renda.suggestions.selectors import drafts_awaiting_confirmation
from renda.suggestions.services import (
    suggestion_discard_draft,
    suggestion_submit,
    suggestion_update_draft,
)


def _prepare(item, chief, deputy, **overrides):
    values = {
        "request": item,
        "deputy": deputy,
        "title": "关于修复向阳小区门前道路的建议",
        "body": "向阳小区门前道路破损，雨天积水，建议尽快修复。",
        "actor": chief,
    }
    values.update(overrides)
    return public_request_prepare_draft(**values)


@pytest.fixture
def item(world, station_chief):
    return recorded_request(world, station_chief)


def test_the_chief_prepares_a_draft_the_deputy_owns_and_is_told_of(
    world, station_chief, deputy, item, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = _prepare(item, station_chief, world.deputy_city_a)

    item.refresh_from_db()
    assert draft.status == SuggestionStatus.DRAFT
    assert draft.lead_deputy == world.deputy_city_a
    assert draft.prepared_by == station_chief
    assert draft.prepared_at_station == world.station_longshan
    assert draft.congress == world.city_congress
    assert item.suggestion == draft
    assert item.status == PublicRequestStatus.RECEIVED
    assert list(draft.events.values_list("kind", flat=True)) == [EventKind.PREPARED]
    [notice] = Notification.objects.filter(recipient=deputy)
    assert notice.kind == NotificationKind.SUGGESTION_DRAFT
    assert "代拟" in notice.body
    assert list(drafts_awaiting_confirmation(deputy)) == [draft]
    assert list(drafts_awaiting_confirmation(station_chief)) == []
    assert ActionLog.objects.filter(action="suggestion.prepared").count() == 1
    assert ActionLog.objects.filter(action="public_request.draft_prepared").count() == 1


def test_only_the_deputy_submits_and_the_request_is_converted(
    world, station_chief, deputy, item
):
    draft = _prepare(item, station_chief, world.deputy_city_a)

    with pytest.raises(PermissionDenied):
        suggestion_submit(suggestion=draft, actor=station_chief)
    with pytest.raises(PermissionDenied):
        suggestion_update_draft(suggestion=draft, actor=station_chief, title="改")
    suggestion_update_draft(suggestion=draft, actor=deputy, title="修复向阳小区道路")
    suggestion_submit(suggestion=draft, actor=deputy)

    item.refresh_from_db()
    draft.refresh_from_db()
    assert draft.status == SuggestionStatus.SUBMITTED
    assert draft.title == "修复向阳小区道路"
    assert item.status == PublicRequestStatus.CONVERTED
    assert item.tier == RequestTier.SUGGESTION
    assert item.suggestion == draft
    assert item.events.filter(kind="CONVERTED").count() == 1
    assert list(drafts_awaiting_confirmation(deputy)) == []


def test_the_deputy_discards_and_the_request_is_free_again(
    world, station_chief, deputy, item
):
    draft = _prepare(item, station_chief, world.deputy_city_a)

    with pytest.raises(PermissionDenied):
        suggestion_discard_draft(suggestion=draft, actor=station_chief)
    suggestion_discard_draft(suggestion=draft, actor=deputy)

    item.refresh_from_db()
    assert not Suggestion.objects.filter(pk=draft.pk).exists()
    assert item.suggestion is None
    assert item.status == PublicRequestStatus.RECEIVED
    assert ActionLog.objects.filter(action="suggestion.discard").count() == 1
    again = _prepare(item, station_chief, world.deputy_city_a)
    assert again.pk != draft.pk


def test_a_deputy_on_duty_that_day_may_be_chosen(world, station_chief, item):
    item.reception_day.deputies.set([world.deputy_city_b])

    draft = _prepare(item, station_chief, world.deputy_city_b)

    assert draft.lead_deputy == world.deputy_city_b


def test_a_deputy_of_another_station_is_refused_by_name(world, station_chief, item):
    with pytest.raises(ApplicationError) as refused:
        _prepare(item, station_chief, world.deputy_xian)

    assert refused.value.field == "deputy"
    assert "王芳 不是接待该诉求的代表" in refused.value.message
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize("who", ["committee_staff", "liaison_officer", "deputy"])
def test_only_the_station_s_own_chief_or_officer_prepares(
    request, world, station_chief, item, who
):
    actor = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        _prepare(item, actor, world.deputy_city_a)

    assert not Suggestion.objects.exists()
    item.refresh_from_db()
    assert item.suggestion is None


def test_a_second_draft_and_a_conversion_wait_for_the_deputy(
    world, station_chief, committee_staff, item
):
    draft = _prepare(item, station_chief, world.deputy_city_a)

    with pytest.raises(Conflict):
        _prepare(item, station_chief, world.deputy_city_a)
    with pytest.raises(Conflict):
        public_request_convert_to_suggestion(request=item, actor=committee_staff)

    assert list(Suggestion.objects.all()) == [draft]


# Pages ------------------------------------------------------------------------------


def test_the_chief_drafts_from_the_request_page(client, world, station_chief, item):
    client.force_login(station_chief)
    detail = client.get(reverse("stations:request_detail", args=[item.pk]))
    url = reverse("stations:request_prepare_draft", args=[item.pk])

    form = client.get(url)
    bad = client.post(url, {"deputy": world.deputy_city_a.pk, "title": "", "body": ""})
    done = client.post(
        url,
        {
            "deputy": world.deputy_city_a.pk,
            "title": "关于修复道路的建议",
            "body": "请修复。",
            "category": "OTHER",
            "channel": "VOICE",
        },
    )
    after = client.get(reverse("stations:request_detail", args=[item.pk]))

    assert 'data-action="prepare_draft"' in detail.content.decode()
    assert form.status_code == 200
    page = form.content.decode()
    assert "向阳小区门前道路破损，雨天积水" in page
    assert "丁照民（接待代表" in page
    assert bad.status_code == 400
    assert "请填写此项" in bad.content.decode()
    assert done.status_code == 302
    assert Suggestion.objects.get().title == "关于修复道路的建议"
    text = after.content.decode()
    assert "待代表确认后由代表本人提交" in text
    assert 'data-action="prepare_draft"' not in text


def _post_draft(client, url, deputy, body):
    """Post the draft form as a chief would fill it in."""
    return client.post(
        url,
        {
            "deputy": deputy.pk,
            "title": "关于尽快修复向阳小区门前道路的建议",
            "body": body,
            "category": "OTHER",
            "channel": "VOICE",
        },
    )


def test_a_draft_posted_after_the_request_was_drafted_keeps_the_text(
    client, world, station_chief, item
):
    # Given the draft form open in one tab while another tab drafted it.
    client.force_login(station_chief)
    url = reverse("stations:request_prepare_draft", args=[item.pk])
    assert client.get(url).status_code == 200
    first = _prepare(item, station_chief, world.deputy_city_a)
    body = (
        "向阳小区门前道路破损严重，雨天积水没过脚踝，老人孩子出行不便，建议尽快修复。"
    )

    refused = _post_draft(client, url, world.deputy_city_a, body)

    html = refused.content.decode()
    assert refused.status_code == 409
    assert "该诉求已代拟建议草稿，正等待代表确认" in html
    assert "关于尽快修复向阳小区门前道路的建议" in html
    assert body in html
    assert list(Suggestion.objects.all()) == [first]
    # Opened afresh, the form still sends the user back to the request.
    assert client.get(url).status_code == 302


def test_a_draft_posted_after_the_request_was_answered_answers_409(
    client, world, station_chief, item
):
    # Given the draft form open in one tab while the request was answered on
    # the spot in another.
    client.force_login(station_chief)
    url = reverse("stations:request_prepare_draft", args=[item.pk])
    assert client.get(url).status_code == 200
    public_request_answer_on_the_spot(
        request=item, answer="已当场解释政策。", actor=station_chief
    )
    body = "向阳小区门前道路破损严重，雨天积水，建议尽快修复。"

    refused = _post_draft(client, url, world.deputy_city_a, body)

    html = refused.content.decode()
    assert refused.status_code == 409
    assert "该诉求当前状态为“已办结”，不能转为代表建议。" in html
    assert body in html
    assert not Suggestion.objects.exists()


def test_converting_a_request_a_station_drafted_meanwhile_answers_409(
    client, world, station_chief, deputy, item
):
    # Given the request's page open while the station drafted a suggestion.
    draft = _prepare(item, station_chief, world.deputy_city_a)
    client.force_login(deputy)

    refused = client.post(
        reverse("stations:request_convert", args=[item.pk]),
        {"channel": "VOICE", "category": "OTHER"},
    )

    assert refused.status_code == 409
    assert (
        "联络站已为代表代拟了建议草稿，正等待代表确认，不能再转为另一件建议。"
        in refused.content.decode()
    )
    item.refresh_from_db()
    assert item.status == PublicRequestStatus.RECEIVED
    assert list(Suggestion.objects.all()) == [draft]


def test_others_cannot_open_the_draft_form(
    client, world, committee_staff, liaison_officer, item
):
    url = reverse("stations:request_prepare_draft", args=[item.pk])

    client.force_login(committee_staff)
    as_staff = client.get(url)
    client.force_login(liaison_officer)
    as_other_station = client.get(url)

    assert as_staff.status_code == 403
    assert as_other_station.status_code == 404


def test_the_deputy_sees_who_prepared_it_and_may_discard_it(
    client, world, station_chief, deputy, item
):
    draft = _prepare(item, station_chief, world.deputy_city_a)
    client.force_login(deputy)

    mine = client.get(reverse("suggestions:my")).content.decode()
    page = client.get(reverse("suggestions:detail", args=[draft.pk])).content.decode()
    confirm = client.get(reverse("suggestions:discard", args=[draft.pk]))
    discarded = client.post(reverse("suggestions:discard", args=[draft.pk]))

    assert "联络站代拟" in mine
    assert f"由{world.station_longshan.name} {station_chief} 代拟" in page
    assert 'data-action="discard"' in page
    assert 'data-action="edit"' in page
    assert confirm.status_code == 200
    assert discarded.status_code == 302
    assert not Suggestion.objects.exists()


def test_the_chief_cannot_open_the_draft_it_prepared(
    client, world, station_chief, item
):
    draft = _prepare(item, station_chief, world.deputy_city_a)
    client.force_login(station_chief)

    page = client.get(reverse("suggestions:detail", args=[draft.pk]))
    discard = client.post(reverse("suggestions:discard", args=[draft.pk]))

    assert page.status_code in (403, 404)
    assert discard.status_code == 404
    assert Suggestion.objects.filter(pk=draft.pk).exists()


# API --------------------------------------------------------------------------------


def test_the_api_lists_discard_for_the_deputy_and_deletes_the_draft(
    world, station_chief, deputy, item
):
    draft = _prepare(item, station_chief, world.deputy_city_a)
    client = Client()
    client.force_login(deputy)
    url = f"/api/v1/suggestions/{draft.pk}"

    detail = client.get(url)
    deleted = client.post(f"{url}/discard", content_type="application/json")
    again = client.post(f"{url}/discard", content_type="application/json")

    assert "discard" in detail.json()["actions"]
    assert (
        detail.json()["prepared_by"]
        == f"由{world.station_longshan.name} {station_chief} 代拟"
    )
    assert deleted.status_code == 200
    assert deleted.json() == {"suggestion_id": draft.pk, "discarded": True}
    assert again.status_code == 404
    item.refresh_from_db()
    assert item.suggestion is None


def test_the_api_refuses_to_discard_a_submitted_item(
    world, deputy, station_chief, item
):
    draft = _prepare(item, station_chief, world.deputy_city_a)
    suggestion_submit(suggestion=draft, actor=deputy)
    client = Client()
    client.force_login(deputy)

    response = client.post(
        f"/api/v1/suggestions/{draft.pk}/discard", content_type="application/json"
    )

    assert response.status_code == 409
    assert json.loads(response.content)["message"]
    assert Suggestion.objects.filter(pk=draft.pk).exists()

"""The public pages and API show published things only, and no personal data."""

import pytest
from django.urls import reverse

from renda.core.tests.static_css import linked_css
from renda.supervision.choices import DocumentKind, OpinionStatus
from renda.supervision.services import publication as services

from .factories_publication import (
    make_document,
    make_item,
    make_official,
    make_opinion,
    make_report,
    make_test,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/supervision/open"


@pytest.fixture
def published(world, committee_staff):
    """A published work report with published and unpublished parts around it."""
    staff = committee_staff
    world.unit_city.contact_phone = "0437-3219999"
    world.unit_city.contact_name = "赵联系"
    world.unit_city.save()
    item = make_item(world, staff, title="关于城市管理工作情况的报告")
    make_official(item, name="李参会")
    services.item_publish(
        item=item, public_summary="听取审议城市管理工作。", actor=staff
    )
    make_document(item, kind=DocumentKind.REPORT_DRAFT, text="报告稿内部修改意见")
    make_document(item, kind=DocumentKind.MINUTES, text="会议纪要内部发言")
    report_v1 = make_document(item, version=1, text="正式报告第一版正文")
    services.document_publish(document=report_v1, actor=staff)
    make_document(item, version=2, text="正式报告第二版尚未公开")
    sent = make_opinion(
        item, world.unit_city, status=OpinionStatus.REPORTED, text="公开的审议意见"
    )
    services.opinion_publish(opinion=sent, actor=staff)
    make_opinion(
        item, world.unit_xian, status=OpinionStatus.SENT, text="未公开的审议意见"
    )
    report = make_report(sent, text="公开的处理情况报告")
    services.handling_report_publish(report=report, actor=staff)
    test = make_test(item, world.unit_city, sent)
    services.satisfaction_test_publish(test=test, actor=staff)
    hidden = make_item(world, staff, title="尚未公开的执法检查", kind="LAW_INSPECTION")
    return {"item": item, "hidden": hidden, "report_v1": report_v1}


def test_the_index_links_plans_items_and_filings(client):
    response = client.get(reverse("open:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/open/plans/"' in html
    assert 'href="/open/filings/"' in html
    assert f'href="{reverse("open:supervision_list")}"' in html


def test_the_public_list_shows_published_items_only(client, published):
    response = client.get(reverse("open:supervision_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "关于城市管理工作情况的报告" in html
    assert "尚未公开的执法检查" not in html
    assert 'data-figure="count">1<' in html


def test_the_public_list_filters_by_year_kind_and_body(client, world, published):
    url = reverse("open:supervision_list")
    assert (
        "关于城市管理"
        in client.get(url + "?year=2020&kind=WORK_REPORT").content.decode()
    )
    assert "关于城市管理" not in client.get(url + "?year=2019").content.decode()
    assert "关于城市管理" not in client.get(url + "?kind=INQUIRY").content.decode()
    assert (
        "关于城市管理"
        in client.get(url + f"?unit={world.unit_city.pk}").content.decode()
    )
    assert (
        "关于城市管理"
        not in client.get(url + f"?unit={world.unit_xian.pk}").content.decode()
    )
    bad = client.get(url + "?year=abc&kind=NOPE&page=-1")
    assert bad.status_code == 200
    assert "年度：请输入" in bad.content.decode()
    assert "监督方式：请从列表中选择" in bad.content.decode()


def test_the_public_detail_never_shows_drafts_unpublished_parts_or_personal_data(
    client, world, published
):
    response = client.get(
        reverse("open:supervision_detail", args=[published["item"].pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    for shown in (
        "听取审议城市管理工作。",
        "正式报告第一版正文",
        "公开的审议意见",
        "公开的处理情况报告",
        "基本满意",
    ):
        assert shown in html
    for hidden in (
        "报告稿内部修改意见",
        "会议纪要内部发言",
        "正式报告第二版尚未公开",
        "未公开的审议意见",
        "李参会",
    ):
        assert hidden not in html
    # No phone of anyone: the unit's contact, the deputies.
    for personal in ("0437-3219999", "赵联系", "13812345678", "13987654321"):
        assert personal not in html
    assert "@media print" in linked_css(html)


def test_an_unpublished_item_is_404(client, published):
    response = client.get(
        reverse("open:supervision_detail", args=[published["hidden"].pk])
    )
    assert response.status_code == 404


def test_documents_download_only_when_published(client, published):
    item = published["item"]
    ok = client.get(
        reverse("open:supervision_document", args=[published["report_v1"].pk])
    )
    assert ok.status_code == 200
    assert "正式报告第一版正文" in ok.content.decode()
    for document in item.documents.filter(published_at__isnull=True):
        response = client.get(reverse("open:supervision_document", args=[document.pk]))
        assert response.status_code == 404


def test_the_public_api_agrees_with_the_page(client, published):
    listing = client.get(f"{API}/items")
    assert listing.status_code == 200
    data = listing.json()
    assert data["count"] == 1
    assert [row["title"] for row in data["results"]] == ["关于城市管理工作情况的报告"]
    item = published["item"]
    detail = client.get(f"{API}/items/{item.pk}").json()
    assert detail["public_summary"] == "听取审议城市管理工作。"
    assert [d["version"] for d in detail["documents"]] == [1]
    assert [o["text"] for o in detail["opinions"]] == ["公开的审议意见"]
    assert [r["text"] for r in detail["handling_reports"]] == ["公开的处理情况报告"]
    assert detail["tests"][0]["satisfied"] == 20
    page = client.get(
        reverse("open:supervision_detail", args=[item.pk])
    ).content.decode()
    for document in detail["documents"]:
        assert document["download_url"] in page
    assert client.get(f"{API}/items/{published['hidden'].pk}").status_code == 404
    assert client.get(f"{API}/items?year=abc").status_code == 422
    assert client.get(f"{API}/items?kind=NOPE").status_code == 422


def test_publish_through_the_api(client, world, committee_staff):
    item = make_item(world, committee_staff)
    client.force_login(committee_staff)
    response = client.post(
        f"{API}/items/{item.pk}/publish",
        {"public_summary": "公开说明"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["public_summary"] == "公开说明"
    again = client.post(
        f"{API}/items/{item.pk}/publish", {}, content_type="application/json"
    )
    assert again.status_code == 200
    draft = make_document(item, kind=DocumentKind.REPORT_DRAFT)
    refused = client.post(
        f"{API}/documents/{draft.pk}/publish", {}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json()["field"] == "kind"
    unknown = client.post(
        f"{API}/items/{item.pk}/publish",
        {"public_summary": "x", "extra": 1},
        content_type="application/json",
    )
    assert unknown.status_code == 422
    assert (
        client.post(
            f"{API}/opinions/99999/publish", {}, content_type="application/json"
        ).status_code
        == 404
    )


def test_staff_publish_through_the_page(client, world, committee_staff):
    item = make_item(world, committee_staff)
    client.force_login(committee_staff)
    url = reverse("supervision:publication", args=[item.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'data-action="publish"' in page.content.decode()
    empty = client.post(url, {"public_summary": ""})
    assert empty.status_code == 400
    assert "请填写公开说明" in empty.content.decode()
    done = client.post(url, {"public_summary": "公开说明"})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.published_at is not None
    document = make_document(item, kind=DocumentKind.MINUTES)
    response = client.post(
        reverse("supervision:publication_document", args=[document.pk]), follow=True
    )
    assert "不能公开" in response.content.decode()
    document.refresh_from_db()
    assert document.published_at is None


def test_the_public_list_keeps_its_query_count_flat(
    client, world, committee_staff, django_assert_max_num_queries
):
    for n in range(12):
        item = make_item(world, committee_staff, title=f"事项{n}")
        services.item_publish(item=item, public_summary="说明", actor=committee_staff)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("open:supervision_list"))
    assert response.status_code == 200


def test_staff_see_the_public_page_as_the_public_does(
    client, committee_staff, published
):
    client.force_login(committee_staff)
    html = client.get(
        reverse("open:supervision_detail", args=[published["item"].pk])
    ).content.decode()
    assert "正式报告第一版正文" in html
    for hidden in ("报告稿内部修改意见", "会议纪要内部发言", "未公开的审议意见"):
        assert hidden not in html
    listing = client.get(reverse("open:supervision_list")).content.decode()
    assert "尚未公开的执法检查" not in listing


def test_the_public_detail_keeps_its_query_count_flat(
    client, world, committee_staff, published, django_assert_max_num_queries
):
    item = published["item"]
    for n in range(5):
        opinion = make_opinion(item, _unit(n), status=OpinionStatus.SENT)
        services.opinion_publish(opinion=opinion, actor=committee_staff)
        report = make_report(opinion)
        services.handling_report_publish(report=report, actor=committee_staff)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("open:supervision_detail", args=[item.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("data-opinion=") == 6


def _unit(n):
    from renda.units.tests.factories import HandlingUnitFactory

    return HandlingUnitFactory(name=f"被监督机关{n}")


def test_the_public_list_pages_with_its_filters(client, world, committee_staff):
    for n in range(23):
        item = make_item(world, committee_staff, title=f"分页事项{n:02d}")
        services.item_publish(item=item, public_summary="说明", actor=committee_staff)
    url = reverse("open:supervision_list")
    first = client.get(url + "?year=2020").content.decode()
    assert first.count("data-item=") == 20
    assert "?year=2020&amp;page=2" in first
    second = client.get(url + "?year=2020&page=2").content.decode()
    assert second.count("data-item=") == 3
    assert "page=2&amp;page" not in second

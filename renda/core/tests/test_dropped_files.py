"""A page shown again after a refused post names the files that were not uploaded.

Browsers never let a page re-fill a file input, so the server hands the names
to the page (<body data-dropped-files>) and static/js/forms.js asks for each
file again beside its input. The deputy's suggestion form keeps its files
itself and says so instead.
"""

import json
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renda.supervision.tests.factories_items import work_report

pytestmark = pytest.mark.django_db


def _dropped(response) -> dict | None:
    html = response.content.decode()
    marker = 'data-dropped-files="'
    if marker not in html:
        return None
    raw = html.split(marker, 1)[1].split('"', 1)[0]
    return json.loads(unescape(raw))


def test_a_refused_upload_names_the_file_for_the_page(client, world, committee_staff):
    item = work_report(world, committee_staff)
    client.force_login(committee_staff)
    client.post(reverse("supervision:item_start", args=[item.pk]))

    response = client.post(
        reverse("supervision:item_document_add", args=[item.pk]),
        {
            "kind": "REPORT_DRAFT",
            "title": "",
            "file": SimpleUploadedFile("征求意见稿.pdf", b"%PDF-1.4 draft"),
        },
    )

    assert response.status_code == 400
    assert _dropped(response) == {
        "path": f"/supervision/items/{item.pk}/documents/",
        "files": {"file": ["征求意见稿.pdf"]},
    }
    assert not item.documents.exists()


def test_a_page_without_a_post_or_a_file_names_none(client, world, committee_staff):
    item = work_report(world, committee_staff)
    client.force_login(committee_staff)
    client.post(reverse("supervision:item_start", args=[item.pk]))
    url = reverse("supervision:item_document_add", args=[item.pk])

    refused_without_file = client.post(url, {"kind": "REPORT_DRAFT", "title": ""})
    page = client.get(reverse("supervision:item_detail", args=[item.pk]))

    assert refused_without_file.status_code == 400
    assert _dropped(refused_without_file) is None
    assert _dropped(page) is None


def test_the_suggestion_form_that_keeps_its_files_names_none(client, world, deputy):
    from renda.suggestions.tests.test_attachments import pdf

    client.force_login(deputy)

    response = client.post(
        reverse("suggestions:new"),
        {
            "congress": world.city_congress.pk,
            "channel": "VOICE",
            "title": "",
            "body": "",
            "attachments": pdf(),
            "submit": "1",
        },
    )

    assert response.status_code == 400
    assert "（保留）" in response.content.decode()
    assert _dropped(response) is None

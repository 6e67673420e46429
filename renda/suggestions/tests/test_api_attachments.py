"""/api/v1/suggestions/{id}/attachments: what the pages do with files, the API does.

Add (multipart), list, download, and remove while a draft, through the same
service as the deputy's form; out of scope is 404, a submitted item 409.
"""

import base64

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from renda.suggestions import services
from renda.suggestions.models import Attachment

from .factories import draft

URL = "/api/v1/suggestions"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"


def _pdf(name="现场照片说明.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_deputy_adds_lists_downloads_and_removes_a_drafts_files(
    client, world, deputy
):
    suggestion = draft(world, deputy)
    client.force_login(deputy)

    added = client.post(
        f"{URL}/{suggestion.pk}/attachments",
        {"files": [_pdf(), _pdf("第二份.pdf")]},
    )
    listed = client.get(f"{URL}/{suggestion.pk}/attachments")

    assert added.status_code == 201, added.content
    rows = added.json()["attachments"]
    assert [row["name"] for row in rows] == ["现场照片说明.pdf", "第二份.pdf"]
    assert listed.json() == added.json()
    first = rows[0]
    download = client.get(first["url"])
    assert download.status_code == 200
    assert base64.b64decode(download.json()["content"]) == PDF
    assert download.json()["content_type"] == "application/pdf"

    removed = client.post(f"{first['url']}/remove")

    assert removed.status_code == 200
    assert [row["id"] for row in removed.json()["attachments"]] == [rows[1]["id"]]
    assert not Attachment.objects.filter(pk=first["id"]).exists()


def test_a_submitted_items_files_stay(client, world, deputy):
    suggestion = draft(world, deputy)
    client.force_login(deputy)
    added = client.post(f"{URL}/{suggestion.pk}/attachments", {"files": [_pdf()]})
    [row] = added.json()["attachments"]
    services.suggestion_submit(suggestion=suggestion, actor=deputy)

    again = client.post(f"{URL}/{suggestion.pk}/attachments", {"files": [_pdf()]})
    removed = client.post(f"{row['url']}/remove")

    assert (again.status_code, removed.status_code) == (409, 409)
    assert again.json()["code"] == "suggestions.invalid_state"
    assert suggestion.attachments.count() == 1


def test_a_file_that_is_not_what_it_says_is_refused_naming_it(client, world, deputy):
    suggestion = draft(world, deputy)
    client.force_login(deputy)

    response = client.post(
        f"{URL}/{suggestion.pk}/attachments",
        {"files": [_pdf("伪装.pdf", b"<script>alert(1)</script>")]},
    )

    assert response.status_code == 400
    assert response.json()["field"] == "files"
    assert "伪装.pdf" in response.json()["message"]
    assert suggestion.attachments.count() == 0


def test_others_get_404_and_nothing_changes(
    client, world, deputy, committee_staff, unit_staff
):
    suggestion = draft(world, deputy)
    client.force_login(deputy)
    added = client.post(f"{URL}/{suggestion.pk}/attachments", {"files": [_pdf()]})
    [row] = added.json()["attachments"]

    for user in (committee_staff, unit_staff):
        other = Client()
        other.force_login(user)
        assert other.get(f"{URL}/{suggestion.pk}/attachments").status_code == 404
        assert other.get(row["url"]).status_code == 404
        assert other.post(f"{row['url']}/remove").status_code == 404
        upload = other.post(f"{URL}/{suggestion.pk}/attachments", {"files": [_pdf()]})
        assert upload.status_code == 404
    assert suggestion.attachments.count() == 1

"""Attachments: real type by content, limits, all-or-nothing storing, guarded downloads."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import quote

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from renda.core.tests.images import JPEG_BYTES, PNG_BYTES
from renda.suggestions import services
from renda.suggestions.attachments import (
    atomic_with_files,
    attachments_add,
    check_upload,
    check_uploads,
)
from renda.suggestions.choices import AssignmentRole
from renda.suggestions.models import Attachment

from .factories import assigned, deputy_user, draft, reply, submitted, unit_user

WORD_MAIN = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
SHEET_MAIN = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
)
SLIDES_MAIN = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ooxml(main_type: str, part: str = "word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types><Override PartName="/'
            + part
            + f'" ContentType="{main_type}"/></Types>',
        )
        package.writestr(part, "<document/>")
    return buffer.getvalue()


CONTENT = {
    "pdf": b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n",
    "png": PNG_BYTES,
    "jpg": JPEG_BYTES,
    "jpeg": JPEG_BYTES,
    "doc": OLE_MAGIC + b"\x00" * 504,
    "xls": OLE_MAGIC + b"\x00" * 504,
    "ppt": OLE_MAGIC + b"\x00" * 504,
    "wps": OLE_MAGIC + b"\x00" * 504,
    "docx": ooxml(WORD_MAIN),
    "xlsx": ooxml(SHEET_MAIN, "xl/workbook.xml"),
    "pptx": ooxml(SLIDES_MAIN, "ppt/presentation.xml"),
}


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    """Return an uploaded file; by default real content for its extension."""
    extension = name.rsplit(".", 1)[-1].lower()
    if content is None:
        content = CONTENT[extension]
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def pdf(name: str = "现场照片说明.pdf") -> SimpleUploadedFile:
    return upload(name)


def stored_names() -> set[str]:
    """Every file name in the (in-memory) storage under suggestions/."""
    names: set[str] = set()

    def walk(path: str) -> None:
        try:
            directories, files = default_storage.listdir(path)
        except FileNotFoundError:
            return
        for file_name in files:
            names.add(f"{path}/{file_name}")
        for directory in directories:
            walk(f"{path}/{directory}")

    walk("suggestions")
    return names


# Checking -----------------------------------------------------------------------


@pytest.mark.parametrize("extension", sorted(CONTENT))
def test_each_allowed_type_with_real_content_is_accepted(extension):
    checked, message = check_upload(upload(f"材料.{extension}"))

    assert message == ""
    assert checked is not None
    assert checked.name == f"材料.{extension}"
    assert len(checked.sha256) == 64


def test_extension_is_matched_case_insensitively():
    checked, message = check_upload(upload("SCAN.PDF", CONTENT["pdf"]))

    assert checked is not None, message


@pytest.mark.parametrize(
    ("name", "content", "label"),
    [
        ("报告.pdf", b"MZ\x90\x00 this is a program", "PDF 文件"),
        ("照片.jpg", CONTENT["png"], "JPG 图片"),
        ("照片.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "PNG 图片"),
        ("说明.doc", CONTENT["pdf"], "Word 文档"),
        ("表格.xlsx", ooxml(WORD_MAIN), "Excel 表格"),
        ("说明.docx", OLE_MAGIC + b"\x00" * 100, "Word 文档"),
        ("压缩包.docx", b"PK\x03\x04not really a zip", "Word 文档"),
    ],
)
def test_spoofed_extension_is_refused_naming_the_file(name, content, label):
    checked, message = check_upload(upload(name, content))

    assert checked is None
    assert f"“{name}”" in message
    assert label in message


def test_docx_without_content_types_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", "<document/>")

    checked, message = check_upload(upload("方案.docx", buffer.getvalue()))

    assert checked is None
    assert "“方案.docx”" in message


@pytest.mark.parametrize("name", ["病毒.exe", "网页.html", "脚本.svg", "无扩展名"])
def test_unsupported_type_is_refused_naming_the_file(name):
    checked, message = check_upload(upload(name, b"%PDF-1.4 pretending"))

    assert checked is None
    assert f"“{name}”的类型不支持" in message
    assert "PDF" in message


def test_empty_file_is_refused():
    checked, message = check_upload(upload("空.pdf", b""))

    assert checked is None
    assert "“空.pdf”是空文件" in message


def test_size_limit_comes_from_settings(settings):
    settings.RENDA_ATTACHMENT_MAX_BYTES = 1024
    big = upload("大文件.pdf", b"%PDF-1.4" + b"0" * 2048)

    checked, message = check_upload(big)

    assert checked is None
    assert "“大文件.pdf”" in message
    assert "1 KB" in message


def test_default_limit_is_twenty_megabytes():
    from renda.suggestions.attachments import max_bytes, max_files

    assert max_bytes() == 20 * 1024 * 1024
    assert max_files() == 9


def test_count_limit_counts_files_already_attached(settings):
    settings.RENDA_ATTACHMENT_MAX_FILES = 3

    checked, errors = check_uploads([pdf("一.pdf"), pdf("二.pdf")], existing=2)

    assert len(checked) == 2
    assert errors == [
        "每件最多 3 个附件，本次选择了 2 个（已有 2 个），请减少后再上传。"
    ]


def test_every_bad_file_gets_its_own_message():
    files = [pdf("好.pdf"), upload("坏.pdf", b"junk"), upload("坏.exe", b"MZ")]

    checked, errors = check_uploads(files)

    assert [item.name for item in checked] == ["好.pdf"]
    assert len(errors) == 2
    assert "“坏.pdf”" in errors[0]
    assert "“坏.exe”" in errors[1]


def test_path_in_the_uploaded_name_is_dropped():
    checked, _message = check_upload(
        upload("C:\\Users\\代表\\资料.pdf", CONTENT["pdf"])
    )

    assert checked.name == "资料.pdf"


# Storing ------------------------------------------------------------------------


def test_files_are_stored_under_dated_folders_with_random_names(world, deputy):
    suggestion = draft(world, deputy)
    checked, _errors = check_uploads([pdf("东吉大路现场.pdf")])

    with atomic_with_files():
        [attachment] = attachments_add(
            uploads=checked, actor=deputy, suggestion=suggestion
        )

    today = timezone.localdate()
    assert attachment.file.name.startswith(f"suggestions/{today:%Y/%m}/")
    assert "东吉大路" not in attachment.file.name
    assert attachment.file.name.endswith(".pdf")
    assert attachment.original_name == "东吉大路现场.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(CONTENT["pdf"])
    assert attachment.uploaded_by == deputy
    import hashlib

    assert attachment.sha256 == hashlib.sha256(CONTENT["pdf"]).hexdigest()
    assert default_storage.exists(attachment.file.name)


def test_a_failure_in_the_block_leaves_neither_rows_nor_files(world, deputy):
    suggestion = draft(world, deputy)
    checked, _errors = check_uploads([pdf("一.pdf"), pdf("二.pdf")])
    before = stored_names()

    def submission_that_fails_after_storing():
        with atomic_with_files():
            attachments_add(uploads=checked, actor=deputy, suggestion=suggestion)
            raise RuntimeError("the service after the files failed")

    with pytest.raises(RuntimeError):
        submission_that_fails_after_storing()

    assert not Attachment.objects.exists()
    assert stored_names() == before


def test_attach_to_exactly_one_owner(world, deputy):
    suggestion = draft(world, deputy)

    with pytest.raises(TypeError):
        attachments_add(uploads=[], actor=deputy)
    with pytest.raises(TypeError):
        attachments_add(uploads=[], actor=deputy, suggestion=suggestion, reply=object())


# Downloads ----------------------------------------------------------------------


def _attach(suggestion, actor, name="现场照片说明.pdf"):
    checked, _errors = check_uploads([pdf(name)])
    with atomic_with_files():
        [attachment] = attachments_add(
            uploads=checked, actor=actor, suggestion=suggestion
        )
    return attachment


def test_lead_deputy_downloads_with_a_chinese_filename_and_safe_headers(
    world, deputy, client
):
    suggestion = draft(world, deputy)
    attachment = _attach(suggestion, deputy)
    client.force_login(deputy)

    response = client.get(reverse("suggestions:attachment", args=[attachment.pk]))

    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('现场照片说明.pdf')}" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == CONTENT["pdf"]


def test_another_deputy_gets_404_for_an_attachment(world, deputy, client):
    suggestion = submitted(world, deputy)
    attachment = _attach(suggestion, deputy)
    other = deputy_user(world.deputy_city_b, "deputy_b")
    client.force_login(other)

    response = client.get(reverse("suggestions:attachment", args=[attachment.pk]))

    assert response.status_code == 404


def test_staff_cannot_download_from_a_draft_but_can_once_submitted(
    world, deputy, committee_staff, district_staff, client
):
    suggestion = draft(world, deputy)
    attachment = _attach(suggestion, deputy)
    url = reverse("suggestions:attachment", args=[attachment.pk])
    client.force_login(committee_staff)

    assert client.get(url).status_code == 404

    services.suggestion_submit(suggestion=suggestion, actor=deputy)
    assert client.get(url).status_code == 200

    client.force_login(district_staff)
    assert client.get(url).status_code == 404


def test_anonymous_download_goes_to_login(world, deputy, client):
    attachment = _attach(draft(world, deputy), deputy)

    response = client.get(reverse("suggestions:attachment", args=[attachment.pk]))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_joint_units_opinion_files_are_hidden_from_the_deputy(
    world, deputy, committee_staff, client
):
    suggestion, [lead, joint] = assigned(
        world,
        deputy,
        committee_staff,
        units=[
            (world.unit_city, AssignmentRole.LEAD),
            (world.unit_xian, AssignmentRole.JOINT),
        ],
    )
    joint_staff = unit_user(world.unit_xian, "xian_unit")
    opinion = reply(joint, joint_staff, outcome="")
    checked, _errors = check_uploads([pdf("会办意见.pdf")])
    with atomic_with_files():
        [attachment] = attachments_add(
            uploads=checked, actor=joint_staff, reply=opinion
        )
    url = reverse("suggestions:attachment", args=[attachment.pk])

    client.force_login(deputy)
    assert client.get(url).status_code == 404

    client.force_login(committee_staff)
    assert client.get(url).status_code == 200


def test_missing_file_answers_404_not_500(world, deputy, client):
    attachment = _attach(draft(world, deputy), deputy)
    default_storage.delete(attachment.file.name)
    client.force_login(deputy)

    response = client.get(reverse("suggestions:attachment", args=[attachment.pk]))

    assert response.status_code == 404

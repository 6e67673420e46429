"""Attachments of suggestions and replies: checking uploads, storing them, serving them.

A file is accepted by what it is, not by what it is called: its extension must
be one of the allowed ones *and* its first bytes (and, for OOXML, the package's
``[Content_Types].xml``) must match that extension. Limits are settings read
when used (``RENDA_ATTACHMENT_MAX_BYTES``, ``RENDA_ATTACHMENT_MAX_FILES``).

Files are written to storage inside the caller's transaction; ``atomic_with_files``
deletes every file written in its block when the block or its commit fails, so a
refused or failed submission leaves neither rows nor files behind.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404

from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.images import ImageRejected, reencoded_upload
from renda.core.services import action_log_record

from .models import Attachment, Reply, Suggestion
from .permissions import can_edit_suggestion

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_FILES = 9
# [Content_Types].xml of a real Office file is a few kilobytes; refuse to
# inflate anything larger (a zip bomb disguised as a document).
CONTENT_TYPES_MAX_BYTES = 1024 * 1024
NAME_MAX_LENGTH = 255
CHUNK = 64 * 1024

PDF = b"%PDF-"
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"

OOXML = "application/vnd.openxmlformats-officedocument"


@dataclass(frozen=True)
class FileKind:
    label: str  # shown to users: "PDF 文件"
    content_type: str
    magic: bytes
    # For OOXML: the main part's content type that [Content_Types].xml must declare.
    ooxml_main: str = ""


KINDS: dict[str, FileKind] = {
    ".pdf": FileKind("PDF 文件", "application/pdf", PDF),
    ".png": FileKind("PNG 图片", "image/png", PNG),
    ".jpg": FileKind("JPG 图片", "image/jpeg", JPEG),
    ".jpeg": FileKind("JPG 图片", "image/jpeg", JPEG),
    ".doc": FileKind("Word 文档", "application/msword", OLE),
    ".xls": FileKind("Excel 表格", "application/vnd.ms-excel", OLE),
    ".ppt": FileKind("PowerPoint 演示文稿", "application/vnd.ms-powerpoint", OLE),
    # WPS Office's own format is an OLE compound file as well.
    ".wps": FileKind("WPS 文档", "application/vnd.ms-works", OLE),
    ".docx": FileKind(
        "Word 文档",
        f"{OOXML}.wordprocessingml.document",
        ZIP,
        f"{OOXML}.wordprocessingml.document.main+xml",
    ),
    ".xlsx": FileKind(
        "Excel 表格",
        f"{OOXML}.spreadsheetml.sheet",
        ZIP,
        f"{OOXML}.spreadsheetml.sheet.main+xml",
    ),
    ".pptx": FileKind(
        "PowerPoint 演示文稿",
        f"{OOXML}.presentationml.presentation",
        ZIP,
        f"{OOXML}.presentationml.presentation.main+xml",
    ),
}

ALLOWED_TEXT = (
    "PDF、图片（JPG、PNG）和 Office 文件（doc、docx、xls、xlsx、ppt、pptx、wps）"
)
ACCEPT_ATTRIBUTE = ",".join(KINDS)


def max_bytes() -> int:
    """Return the largest file accepted, in bytes (setting ``RENDA_ATTACHMENT_MAX_BYTES``)."""
    return int(getattr(settings, "RENDA_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_files() -> int:
    """Return how many files one item may carry (setting ``RENDA_ATTACHMENT_MAX_FILES``)."""
    return int(getattr(settings, "RENDA_ATTACHMENT_MAX_FILES", DEFAULT_MAX_FILES))


def size_text(size: int) -> str:
    """Return a size in plain words: 20 MB, 350 KB."""
    if size >= 1024 * 1024:
        value = size / (1024 * 1024)
        return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} 字节"


def _bad(message: str) -> ApplicationError:
    return ApplicationError(
        message, code="suggestions.attachment_invalid", field="attachments"
    )


@dataclass
class CheckedUpload:
    """An uploaded file that passed the checks, with what we learnt about it."""

    upload: object  # django UploadedFile
    name: str
    kind: FileKind
    size: int
    sha256: str


def _clean_name(raw: str) -> str:
    # Browsers may send a path (old IE) or control characters; keep the base name.
    name = os.path.basename((raw or "").replace("\\", "/")).strip()
    name = "".join(ch for ch in name if ch.isprintable())
    if len(name) > NAME_MAX_LENGTH:
        stem, extension = os.path.splitext(name)
        name = stem[: NAME_MAX_LENGTH - len(extension)] + extension
    return name or "未命名文件"


def _rewind(upload) -> None:
    with contextlib.suppress(AttributeError, OSError, ValueError):
        upload.seek(0)


def _ooxml_declares(upload, main_type: str) -> bool:
    """Tell whether a ZIP upload is an Office package of the expected kind."""
    _rewind(upload)
    try:
        with zipfile.ZipFile(upload) as package:
            try:
                info = package.getinfo("[Content_Types].xml")
            except KeyError:
                return False
            if info.file_size > CONTENT_TYPES_MAX_BYTES:
                return False
            with package.open(info) as handle:
                declared = handle.read(CONTENT_TYPES_MAX_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        _rewind(upload)
    return main_type.encode() in declared


def _digest(upload) -> str:
    _rewind(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks(CHUNK) if hasattr(upload, "chunks") else [upload.read()]:
        digest.update(chunk)
    _rewind(upload)
    return digest.hexdigest()


def check_upload(upload) -> tuple[CheckedUpload | None, str]:
    """Check one uploaded file; return it checked, or None and a message naming it."""
    name = _clean_name(getattr(upload, "name", ""))
    extension = os.path.splitext(name)[1].lower()
    kind = KINDS.get(extension)
    if kind is None:
        return None, f"“{name}”的类型不支持，只能上传{ALLOWED_TEXT}。"
    size = getattr(upload, "size", None) or 0
    if size <= 0:
        return None, f"“{name}”是空文件，请重新选择。"
    limit = max_bytes()
    if size > limit:
        return None, (
            f"“{name}”有 {size_text(size)}，超过了每个文件 {size_text(limit)} 的上限，"
            "请压缩或拆分后再上传。"
        )
    _rewind(upload)
    head = upload.read(len(kind.magic))
    _rewind(upload)
    genuine = head == kind.magic
    if genuine and kind.ooxml_main:
        genuine = _ooxml_declares(upload, kind.ooxml_main)
    if not genuine:
        return None, (
            f"“{name}”的内容不是真正的{kind.label}（可能只是改了扩展名），"
            "请用原文件重新上传。"
        )
    if kind.content_type.startswith("image/"):
        try:
            upload = reencoded_upload(upload, label=f"“{name}”", field="attachments")
        except ImageRejected as error:
            return None, error.message
        size = upload.size
    return CheckedUpload(
        upload=upload, name=name, kind=kind, size=size, sha256=_digest(upload)
    ), ""


def check_uploads(
    uploads: Iterable, *, existing: int = 0
) -> tuple[list[CheckedUpload], list[str]]:
    """Check a submission's files; return the good ones and one message per problem."""
    uploads = [upload for upload in uploads if upload]
    errors: list[str] = []
    limit = max_files()
    if existing + len(uploads) > limit:
        already = f"（已有 {existing} 个）" if existing else ""
        errors.append(
            f"每件最多 {limit} 个附件，本次选择了 {len(uploads)} 个{already}，请减少后再上传。"
        )
    checked: list[CheckedUpload] = []
    for upload in uploads:
        good, message = check_upload(upload)
        if good is None:
            errors.append(message)
        else:
            checked.append(good)
    return checked, errors


# Storing --------------------------------------------------------------------------

_written: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "renda_attachment_files", default=None
)


@contextlib.contextmanager
def atomic_with_files() -> Iterator[None]:
    """Run a block in one transaction; delete the files it stored if it fails.

    Storage is not transactional: a file written before a rollback would be
    left behind with no row pointing at it. Every file ``attachments_add``
    writes inside this block is deleted again if the block raises or the
    commit fails.
    """
    written: list[str] = []
    token = _written.set(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        _delete_files(written)
        raise
    finally:
        _written.reset(token)


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        with contextlib.suppress(OSError):
            default_storage.delete(name)


def attachments_add(
    *,
    uploads: Iterable[CheckedUpload],
    actor,
    suggestion: Suggestion | None = None,
    reply: Reply | None = None,
) -> list[Attachment]:
    """Store checked files and attach them to a suggestion or a reply.

    Call inside ``atomic_with_files()`` together with the service whose item
    they belong to, so that both are kept or neither.
    """
    if (suggestion is None) == (reply is None):
        raise TypeError("Attach to exactly one suggestion or one reply.")
    uploads = list(uploads)
    if not uploads:
        return []
    owner = {"suggestion": suggestion} if suggestion is not None else {"reply": reply}
    existing = Attachment.objects.filter(**owner).count()
    if existing + len(uploads) > max_files():
        raise _bad(f"每件最多 {max_files()} 个附件（已有 {existing} 个）。")
    written = _written.get()
    own: list[str] = []
    created: list[Attachment] = []
    try:
        with transaction.atomic():
            for checked in uploads:
                _rewind(checked.upload)
                attachment = Attachment(
                    **owner,
                    original_name=checked.name,
                    content_type=checked.kind.content_type,
                    size=checked.size,
                    sha256=checked.sha256,
                    uploaded_by=actor
                    if getattr(actor, "is_authenticated", False)
                    else None,
                )
                attachment.file.save(checked.name, checked.upload, save=False)
                own.append(attachment.file.name)
                if written is not None:
                    written.append(attachment.file.name)
                attachment.save()
                created.append(attachment)
            target = suggestion if suggestion is not None else reply
            action_log_record(
                actor=actor,
                action="suggestion.attachment_add",
                target=target,
                summary=f"上传附件 {len(created)} 个："
                + "、".join(item.original_name for item in created),
                data={"attachments": [item.pk for item in created]},
            )
    except BaseException:
        _delete_files(own)
        raise
    return created


def attachment_remove(*, attachment: Attachment, actor) -> None:
    """Remove an attachment from a draft; the file goes once the removal is committed."""
    if attachment.suggestion_id is None:
        raise PermissionDenied("答复的附件不能删除。", code="suggestions.forbidden")
    with transaction.atomic():
        suggestion = Suggestion.objects.select_for_update().get(
            pk=attachment.suggestion_id
        )
        if not can_edit_suggestion(actor, suggestion):
            raise PermissionDenied(
                "只有领衔代表或录入人可以删除附件。", code="suggestions.forbidden"
            )
        if not suggestion.can_edit():
            raise ApplicationError(
                "建议已提交，附件不能再删除。",
                code="suggestions.invalid_state",
                field="attachments",
            )
        name = attachment.file.name
        summary = f"删除附件“{attachment.original_name}”"
        attachment.delete()
        action_log_record(
            actor=actor,
            action="suggestion.attachment_remove",
            target=suggestion,
            summary=summary,
            data={"attachment": attachment.original_name},
        )
        transaction.on_commit(lambda: _delete_files([name]))


def attachment_owner_suggestion(attachment: Attachment) -> Suggestion:
    """Return the suggestion an attachment belongs to (through its reply if need be)."""
    if attachment.suggestion_id is not None:
        return attachment.suggestion
    return attachment.reply.assignment.suggestion


def attachment_file_response(attachment: Attachment):
    """Send a stored attachment as a download (pages and the API alike), or 404."""
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

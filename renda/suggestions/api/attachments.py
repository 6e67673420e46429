"""A suggestion's files on the API, as on the pages: add, list, download, and
remove while a draft, through the same service as the deputy's form.

Every answer is JSON (the schema's rule for every operation): the list of the
item's files, or one file with its content in base64.
"""

import base64

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import File, Path, Status
from ninja.files import UploadedFile

from renda.core.api import DETAIL_ERRORS, MAX_ID
from renda.core.errors import ApplicationError, InvalidTransition

from .. import selectors, services
from ..attachments import ALLOWED_TEXT, check_uploads
from ..permissions import can_edit_suggestion
from ..selectors import get_suggestion_attachment_for_user, get_suggestion_for_user
from .common import WRITE_ERRORS, SuggestionId, router
from .schemas import AttachmentContentOut, SuggestionAttachmentsOut

AttachmentId = Path(..., ge=1, le=MAX_ID, description="附件编号")
UploadedFiles = File(None, description="文件，可多个（multipart/form-data 字段 files）")


def _listing(user, suggestion_id: int) -> dict:
    detail = selectors.suggestion_detail(user, suggestion_id)
    return {"suggestion_id": detail.suggestion.pk, "attachments": detail.attachments}


@router.get(
    "/{suggestion_id}/attachments",
    response={200: SuggestionAttachmentsOut, **DETAIL_ERRORS},
    summary="建议的附件",
    description="建议本身的附件（答复的附件在答复中），按上传先后。能查看该建议的用户可用。",
)
def suggestion_attachments(request, suggestion_id: int = SuggestionId):
    return _listing(request.auth, suggestion_id)


@router.post(
    "/{suggestion_id}/attachments",
    response={201: SuggestionAttachmentsOut, **WRITE_ERRORS},
    summary="为建议草稿添加附件",
    description=(
        "multipart/form-data，字段名 files，可多个；"
        f"{ALLOWED_TEXT}（按文件内容检查）。每个文件和每件建议的附件数有上限"
        "（超过时 400，指明文件）。草稿或退回补充的建议，领衔代表或录入人可用；"
        "已提交的建议 409。与页面上传走同一个服务。返回该建议现有的全部附件。"
    ),
)
def suggestion_attachments_add(
    request,
    files: list[UploadedFile] = UploadedFiles,
    suggestion_id: int = SuggestionId,
):
    user = request.auth
    suggestion = get_suggestion_for_user(user, suggestion_id)
    # Who and when before what: a refused user learns nothing about the files.
    if not can_edit_suggestion(user, suggestion):
        raise PermissionDenied("只有领衔代表或录入人可以上传附件。")
    if not suggestion.can_edit():
        raise InvalidTransition(
            "建议已提交，不能再上传附件。", code="suggestions.invalid_state"
        )
    checked, errors = check_uploads(
        files or [], existing=suggestion.attachments.count()
    )
    if not files:
        errors = ["请选择要上传的文件。"]
    if errors:
        raise ApplicationError(
            "；".join(errors), code="suggestions.invalid_upload", field="files"
        )
    services.suggestion_save_with_attachments(
        actor=user, fields={}, uploads=checked, suggestion=suggestion
    )
    return Status(201, _listing(user, suggestion.pk))


@router.get(
    "/{suggestion_id}/attachments/{attachment_id}",
    response={200: AttachmentContentOut, **DETAIL_ERRORS},
    summary="下载建议的附件",
    description=(
        "附件的文件名、类型、大小和内容（content，base64 编码）。"
        "能查看该建议的用户可用；范围外 404。"
    ),
)
def suggestion_attachment_download(
    request, suggestion_id: int = SuggestionId, attachment_id: int = AttachmentId
):
    attachment = get_suggestion_attachment_for_user(
        request.auth, suggestion_id, attachment_id
    )
    try:
        with attachment.file.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        raise Http404 from None
    attachment.content = base64.b64encode(content).decode("ascii")
    return attachment


@router.post(
    "/{suggestion_id}/attachments/{attachment_id}/remove",
    response={200: SuggestionAttachmentsOut, **WRITE_ERRORS},
    summary="删除草稿的附件",
    description=(
        "草稿或退回补充的建议，领衔代表或录入人可删除其附件；已提交的建议 409。"
        "与页面删除走同一个服务。返回该建议余下的附件。"
    ),
)
def suggestion_attachment_remove(
    request, suggestion_id: int = SuggestionId, attachment_id: int = AttachmentId
):
    attachment = get_suggestion_attachment_for_user(
        request.auth, suggestion_id, attachment_id
    )
    services.suggestion_save_with_attachments(
        actor=request.auth,
        fields={},
        remove=[attachment],
        suggestion=attachment.suggestion,
    )
    return _listing(request.auth, suggestion_id)

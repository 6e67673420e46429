"""What every part of /api/v1/suggestions shares: the router, path parameters,
error maps and the detail every write answers with."""

from ninja import Header, Path, Router

from renda.core.api import (
    DETAIL_ERRORS,
    MAX_ID,
    READ_ERRORS,
    ErrorOut,
)

from .. import selectors, services
from ..models import Suggestion

router = Router()

SuggestionId = Path(..., ge=1, le=MAX_ID, description="建议编号")
AssignmentId = Path(..., ge=1, le=MAX_ID, description="交办编号")
ExtensionId = Path(..., ge=1, le=MAX_ID, description="延期申请编号")
ReplyId = Path(..., ge=1, le=MAX_ID, description="答复编号")
IdempotencyKeyHeader = Header(
    None,
    alias="Idempotency-Key",
    max_length=services.IDEMPOTENCY_KEY_MAX_LENGTH,
    description="幂等键（不超过 100 个字符）：网络重试时带同一个键，只办理一次，返回第一次的结果",
)

# Writes may also answer 404 (outside scope), 409 (wrong state, lost race) and
# 400 (a rule of the input, naming the field).
WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}
CREATE_ERRORS = {**READ_ERRORS, 400: ErrorOut, 409: ErrorOut}

NO_STATISTICS = "您无权查看代表建议统计。"
NO_ROUTING = "只有本级人大常委会工作机构可以查看交办建议。"


# Reading helpers -------------------------------------------------------------------


def _detail(user, pk: int) -> Suggestion:
    """Read one visible suggestion through the shared read path, for the schema."""
    detail = selectors.suggestion_detail(user, pk)
    detail.suggestion.detail = detail
    return detail.suggestion

"""Build the Django Ninja API: authentication, error shape, pagination, routers.

Every error the API returns has one shape::

    {"code": "core.validation_error", "message": "<中文>", "field": "page",
     "errors": [{"location": "query", "field": "page", "code": "...", "message": "..."}]}

``field`` and ``errors`` appear only when they apply.
"""

from __future__ import annotations

import json
import logging
import typing
from collections.abc import Sequence
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.openapi.schema import OpenAPISchema
from ninja.pagination import PaginationBase
from ninja.parser import Parser
from ninja.security import SessionAuth as NinjaSessionAuth
from pydantic import AfterValidator, BaseModel, StringConstraints

from renda.core.errors import ApplicationError
from renda.core.middleware import (
    DATABASE_UNAVAILABLE_MESSAGE,
    NOT_FOUND_MESSAGE,
    retry_after_seconds,
)
from renda.core.pagination import (
    InvalidCursor,
    bounded_count,
    decode_cursor,
    encode_cursor,
    keyset_after,
    order_by_keys,
    ordering_keys,
    row_values,
)

logger = logging.getLogger(__name__)

# The largest primary key a query or path parameter may name: the range of a
# 64-bit integer column, so an absurd id is a 422 and never a database error.
MAX_ID = 2**63 - 1
# The deepest page a client may ask for; beyond it the offset is meaningless.
MAX_PAGE = 1_000_000

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _printable(value: str) -> str:
    # PostgreSQL refuses NUL in text; other control characters are never meant.
    if any(ord(char) < 32 for char in value):
        raise ValueError("不能包含控制字符。")
    return value


def text(max_length: int):
    """Free text from a query string: bounded, no control characters, so no database error."""
    return Annotated[
        str, StringConstraints(max_length=max_length), AfterValidator(_printable)
    ]


UNAUTHENTICATED_MESSAGE = "请先登录，或在 Authorization 头中提供有效的接口令牌。"


class ErrorItem(Schema):
    location: str = Field(description="出错参数的位置：query、path、body 等")
    field: str = Field(description="出错的参数或字段路径，如 page、filters.level")
    code: str = Field(description="错误类型（pydantic 错误类型）")
    message: str = Field(description="中文错误说明")


class ErrorOut(Schema):
    code: str = Field(description="错误代码，如 core.not_found、auth.unauthenticated")
    message: str = Field(description="中文错误说明，可直接展示给用户")
    field: str | None = Field(None, description="出错的字段（如有）")
    errors: list[ErrorItem] | None = Field(None, description="逐项的校验错误（如有）")


# Responses every authenticated read may give besides 200.
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}
DETAIL_ERRORS: dict[int, Any] = {**READ_ERRORS, 404: ErrorOut}


def choices_text(choices) -> str:
    """Return "VALUE 标签、VALUE 标签…" for a field description."""
    return "、".join(f"{value} {label}" for value, label in choices.choices)


class InvalidParameter(ApplicationError):
    """A parameter is well-formed but does not fit the request (e.g. a term of another congress)."""

    code = "core.invalid_parameter"
    status = 422


class ApiAuthenticationError(AuthenticationError):
    """401 with a code and a Chinese message."""

    def __init__(
        self,
        message: str = UNAUTHENTICATED_MESSAGE,
        code: str = "auth.unauthenticated",
    ) -> None:
        super().__init__(status_code=401, message=message)
        self.code = code


# Pagination ----------------------------------------------------------------------


class PageQuery(Schema):
    cursor: text(2000) | None = Field(
        None,
        description=(
            "上一页响应中的 next 游标：从该位置之后继续取（键集分页，任意深度的页"
            "开销相同）；与 page 同时给出时以 cursor 为准"
        ),
    )
    page: int = Field(
        1,
        ge=1,
        le=MAX_PAGE,
        description="页码，从 1 开始（按偏移取页，越深越慢；翻页请改用 cursor）",
    )
    page_size: int = Field(
        settings.RENDA_API_PAGE_SIZE,
        ge=1,
        le=settings.RENDA_API_MAX_PAGE_SIZE,
        description=f"每页条数，1 至 {settings.RENDA_API_MAX_PAGE_SIZE}",
    )


class PagePagination(PaginationBase):
    """Keyset (cursor) pagination with page numbers kept for existing clients.

    Every response carries ``next``: an opaque signed cursor over the list's
    ORDER BY (made unique by the primary key), or null on the last page. A
    request with ``cursor`` seeks past that row with a WHERE an index can
    use, so every page costs the same however deep; ``page`` still works
    (an OFFSET). ``count`` is exact up to ``RENDA_LIST_COUNT_BOUND`` and
    ``count_exact`` is false beyond it (the count reads at most bound + 1
    rows). Decision 0020.
    """

    Input = PageQuery

    class Output(Schema):
        count: int = Field(
            description=(
                "符合条件的条数：不超过上限（1000）时为准确值；count_exact 为 false 时"
                "表示多于 count 条"
            )
        )
        count_exact: bool = Field(description="count 是否为准确值")
        page: int | None = Field(
            description="当前页码（按 page 取页时）；按 cursor 取页时为 null"
        )
        page_size: int = Field(description="每页条数")
        next: str | None = Field(
            description="下一页的游标（作为 cursor 参数传回）；已是最后一页时为 null"
        )
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(self, queryset, pagination: PageQuery, request, **params):
        size = pagination.page_size
        count, exact = bounded_count(queryset)
        keys = ordering_keys(queryset) if isinstance(queryset, QuerySet) else None
        if keys is not None:
            queryset = order_by_keys(queryset, keys)
        page: int | None = pagination.page
        offset = (pagination.page - 1) * size
        if pagination.cursor is not None:
            page = None
            try:
                values, cursor_offset = decode_cursor(pagination.cursor, keys)
            except InvalidCursor as error:
                raise InvalidParameter(str(error), field="cursor") from error
            if values is not None:
                try:
                    queryset = queryset.filter(keyset_after(keys, values))
                except (ValueError, TypeError, DjangoValidationError) as error:
                    raise InvalidParameter(
                        "游标无效，请从第一页重新获取。", field="cursor"
                    ) from error
                offset = 0
            else:
                offset = cursor_offset
        rows = list(queryset[offset : offset + size + 1])
        more = len(rows) > size
        rows = rows[:size]
        next_cursor = None
        if more and rows:
            next_cursor = encode_cursor(
                keys,
                row_values(rows[-1], keys) if keys is not None else None,
                offset + size,
            )
        return {
            "count": count,
            "count_exact": exact,
            "page": page,
            "page_size": size,
            "next": next_cursor,
            "results": rows,
        }


# Authentication -------------------------------------------------------------------


class SessionAuth(NinjaSessionAuth):
    """The browser session; its CSRF token is checked only when there is a session.

    A request with neither a session nor a token is unauthenticated (401 with
    ``WWW-Authenticate``), as docs/api.md says; a logged-in session that sends a
    write without the CSRF token is refused with 403 ``auth.csrf_failed``.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        # A session still owing its two-factor code (marked by the accounts
        # middleware) is no credential for the API.
        if getattr(request, "renda_session_held", False):
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None):
        if getattr(request, "renda_session_held", False):
            return None
        return super().authenticate(request, key)


# Request bodies ------------------------------------------------------------------------

UNSUPPORTED_MEDIA_TYPE_MESSAGE = "请求体必须是 JSON：请设置 Content-Type: application/json（上传文件用 multipart/form-data）。"


def is_json_media_type(content_type: str) -> bool:
    """Tell whether a request's media type is JSON (application/json or +json)."""
    content_type = (content_type or "").lower()
    return content_type == "application/json" or (
        content_type.startswith("application/") and content_type.endswith("+json")
    )


class JsonOnlyParser(Parser):
    """Parse a request body as JSON only when the request says it is JSON.

    Ninja turns any parser error into a 400; the request is marked so that the
    error handler answers 415 instead.
    """

    def parse_body(self, request: HttpRequest):
        if not is_json_media_type(request.content_type):
            request._renda_unsupported_media_type = True
            raise ValueError("unsupported media type")
        return json.loads(request.body)


def _nested_models(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for argument in typing.get_args(annotation):
        found.extend(_nested_models(argument))
    return found


def _forbid_extra(model: type[BaseModel], done: set) -> None:
    # Depth first: a model is rebuilt after the models of its fields.
    if model in done:
        return
    done.add(model)
    for field in model.model_fields.values():
        for nested in _nested_models(field.annotation):
            _forbid_extra(nested, done)
    model.model_config["extra"] = "forbid"
    model.model_rebuild(force=True)


def body_models(api: NinjaAPI):
    """Yield the JSON body parameter models of every operation of the API."""
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    if model.__ninja_param_source__ == "body":
                        yield model


def forbid_unknown_body_fields(api: NinjaAPI) -> None:
    """Make every JSON request body refuse fields it does not declare.

    The refusal is a 422 ``extra_forbidden`` naming the field, and the schema
    says ``additionalProperties: false`` for every body schema, so a client
    learns from the schema that a misspelt field is an error, not ignored.
    """
    done: set = set()
    for model in body_models(api):
        _forbid_extra(model, done)


class SchemaNameClash(RuntimeError):
    """Two different schemas of the API would share one name in components."""


# A time of day as the API reads and writes it: 09:00, 09:00:00 or 09:00:00.5,
# local time with no offset. JSON Schema's "time" format is RFC 3339's full-time,
# which requires an offset ("09:00:00+08:00"), so it would not describe our values.
LOCAL_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


def _local_times(node) -> None:
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "time":
            del node["format"]
            node["pattern"] = LOCAL_TIME_PATTERN
            node.setdefault("description", "本地时间，HH:MM 或 HH:MM:SS")
        for value in node.values():
            _local_times(value)
    elif isinstance(node, list):
        for value in node:
            _local_times(value)


class RendaOpenAPISchema(OpenAPISchema):
    """Ninja's OpenAPI document, made to say what the API does.

    - Ninja files every model under its class name and lets a later one
      overwrite an earlier one, so an operation would point at another app's
      schema. Here the clash is an error naming the name: give one of the
      classes another name.
    - Times of day are local (no offset): described by a pattern, not by the
      ``time`` format, which requires an offset.
    """

    def __init__(self, api: NinjaAPI, path_prefix: str) -> None:
        super().__init__(api, path_prefix)
        _local_times(self)

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            known = self.schemas.get(name)
            if known is not None and known != definition:
                raise SchemaNameClash(
                    f"Two different schemas are named {name!r}; rename one of them."
                )
        super().add_schema_definitions(definitions)


class RendaNinjaAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return RendaOpenAPISchema(self, path_prefix)


# Errors --------------------------------------------------------------------------

VALIDATION_MESSAGES = {
    "missing": "必须填写。",
    "int_parsing": "必须是整数。",
    "int_type": "必须是整数。",
    "int_from_float": "必须是整数。",
    "float_parsing": "必须是数字。",
    "float_type": "必须是数字。",
    "decimal_parsing": "必须是数字。",
    "bool_parsing": "必须是 true 或 false。",
    "bool_type": "必须是 true 或 false。",
    "string_type": "必须是文本。",
    "string_too_short": "至少 {min_length} 个字符。",
    "string_too_long": "不能超过 {max_length} 个字符。",
    "string_pattern_mismatch": "格式不正确。",
    "greater_than": "必须大于 {gt}。",
    "greater_than_equal": "不能小于 {ge}。",
    "less_than": "必须小于 {lt}。",
    "less_than_equal": "不能大于 {le}。",
    "enum": "取值无效，可选值：{expected}。",
    "literal_error": "取值无效，可选值：{expected}。",
    "date_parsing": "日期格式应为 YYYY-MM-DD。",
    "date_type": "日期格式应为 YYYY-MM-DD。",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD。",
    "date_from_datetime_inexact": "日期不能带时间部分。",
    "datetime_parsing": "日期时间格式应为 YYYY-MM-DDTHH:MM:SS。",
    "datetime_type": "日期时间格式应为 YYYY-MM-DDTHH:MM:SS。",
    "datetime_from_date_parsing": "日期时间格式应为 YYYY-MM-DDTHH:MM:SS。",
    "time_parsing": "时间格式应为 HH:MM。",
    "uuid_parsing": "编号格式不正确。",
    "json_invalid": "JSON 格式不正确。",
    "json_type": "必须是 JSON。",
    "list_type": "必须是列表。",
    "dict_type": "必须是对象。",
    "model_type": "必须是对象。",
    "model_attributes_type": "必须是对象。",
    "too_short": "至少 {min_length} 项。",
    "too_long": "最多 {max_length} 项。",
    "extra_forbidden": "不允许的字段。",
    "url_parsing": "网址格式不正确。",
}
GENERIC_VALIDATION_MESSAGE = "取值无效。"


def _validation_message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error" and ctx.get("error"):
        # Our own validators raise ValueError with a Chinese message.
        return str(ctx["error"])
    template = VALIDATION_MESSAGES.get(kind)
    if template is None:
        return GENERIC_VALIDATION_MESSAGE
    try:
        return template.format(**ctx)
    except (KeyError, IndexError, ValueError):
        return GENERIC_VALIDATION_MESSAGE


def validation_errors(raw_errors: list[dict]) -> list[dict]:
    """Turn Ninja's validation errors into items naming the location and field in Chinese."""
    items = []
    for error in raw_errors:
        loc = [str(part) for part in error.get("loc", ())]
        location = loc[0] if loc else ""
        field_path = ".".join(loc[1:]) if len(loc) > 1 else location
        message = _validation_message(error)
        items.append(
            {
                "location": location,
                "field": field_path,
                "code": error.get("type", "invalid"),
                "message": f"{field_path}：{message}" if field_path else message,
            }
        )
    return items


def _error(api: NinjaAPI, request, status: int, data: dict) -> HttpResponse:
    return api.create_response(request, data, status=status)


def register_exception_handlers(api: NinjaAPI) -> None:
    """Answer every failure with the one JSON error shape, in Chinese."""

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request: HttpRequest, exc: RequestDataTooBig):
        limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        return _error(
            api,
            request,
            413,
            {
                "code": "core.too_large",
                "message": f"请求内容过大（上限 {limit_mb} MB）。",
            },
        )

    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, exc: ValidationError):
        items = validation_errors(exc.errors)
        first = items[0] if items else None
        data = {
            "code": "core.validation_error",
            "message": (
                f"请求参数有误：{first['message']}" if first else "请求参数有误。"
            ),
            "errors": items,
        }
        if first:
            data["field"] = first["field"]
        return _error(api, request, 422, data)

    @api.exception_handler(ApplicationError)
    def on_application_error(request: HttpRequest, exc: ApplicationError):
        response = _error(api, request, exc.status, exc.as_dict())
        # A rate limit (429) says when to come back in the header too, as pages do.
        retry_after = exc.extra.get("retry_after")
        if exc.status == 429 and retry_after is not None:
            response["Retry-After"] = str(retry_after)
        return response

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404):
        return _error(
            api, request, 404, {"code": "core.not_found", "message": NOT_FOUND_MESSAGE}
        )

    @api.exception_handler(DjangoPermissionDenied)
    def on_permission_denied(request: HttpRequest, exc: DjangoPermissionDenied):
        message = str(exc) or "您无权访问此内容。"
        return _error(
            api, request, 403, {"code": "core.permission_denied", "message": message}
        )

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError):
        code = getattr(exc, "code", "auth.unauthenticated")
        message = (
            exc.message
            if isinstance(exc, ApiAuthenticationError)
            else UNAUTHENTICATED_MESSAGE
        )
        response = _error(api, request, 401, {"code": code, "message": message})
        response["WWW-Authenticate"] = 'Bearer realm="renda"'
        return response

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError):
        if exc.status_code == 403 and "CSRF" in exc.message:
            data = {
                "code": "auth.csrf_failed",
                "message": "CSRF 校验失败：请刷新页面后重试，或改用接口令牌。",
            }
        elif exc.status_code == 403:
            data = {"code": "core.permission_denied", "message": "您无权访问此内容。"}
        elif exc.status_code == 400 and getattr(
            request, "_renda_unsupported_media_type", False
        ):
            return _error(
                api,
                request,
                415,
                {
                    "code": "core.unsupported_media_type",
                    "message": UNSUPPORTED_MEDIA_TYPE_MESSAGE,
                },
            )
        elif exc.status_code == 400:
            data = {
                "code": "core.bad_request",
                "message": "请求格式不正确，无法解析（例如 JSON 格式有误）。",
            }
        elif exc.status_code == 429:
            data = {"code": "core.throttled", "message": "请求过于频繁，请稍后再试。"}
        else:
            data = {"code": "core.http_error", "message": "请求无法处理。"}
        return _error(api, request, exc.status_code, data)

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def on_database_unavailable(request: HttpRequest, exc: Exception):
        logger.error("Database unavailable: %s", exc, exc_info=exc)
        response = _error(
            api,
            request,
            503,
            {"code": "core.unavailable", "message": DATABASE_UNAVAILABLE_MESSAGE},
        )
        response["Retry-After"] = str(retry_after_seconds())
        return response

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception):
        if settings.DEBUG:
            raise exc
        logger.exception("Unhandled API error", exc_info=exc)
        return _error(
            api,
            request,
            500,
            {"code": "core.server_error", "message": "服务器内部错误，请稍后再试。"},
        )


# The API ---------------------------------------------------------------------------


def build_api(
    *,
    urls_namespace: str = "api",
    auth: Sequence[Any] = (),
    routers: Sequence[tuple[str, str, str]] = (),
) -> NinjaAPI:
    """Build an API instance with the site's error shape and the given routers.

    ``auth`` comes before the session (which needs CSRF on writes); ``routers``
    are ``(prefix, "dotted.path.to.router", tag)``. The site's own instance, with
    every app's router and the bearer-token authentication, is ``config/api.py``;
    tests build bare instances to probe the error handling with endpoints of
    their own.
    """
    api = RendaNinjaAPI(
        title="Renda API",
        version="1",
        description=(
            "Renda 人大履职平台接口。认证：浏览器会话 Cookie（修改类请求须带 "
            "CSRF 令牌），或 `Authorization: Bearer <令牌>`。错误统一返回 "
            '`{"code", "message", "field"?, "errors"?}`，说明为中文。'
        ),
        urls_namespace=urls_namespace,
        auth=[*auth, SessionAuth()],
        parser=JsonOnlyParser(),
        # Swagger UI from the ninja package's static files (no CDN); no
        # validator badge, which would send the schema to validator.swagger.io.
        docs=Swagger(settings={"persistAuthorization": False, "validatorUrl": None}),
    )
    register_exception_handlers(api)
    for prefix, path, tag in routers:
        api.add_router(prefix, import_string(path), tags=[tag])
    forbid_unknown_body_fields(api)
    return api

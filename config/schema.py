"""The OpenAPI schema: served to signed-in users, its errors in JSON like every API answer."""

from drf_spectacular.views import SpectacularAPIView
from rest_framework.renderers import JSONRenderer


class SchemaView(SpectacularAPIView):
    def handle_exception(self, exc):
        # The schema's own renderers are YAML and OpenAPI JSON; an error (401) is plain JSON.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
ERRORS = {
    "type": "object",
    "properties": {
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        }
    },
    "required": ["errors"],
}
_WRITE_METHODS = {"post", "put", "patch", "delete"}
# GETs that can answer 409: an annual report export whose table does not add up.
_GET_CONFLICTS = {"/api/v1/reports/annual/"}


def _error(description: str, ref: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: the error answers of api.md "Conventions" on
    every operation that can give them (400 with ``errors``; 401, 403, 404, 409, 413 and 429
    with ``detail``), so the schema matches what the API returns."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorDetail", DETAIL)
    schemas.setdefault("ValidationErrors", ERRORS)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            codes = {
                "400": _error("输入有误（按字段列出）", "ValidationErrors"),
                "401": _error("未登录或令牌无效", "ErrorDetail"),
                "403": _error("无权执行", "ErrorDetail"),
                "404": _error("不存在或无权查看", "ErrorDetail"),
                "429": _error("请求过于频繁", "ErrorDetail"),
            }
            if method in _WRITE_METHODS or path in _GET_CONFLICTS:
                codes["409"] = _error("当前状态下不允许此操作", "ErrorDetail")
            if method in _WRITE_METHODS:
                codes["413"] = _error("请求内容或上传文件过大", "ErrorDetail")
            for code, response in codes.items():
                responses.setdefault(code, response)
    return result

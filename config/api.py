"""API conventions shared by every endpoint (api.md "Conventions")."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from cases.uploads import UploadTooLarge
from workflow.errors import Conflict


class ConflictResponse(exceptions.APIException):
    """409: how the API answers a domain ``Conflict`` (workflow.errors)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "当前状态下不允许此操作。"
    default_code = "conflict"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "上传文件过大。"
    default_code = "too_large"


# No request of ours nests deeper than a few levels (a case with its applicant and tasks); a
# limit well above that keeps a 1,000-level body from reaching code that recurses over it.
class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        """DRF quietly falls back to the default for ``page_size=null`` or ``abc``; a client
        that asked for something it cannot have is told so."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("每页条数应为1至%(max)d之间的整数。") % {"max": self.max_page_size}
                    ]
                }
            )
        return min(int(raw), self.max_page_size)


def _encodable(text: str) -> str:
    """Messages and unknown field names can echo the input; a lone surrogate from a JSON
    ``\\ud800``-style escape cannot be encoded as UTF-8 and would turn the 400 into a 500."""
    return text.encode("utf-8", "replace").decode("utf-8")


def flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error structure into ``{"applicant.id_number": [...]}``."""
    errors: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key == "non_field_errors" and prefix:
                name = prefix
            else:
                name = _encodable(f"{prefix}.{key}" if prefix else str(key))
            for field, messages in flatten_errors(value, name).items():
                errors.setdefault(field, []).extend(messages)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            errors[prefix or "non_field_errors"] = [_encodable(str(item)) for item in detail]
        else:
            for index, item in enumerate(detail):
                name = f"{prefix}.{index}" if prefix else str(index)
                for field, messages in flatten_errors(item, name).items():
                    errors.setdefault(field, []).extend(messages)
    else:
        errors[prefix or "non_field_errors"] = [_encodable(str(detail))]
    return errors


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Conflict):
        exc = ConflictResponse(exc.message)
    elif isinstance(exc, UploadTooLarge):
        exc = PayloadTooLarge(exc.message)
    elif isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        exc = PayloadTooLarge(_("请求内容过大。"))
    elif isinstance(exc, TransitionNotAllowed):
        exc = ConflictResponse(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("未找到，或您无权查看。"))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)

    if isinstance(exc, exceptions.ParseError):
        message = _("请求内容不是有效的 JSON：%(detail)s") % {"detail": exc.detail}
        return Response({"errors": {"body": [message]}}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.ValidationError):
        return Response({"errors": flatten_errors(exc.detail)}, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"])}
    return response

"""Calm error pages: a reference number the user can quote, never a stack trace.

Only real errors are logged at ERROR, with a reference and the traceback. A 403 or 404 is a
user's mistake or a probe, not a fault: Django logs it at WARNING and :class:`ClientErrorFilter`
keeps the traceback out. Under ``/api/`` every error answers JSON, also for a path the URLconf
does not match (``/api/v1/cases/abc/``).
"""

import logging
import uuid

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger("yishenqing.errors")

# Exceptions Django turns into a 4xx response: never "unhandled errors".
CLIENT_ERRORS = (Http404, PermissionDenied, SuspiciousOperation, BadRequest)


class ErrorReferenceMiddleware:
    """Gives every unhandled exception a short reference, logged with the traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, CLIENT_ERRORS):
            return None
        request.error_reference = uuid.uuid4().hex[:10]
        logger.error(
            "unhandled error, reference %s, %s %s",
            request.error_reference,
            request.method,
            request.path,
            exc_info=exception,
        )
        return None


class ClientErrorFilter(logging.Filter):
    """On ``django.request``: a 4xx record keeps its one line and loses the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    if _is_api(request):
        return JsonResponse({"errors": {"body": [_("请求无效。")]}}, status=400)
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("您没有执行该操作的权限。")}, status=403)
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("未找到，或您无权查看。")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    reference = getattr(request, "error_reference", "") or uuid.uuid4().hex[:10]
    if _is_api(request):
        return JsonResponse(
            {"detail": "服务器内部错误，请稍后再试或联系管理员。", "reference": reference},
            status=500,
        )
    return render(request, "500.html", {"reference": reference}, status=500)

"""Calm error pages: a reference number the user can quote, never a stack trace."""

import logging
import uuid

from django.http import JsonResponse
from django.shortcuts import render

logger = logging.getLogger("yishenqing.errors")


class ErrorReferenceMiddleware:
    """Gives every unhandled exception a short reference, logged with the traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        request.error_reference = uuid.uuid4().hex[:10]
        logger.error(
            "unhandled error, reference %s, %s %s",
            request.error_reference,
            request.method,
            request.path,
            exc_info=exception,
        )


def server_error(request):
    reference = getattr(request, "error_reference", "") or uuid.uuid4().hex[:10]
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": "服务器内部错误，请稍后再试或联系管理员。", "reference": reference},
            status=500,
        )
    return render(request, "500.html", {"reference": reference}, status=500)

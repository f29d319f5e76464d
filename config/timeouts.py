"""No query of a web or API request runs longer than ``REQUEST_STATEMENT_TIMEOUT_MS``.

PostgreSQL enforces it (``statement_timeout``, set once per connection, so it costs no query per
request); a request whose query is cancelled gets a clean 503 (JSON under /api/, the HTML page
elsewhere) instead of a hung worker or a 500. Commands and Celery workers are not limited: they
never pass through this middleware."""

import logging

from django.conf import settings
from django.db import OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("yishenqing.errors")

QUERY_CANCELED = "57014"  # SQLSTATE of a statement cancelled by statement_timeout


def is_statement_timeout(exception: BaseException) -> bool:
    cause = exception if not isinstance(exception, OperationalError) else exception.__cause__
    return getattr(cause, "sqlstate", None) == QUERY_CANCELED


class StatementTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self._limit(connection)
        return self.get_response(request)

    @staticmethod
    def _limit(conn) -> None:
        limit = settings.REQUEST_STATEMENT_TIMEOUT_MS
        if conn.vendor != "postgresql" or not limit:
            return
        conn.ensure_connection()
        raw = conn.connection
        if getattr(raw, "_request_statement_timeout", None) == limit:
            return
        with raw.cursor() as cursor:  # the driver's cursor: not a query of the request's own
            cursor.execute(f"SET statement_timeout = {int(limit)}")
        raw._request_statement_timeout = limit

    def process_exception(self, request, exception):
        if not is_statement_timeout(exception):
            return None
        logger.warning("statement timeout: %s %s", request.method, request.path)
        message = _("查询超时，请缩小检索范围后重试。")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=503, headers={"Retry-After": "5"})
        # Rendered without the request's context processors: the cancelled query may have
        # aborted the transaction, so the page must not query (no bell, no user menu).
        return HttpResponse(render_to_string("503.html", {"message": message}), status=503)

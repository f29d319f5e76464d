"""Response headers every page and API answer carries (Content-Security-Policy: django-csp)."""

from django.conf import settings


class PrivacyHeadersMiddleware:
    """``Permissions-Policy`` on every response; ``Cache-Control: no-store`` on everything a
    signed-in user is shown and on every API answer.

    Case pages, the case API, letters, case files and attachments all carry applicants'
    personal data; rather than remember each view, nothing behind a sign-in may be kept by a
    browser or a proxy. Static files are served before this middleware (WhiteNoise) and stay
    cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            response["Cache-Control"] = "no-store"
            if "Expires" in response:
                del response["Expires"]
        return response

"""Session rules on every request: an idle session ends; a password set by an administrator
must be changed, and a role that needs two-factor sign-in must set it up, before anything else.

No query of its own: the marks live in the session (set at sign-in, accounts.signin), and the
last-seen time is written at most once a minute."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.signin import LAST_SEEN, MUST_CHANGE_PASSWORD, MUST_ENROL

TOUCH_EVERY = 60  # seconds


def _exempt(path: str, allowed: tuple[str, ...]) -> bool:
    return path.startswith(allowed) or path.startswith(("/static/", "/i18n/"))


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            response = self._check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request):
        session = request.session
        now = int(time.time())
        last = session.get(LAST_SEEN)
        if last is not None and now - last > settings.SESSION_IDLE_MINUTES * 60:
            request._idle_logout = True
            logout(request)
            message = _("长时间未操作，已自动退出，请重新登录。")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=401)
            messages.info(request, message)
            return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
        if last is None or now - last >= TOUCH_EVERY:
            session[LAST_SEEN] = now
        logout_path = reverse("logout")
        if session.get(MUST_CHANGE_PASSWORD):
            target = reverse("accounts:password")
            if not _exempt(request.path, (target, logout_path)):
                return self._send(request, target, _("请先修改管理员为您设置的初始密码。"))
        elif session.get(MUST_ENROL):
            target = reverse("accounts:two_factor")
            if not _exempt(request.path, (target, logout_path)):
                return self._send(request, target, _("您的角色须启用两步验证，请先完成设置。"))
        return None

    def _send(self, request, target: str, message: str):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        return redirect(target)

"""What a locked-out sign-in sees (django-axes' AXES_LOCKOUT_CALLABLE): the login page with a
clear message, or JSON on API paths; HTTP 429 either way."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.forms import LoginForm


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "登录失败次数过多，该账户（或本机地址）已被临时锁定。请 %(minutes)d 分钟后再试，"
        "或请本机关管理员解除锁定。"
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=429)
    form = LoginForm(request, data=None)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "lockout": lockout_message(),
            "username": username,
            "next": request.POST.get("next", ""),
        },
        status=429,
    )

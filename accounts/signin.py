"""What happens around a sign-in: the account log (logins, failures, lockouts, sign-outs) and
the session's own marks (when it was last used, whether the password must be changed or
two-factor sign-in set up first).

Django and django-axes announce sign-ins through the auth signals; listening to them is the
one way to see every login path (the web form, the API token endpoint, the admin)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.utils import timezone

from accounts.models import EventKind

LAST_SEEN = "accounts.last_seen"
MUST_CHANGE_PASSWORD = "accounts.must_change_password"
MUST_ENROL = "accounts.must_enrol"


def channel_of(request) -> str:
    path = getattr(request, "path", "") or ""
    if path.startswith("/api/"):
        return "api"
    if path.startswith("/admin/"):
        return "admin"
    return "web"


def _logged_in(sender, request, user, **kwargs) -> None:
    from accounts import services, twofactor

    if request is None:
        return
    channel = channel_of(request)
    session = getattr(request, "session", None) if channel != "api" else None
    if session is not None:
        session[LAST_SEEN] = int(timezone.now().timestamp())
        if services.must_change_password(user):
            session[MUST_CHANGE_PASSWORD] = True
        if twofactor.must_enrol(user) and not twofactor.has_device(user):
            session[MUST_ENROL] = True
    services.record(EventKind.LOGIN, user=user, actor=user, request=request, channel=channel)


def _logged_out(sender, request, user, **kwargs) -> None:
    from accounts import services

    if user is None or request is None:
        return
    kind = (
        EventKind.SESSION_EXPIRED if getattr(request, "_idle_logout", False) else EventKind.LOGOUT
    )
    services.record(kind, user=user, actor=user, request=request, channel=channel_of(request))


def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    """Runs after django-axes' own receiver, so the request already says whether this failure
    locked the account (or found it locked)."""
    from django.contrib.auth import get_user_model

    from accounts import services

    username = str(credentials.get("username") or "")[:150]
    user = get_user_model().objects.filter(username=username).first() if username else None
    locked = bool(getattr(request, "axes_locked_out", False))
    services.record(
        EventKind.LOCKED_OUT if locked else EventKind.LOGIN_FAILED,
        user=user,
        username=username,
        request=request,
        channel=channel_of(request),
        detail={"reason": credentials.get("reason", "password")} if not locked else {},
    )


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="accounts.logged_in")
    user_logged_out.connect(_logged_out, dispatch_uid="accounts.logged_out")
    user_login_failed.connect(_login_failed, dispatch_uid="accounts.login_failed")

"""Every change to an account, each in one transaction and each leaving an AccountEvent.

Views (the staff page, the Django admin, the token endpoint) parse and call these; they never
save a membership, a password or an activation flag themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from accounts import access
from accounts.models import AccountEvent, EventKind
from agencies.models import Membership, Role

User = get_user_model()


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    kind: str,
    *,
    user=None,
    username: str = "",
    actor=None,
    agency=None,  # an Agency or its id; default: the user's agency
    request=None,
    channel: str = "",
    role: str = "",
    previous_role: str = "",
    detail: dict | None = None,
) -> AccountEvent:
    if user is not None and not username:
        username = user.get_username()
    if agency is None and user is not None:
        membership = Membership.objects.filter(user=user).only("agency_id").first()
        agency_id = membership.agency_id if membership else None
    else:
        agency_id = getattr(agency, "pk", agency)
    return AccountEvent.objects.create(
        kind=kind,
        user=user,
        username=username[:150],
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_username=actor.get_username() if actor is not None and actor.is_authenticated else "",
        agency_id=agency_id,
        ip_address=client_ip(request),
        channel=channel,
        role=role,
        previous_role=previous_role,
        detail=detail or {},
    )


# -- API tokens ---------------------------------------------------------------------------------


def issue_token(*, user, request=None) -> tuple[AuthToken, str]:
    """A new API token (the sign-in itself is logged by accounts.signin as an api login)."""
    return AuthToken.objects.create(user=user)


def revoke_tokens(*, user, actor=None, request=None, reason: str, token=None) -> int:
    """Delete the user's API tokens (or just ``token``); recorded when any existed."""
    tokens = AuthToken.objects.filter(user=user)
    if token is not None:
        tokens = tokens.filter(pk=token.pk)
    count, _deleted = tokens.delete()
    if count:
        record(
            EventKind.TOKENS_REVOKED,
            user=user,
            actor=actor,
            request=request,
            detail={"reason": reason, "count": count},
        )
    return count


# -- memberships and roles ----------------------------------------------------------------------


@transaction.atomic
def set_membership(
    *, actor, user, agency, role: str, department=None, request=None, channel: str = "web"
) -> Membership:
    """Give ``user`` this agency, role and department; record what changed."""
    access.check_assignment(actor, user=user, agency=agency, role=role, department=department)
    if role == Role.LIAISON and department is None:
        raise ValidationError({"department": [_("部门联络员必须属于一个部门。")]})
    if department is not None and department.agency_id != agency.pk:
        raise ValidationError({"department": [_("部门不属于所选机关。")]})
    membership = Membership.objects.select_for_update().filter(user=user).first()
    previous_role = membership.role if membership else ""
    previous_department = membership.department if membership else None
    previous_agency_id = membership.agency_id if membership else None
    if membership is None:
        membership = Membership(user=user)
    membership.agency, membership.role, membership.department = agency, role, department
    membership.save()
    if previous_agency_id is not None and previous_agency_id != agency.pk:
        # Leaving an agency: its log keeps the removal, the new one the grant.
        record(
            EventKind.ROLE_REMOVED,
            user=user,
            actor=actor,
            request=request,
            agency=previous_agency_id,
            role=previous_role,
            channel=channel,
        )
        previous_role = ""
    if role != previous_role:
        record(
            EventKind.ROLE_GRANTED,
            user=user,
            actor=actor,
            request=request,
            agency=agency,
            role=role,
            previous_role=previous_role,
            channel=channel,
            detail={"department": department.name if department else ""},
        )
    elif (department and department.pk) != (previous_department and previous_department.pk):
        record(
            EventKind.DEPARTMENT_CHANGED,
            user=user,
            actor=actor,
            request=request,
            agency=agency,
            role=role,
            channel=channel,
            detail={
                "department": department.name if department else "",
                "previous_department": previous_department.name if previous_department else "",
            },
        )
    return membership


@transaction.atomic
def set_superuser(*, actor, user, value: bool, request=None) -> None:
    if not (actor.is_active and actor.is_superuser):
        raise PermissionDenied(_("只有平台管理员可以授予或撤销平台管理员。"))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_superuser == value:
        return
    user.is_superuser = value
    user.is_staff = value or getattr(getattr(user, "membership", None), "role", None) == (
        Role.AGENCY_ADMIN
    )
    user.save(update_fields=["is_superuser", "is_staff"])
    record(
        EventKind.SUPERUSER_GRANTED if value else EventKind.SUPERUSER_REMOVED,
        user=user,
        actor=actor,
        request=request,
        channel="admin",
    )


def _check_manages(actor, user) -> None:
    if not access.may_manage(actor, user):
        raise PermissionDenied(_("您无权管理此账户。"))


@transaction.atomic
def create_staff(
    *,
    actor,
    username: str,
    last_name: str,
    first_name: str,
    role: str,
    department=None,
    password: str,
    email: str = "",
    request=None,
):
    """A new member of the actor's agency with a temporary password, to be changed at the
    first sign-in."""
    agency = access.require_agency_admin(actor) if not actor.is_superuser else None
    if agency is None:
        raise PermissionDenied(_("平台管理员请在系统管理中新建人员。"))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [_("该用户名已被使用。")]})
    user = User(username=username, last_name=last_name, first_name=first_name, email=email)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    record(
        EventKind.STAFF_CREATED,
        user=user,
        actor=actor,
        request=request,
        agency=agency,
        channel="web",
    )
    set_membership(
        actor=actor, user=user, agency=agency, role=role, department=department, request=request
    )
    record(
        EventKind.PASSWORD_SET,
        user=user,
        actor=actor,
        request=request,
        agency=agency,
        channel="web",
    )
    return user


@transaction.atomic
def set_password_by_admin(*, actor, user, password: str, request=None, channel="web") -> None:
    """An administrator sets a temporary password: the user must change it at next sign-in;
    every session and API token of the user ends."""
    _check_manages(actor, user)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    revoke_tokens(user=user, actor=actor, request=request, reason="password_set")
    record(EventKind.PASSWORD_SET, user=user, actor=actor, request=request, channel=channel)


@transaction.atomic
def change_own_password(*, user, old_password: str, new_password: str, request=None) -> None:
    if not user.check_password(old_password):
        raise ValidationError({"old_password": [_("原密码不正确。")]})
    if old_password == new_password:
        raise ValidationError({"new_password1": [_("新密码不能与原密码相同。")]})
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    revoke_tokens(user=user, actor=user, request=request, reason="password_changed")
    record(EventKind.PASSWORD_CHANGED, user=user, actor=user, request=request, channel="web")


@transaction.atomic
def set_active(*, actor, user, active: bool, request=None, channel="web") -> None:
    """Deactivate (every API token ends at once; sessions fail on their next request) or
    reactivate an account."""
    if actor.pk == user.pk:
        raise PermissionDenied(_("不能停用自己的账户。"))
    if not actor.is_superuser:
        _check_manages(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        revoke_tokens(user=user, actor=actor, request=request, reason="deactivated")
    record(
        EventKind.REACTIVATED if active else EventKind.DEACTIVATED,
        user=user,
        actor=actor,
        request=request,
        channel=channel,
    )


def unlock(*, actor, user, request=None) -> int:
    """Clear the sign-in failures of ``user`` (django-axes)."""
    from axes.utils import reset

    if not actor.is_superuser:
        _check_manages(actor, user)
    count = reset(username=user.get_username())
    record(
        EventKind.UNLOCKED,
        user=user,
        actor=actor,
        request=request,
        channel="web",
        detail={"attempts": count},
    )
    return count


def locked_usernames(usernames) -> set[str]:
    """Which of these usernames django-axes refuses right now."""
    from axes.models import AccessAttempt

    names = list(usernames)
    if not names:
        return set()
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(username__in=names, attempt_time__gte=since)
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {row["username"] for row in rows}


def must_change_password(user) -> bool:
    """True when the last password was set by someone else (an administrator)."""
    last = (
        AccountEvent.objects.filter(
            user=user, kind__in=[EventKind.PASSWORD_SET, EventKind.PASSWORD_CHANGED]
        )
        .order_by("-at", "-id")
        .values_list("kind", flat=True)
        .first()
    )
    return last == EventKind.PASSWORD_SET

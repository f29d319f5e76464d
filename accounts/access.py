"""Who manages which accounts, and who reads which part of the account log.

The platform administrator (a superuser) manages everyone. An agency administrator manages the
staff of their own agency only: never a superuser, never a staff (admin-site) account, never
another agency administrator, never themselves; and hands out every role except 机关管理员.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import AccountEvent
from agencies.models import Agency, Department, Role
from agencies.roles import role_of

User = get_user_model()

# Who reads the account log of their agency.
LOG_READERS = frozenset({Role.AGENCY_ADMIN, Role.AUDITOR})


def admin_agency_id(user) -> int | None:
    """The agency an active agency administrator manages; None for everyone else."""
    if not user.is_authenticated or not user.is_active or role_of(user) != Role.AGENCY_ADMIN:
        return None
    return user.membership.agency_id


def manageable_users(actor):
    if actor.is_authenticated and actor.is_active and actor.is_superuser:
        return User.objects.all()
    agency_id = admin_agency_id(actor)
    if agency_id is None:
        return User.objects.none()
    return (
        User.objects.filter(membership__agency_id=agency_id, is_superuser=False, is_staff=False)
        .exclude(membership__role=Role.AGENCY_ADMIN)
        .exclude(pk=actor.pk)
    )


def may_manage(actor, user) -> bool:
    return manageable_users(actor).filter(pk=user.pk).exists()


def get_staff_for(actor, pk):
    """A member of staff the actor manages, with membership; 404 otherwise."""
    try:
        return (
            manageable_users(actor)
            .select_related("membership", "membership__department")
            .get(pk=pk)
        )
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def require_agency_admin(user) -> Agency:
    if admin_agency_id(user) is None:
        raise PermissionDenied(_("只有机关管理员可以管理本机关人员。"))
    return user.membership.agency


def assignable_roles(actor) -> list[tuple[str, str]]:
    if actor.is_superuser:
        return list(Role.choices)
    return [(value, label) for value, label in Role.choices if value != Role.AGENCY_ADMIN]


def assignable_agencies(actor):
    if actor.is_superuser:
        return Agency.objects.all()
    agency_id = admin_agency_id(actor)
    return Agency.objects.filter(pk=agency_id) if agency_id else Agency.objects.none()


def assignable_departments(actor):
    if actor.is_superuser:
        return Department.objects.all()
    agency_id = admin_agency_id(actor)
    if agency_id is None:
        return Department.objects.none()
    return Department.objects.filter(agency_id=agency_id, active=True)


def check_assignment(actor, *, user, agency, role: str, department) -> None:
    """Raise PermissionDenied unless ``actor`` may give ``user`` this membership."""
    if actor.is_superuser and actor.is_active:
        return
    agency_id = admin_agency_id(actor)
    if agency_id is None:
        raise PermissionDenied(_("只有机关管理员可以分配角色。"))
    if user.pk == actor.pk:
        raise PermissionDenied(_("不能更改自己的角色。"))
    if user.is_superuser or user.is_staff:
        raise PermissionDenied(_("不能管理平台管理员账户。"))
    if agency.pk != agency_id:
        raise PermissionDenied(_("只能在本机关内分配角色。"))
    if department is not None and department.agency_id != agency_id:
        raise PermissionDenied(_("只能选择本机关的部门。"))
    if role == Role.AGENCY_ADMIN:
        raise PermissionDenied(_("机关管理员角色只能由平台管理员授予。"))
    current = getattr(user, "membership", None) if user.pk else None
    if current is not None and current.agency_id != agency_id:
        raise PermissionDenied(_("不能管理其他机关的人员。"))
    if current is not None and current.role == Role.AGENCY_ADMIN:
        raise PermissionDenied(_("不能更改其他机关管理员的角色。"))


def events_for(user):
    """The account log a user may read: their agency's (agency admins and auditors) or all of
    it (platform administrators); nothing for other roles."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return AccountEvent.objects.all()
    if role_of(user) not in LOG_READERS or not user.is_active:
        return AccountEvent.objects.none()
    return AccountEvent.objects.filter(agency_id=user.membership.agency_id)


def may_read_log(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or role_of(user) in LOG_READERS)
    )

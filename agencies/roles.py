"""Roles are Django groups; each carries the named permissions below."""

from django.contrib.auth.models import Group, Permission

from agencies.models import Role

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: ["cases.view_case", "cases.register_case"],
    Role.HANDLER: ["cases.view_case", "cases.register_case", "cases.handle_case"],
    Role.APPROVER: ["cases.view_case", "cases.approve_case"],
    Role.LIAISON: ["workflow.answer_task"],
    Role.AUDITOR: ["cases.view_case", "cases.audit_case"],
    Role.AGENCY_ADMIN: [
        "agencies.manage_agency",
        "agencies.view_agency",
        "agencies.change_agency",
        "agencies.view_department",
        "agencies.add_department",
        "agencies.change_department",
        "agencies.view_membership",
        "agencies.add_membership",
        "agencies.change_membership",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "clock.view_calendaryear",
        "clock.view_calendarday",
    ],
}


def ensure_role_groups(**kwargs) -> None:
    """Create the role groups with their permissions; idempotent (runs after every migrate)."""
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


DEPARTMENT_GROUP_PREFIX = "department:"


def department_group(department) -> Group:
    """The group that holds a department's per-object permissions (its tasks)."""
    return Group.objects.get_or_create(name=f"{DEPARTMENT_GROUP_PREFIX}{department.pk}")[0]


def sync_user_group(user, role: str, department=None) -> None:
    """Put the user in exactly the group of its role (and of its department, for liaisons)."""
    wanted = [Group.objects.get_or_create(name=role)[0]]
    if role == Role.LIAISON and department is not None:
        wanted.append(department_group(department))
    managed = Group.objects.filter(name__in=Role.values) | Group.objects.filter(
        name__startswith=DEPARTMENT_GROUP_PREFIX
    )
    user.groups.remove(*managed.exclude(pk__in=[g.pk for g in wanted]))
    user.groups.add(*wanted)
    # Agency admins work in the Django admin; nobody else needs it (superusers keep it).
    is_staff = role == Role.AGENCY_ADMIN or user.is_superuser
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])


def role_of(user) -> str | None:
    membership = getattr(user, "membership", None) if user.is_authenticated else None
    return membership.role if membership else None

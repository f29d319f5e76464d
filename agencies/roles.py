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


# What each permission lets a role do, in the words the staff pages and the admin show.
ROLE_PERMISSION_LABELS: dict[str, str] = {
    "cases.view_case": "查看本机关案件",
    "cases.register_case": "登记申请、补正、收费、撤回、送达与归档",
    "cases.handle_case": "承办案件：交办协助、征求意见、拟写答复",
    "cases.approve_case": "审批答复和延期",
    "cases.audit_case": "监督检查（只读）",
    "workflow.answer_task": "答复本部门的协助调查任务",
    "agencies.manage_agency": "管理本机关的部门与人员",
    "agencies.view_agency": "查看本机关信息",
    "agencies.change_agency": "修改本机关信息",
    "agencies.view_department": "查看部门",
    "agencies.add_department": "新增部门",
    "agencies.change_department": "修改部门",
    "agencies.view_membership": "查看人员角色",
    "agencies.add_membership": "分配人员角色",
    "agencies.change_membership": "调整人员角色",
    "auth.view_user": "查看本机关人员账户",
    "auth.add_user": "新建本机关人员账户",
    "auth.change_user": "修改本机关人员账户",
    "clock.view_calendaryear": "查看工作日历年度",
    "clock.view_calendarday": "查看工作日历",
}


def ensure_role_groups(**kwargs) -> None:
    """Create the role groups with their permissions; idempotent (runs after every migrate).
    The permissions the roles use get their Chinese names (the admin shows them)."""
    for perm, label in ROLE_PERMISSION_LABELS.items():
        app_label, codename = perm.split(".")
        Permission.objects.filter(content_type__app_label=app_label, codename=codename).exclude(
            name=label
        ).update(name=label)
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


def has_role_perm(user, perm: str, obj=None) -> bool:
    """``user.has_perm`` without Django's superuser shortcut.

    A superuser holds every permission in Django's eyes, so a plain ``has_perm`` would open
    every case and applicant to the platform administrator. Case data is for the roles that
    work with it; a superuser gets exactly what their membership's role gives (usually none),
    and only the platform admin pages (the Django admin) show more.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if not user.is_superuser:
        return user.has_perm(perm, obj)
    role = role_of(user)
    return obj is None and role is not None and perm in ROLE_PERMISSIONS.get(role, ())

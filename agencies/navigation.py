"""Role-aware navigation: each role sees the places where its work is."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies.models import Role

# (url name, label, roles that see it; None = everyone)
NAV = [
    ("home", _("工作台"), None),
    ("cases:new", _("登记申请"), [Role.CLERK, Role.HANDLER]),
    ("cases:list", _("案件"), [Role.CLERK, Role.HANDLER, Role.APPROVER, Role.AUDITOR]),
    ("workflow:approvals", _("审批"), [Role.APPROVER]),
    ("workflow:inbox", _("协助调查任务"), [Role.LIAISON]),
    ("audit:search", _("案件检索"), [Role.AUDITOR]),
    (
        "reports:annual",
        _("年度报表"),
        [Role.CLERK, Role.HANDLER, Role.APPROVER, Role.AUDITOR, Role.AGENCY_ADMIN],
    ),
    ("reports:dashboard", _("运行情况"), [Role.HANDLER, Role.APPROVER, Role.AGENCY_ADMIN]),
    ("accounts:staff", _("人员管理"), [Role.AGENCY_ADMIN]),
    ("accounts:log", _("账户日志"), [Role.AGENCY_ADMIN, Role.AUDITOR]),
    ("clock:month", _("工作日历"), None),
    # Any signed-in user may read the API docs; the link is for those who set up integrations.
    ("api-docs", _("接口文档"), [Role.AGENCY_ADMIN]),
]


def navigation_for(user) -> list[dict]:
    membership = getattr(user, "membership", None)
    role = membership.role if membership else None
    items = []
    for url_name, label, roles in NAV:
        if roles is None or role in roles:
            items.append({"url": reverse(url_name), "label": label, "name": url_name})
    if user.is_superuser and role != Role.AGENCY_ADMIN:
        items.append({"url": reverse("api-docs"), "label": _("接口文档"), "name": "api-docs"})
    if user.is_staff:
        items.append({"url": reverse("admin:index"), "label": _("系统管理"), "name": "admin"})
    return items


ROLE_HOME_TEMPLATES = {
    Role.CLERK: "home/clerk.html",
    Role.HANDLER: "home/handler.html",
    Role.APPROVER: "home/approver.html",
    Role.LIAISON: "home/liaison.html",
    Role.AUDITOR: "home/auditor.html",
    Role.AGENCY_ADMIN: "home/agency_admin.html",
}

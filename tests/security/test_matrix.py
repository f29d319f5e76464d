"""Every route of the URLconf × every role: the expected outcome in one table.

The routes come from the URLconf itself, so a new route without a row here fails
``test_every_route_has_a_row`` with its name. Each row probes one method with an empty body
(JSON on the API, a form elsewhere), as the signed-in user of each column. Outcomes:

    ok   let in: 2xx, or a redirect that is not to a sign-in page
    400  the (empty) input was judged and refused; for some writes the input is checked
         before the role, so a 400 here does not mean the role may write (the role checks
         with valid input are in each feature's own tests, e.g. tests/audit/test_auditor_writes)
    409  the case's state does not allow the act
    L    sent to sign in: 401, or a redirect to a login page (also for signed-in users the
         Django admin does not admit)
    403  refused
    404  not found, or not visible to this user (the admin's "does not exist" redirect too)
    405  method not allowed

Columns: anonymous; a signed-in user with no membership; agency 1's clerk, handler,
approver, the liaisons of departments A and B, the auditor and the agency admin; agency 2's
clerk and agency admin; the platform superuser (no membership). Every object in the URLs
belongs to agency 1, so agency 2's columns must never read "ok" on one.
"""

import os
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern
from django.utils import timezone

from agencies.models import Role
from tests.factories import UserFactory, make_member

ROLES = ["anon", "nobody", "clerk", "handler", "approver", "dept_a", "dept_b", "auditor",
         "admin", "clerk2", "admin2", "sysadmin"]

# ruff: noqa: E501
# meth route                                                   anon nobdyclerkhandlapprvdeptAdeptBauditadminclrk2adm2 sys
TABLE = """
GET  /                                                         L    ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
GET  accounts/login/                                           ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
POST accounts/logout/                                          L    L    L    L    L    L    L    L    L    L    L    L
GET  accounts/password/                                        L    ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
GET  accounts/two-factor/                                      L    ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
GET  accounts/staff/                                           L    403  403  403  403  403  403  403  ok   403  ok   403
GET  accounts/staff/new/                                       L    403  403  403  403  403  403  403  ok   403  ok   403
GET  accounts/staff/<int:pk>/                                  L    403  403  403  403  403  403  403  ok   403  404  403
POST accounts/staff/<int:pk>/password/                         L    403  403  403  403  403  403  403  ok   403  404  403
POST accounts/staff/<int:pk>/<slug:action>/                    L    403  403  403  403  403  403  403  ok   403  404  403
GET  accounts/log/                                             L    403  403  403  403  403  403  ok   ok   403  ok   ok
GET  admin/login/                                              L    L    L    L    L    L    L    L    L    L    L    L
GET  admin/password_change/                                    ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
GET  admin/                                                    L    L    L    L    L    L    L    L    ok   L    ok   ok
GET  admin/logout/                                             404  404  404  404  404  404  404  404  405  404  405  405
GET  admin/password_change/done/                               L    L    L    L    L    L    L    L    ok   L    ok   ok
GET  admin/autocomplete/                                       L    L    L    L    L    L    L    L    403  L    403  403
GET  admin/jsi18n/                                             L    L    L    L    L    L    L    L    ok   L    ok   ok
GET  admin/r/<path:content_type_id>/<path:object_id>/          L    L    L    L    L    L    L    L    404  L    404  404
GET  admin:app_list                                            L    L    L    L    L    L    L    L    404  L    404  ok
GET  admin:catch_all_view                                      L    L    L    L    L    L    L    L    404  L    404  404
POST i18n/setlang/                                             ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
GET  calendar/                                                 L    ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
GET  calendar/<int:year>/<int:month>/                          L    ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
GET  cases/                                                    L    403  ok   ok   ok   403  403  ok   403  ok   403  403
GET  cases/new/                                                L    403  ok   ok   403  403  403  403  403  ok   403  403
GET  cases/<int:pk>/                                           L    404  ok   ok   ok   404  404  ok   404  404  404  404
GET  cases/<int:pk>/sheet/                                      L    404  ok   ok   ok   404  404  ok   404  404  404  404
GET  cases/<int:pk>/correct/                                   L    404  ok   ok   403  404  404  403  404  404  404  404
GET  cases/<int:pk>/attachments/<int:attachment_pk>/           L    404  ok   ok   ok   404  404  ok   404  404  404  404
POST cases/<int:pk>/actions/<str:name>/                        L    404  400  400  403  404  404  403  404  404  404  404
POST consultations/<int:pk>/answer/                            L    404  403  400  403  404  404  403  404  404  404  404
POST consultations/<int:pk>/served/                            L    404  400  400  403  404  404  403  404  404  404  404
POST fee-notices/<int:pk>/served/                              L    404  404  404  404  404  404  404  404  404  404  404
GET  tasks/                                                    L    ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
GET  tasks/<int:pk>/                                           L    404  ok   ok   ok   ok   404  ok   404  404  404  404
GET  approvals/                                                L    403  403  403  ok   403  403  403  403  403  403  403
POST cases/<int:pk>/handler/                                   L    404  403  400  400  404  404  403  404  404  404  404
GET  handover/                                                 L    403  403  ok   ok   403  403  403  403  403  403  403
GET  reports/annual/                                           L    403  ok   ok   ok   403  403  ok   ok   ok   ok   ok
GET  reports/annual/<int:year>/cases/                          L    403  ok   ok   ok   403  403  ok   403  ok   403  403
GET  reports/annual/<int:year>/reviews/                        L    403  ok   ok   ok   403  403  ok   403  ok   403  403
GET  reports/dashboard/                                        L    403  403  ok   ok   403  403  403  ok   403  ok   403
GET  reports/cases/<int:pk>/reviews/                           L    404  ok   ok   ok   404  404  ok   404  404  404  404
POST reports/reviews/<int:pk>/decide/                          L    404  ok   ok   ok   404  404  ok   404  404  404  404
GET  notifications/                                            L    ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
POST notifications/<int:pk>/read/                              L    404  404  ok   404  404  404  404  404  404  404  404
POST notifications/read-all/                                   L    ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
GET  notifications/settings/                                   L    ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
GET  audit/                                                    L    403  403  403  403  403  403  ok   403  403  403  403
GET  audit/cases/<int:pk>/                                     L    403  403  403  403  403  403  ok   403  403  403  403
POST api/v1/auth/token/                                        400  400  400  400  400  400  400  400  400  400  400  400
POST api/v1/auth/logout/                                       L    L    L    L    L    L    L    L    L    L    L    L
GET  api/v1/account-events/                                    L    403  403  403  403  403  403  ok   ok   403  ok   ok
GET  api/v1/departments/                                       L    ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
GET  api/v1/cases/                                             L    ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
POST api/v1/cases/                                             L    403  400  400  403  403  403  403  403  400  403  403
GET  api/v1/cases/<int:pk>/                                    L    404  ok   ok   ok   404  404  ok   404  404  404  404
POST api/v1/cases/<int:pk>/transitions/<str:name>/             L    404  400  400  403  404  404  403  404  404  404  404
POST api/v1/cases/<int:pk>/handler/                            L    404  403  400  400  404  404  403  404  404  404  404
POST api/v1/handover/                                          L    403  403  400  400  403  403  403  403  403  403  403
GET  api/v1/cases/<int:pk>/letters/                            L    404  ok   ok   ok   404  404  ok   404  404  404  404
GET  api/v1/letters/<int:pk>/pdf/                              L    404  ok   ok   ok   404  404  ok   404  404  404  404
POST api/v1/letters/<int:pk>/reissue/                          L    404  403  ok   403  404  404  403  404  404  404  404
GET  api/v1/cases/<int:pk>/letters/preview/<str:kind>/         L    404  ok   ok   ok   404  404  ok   404  404  404  404
GET  api/v1/cases/<int:pk>/bundle/                             L    404  ok   ok   ok   404  404  ok   404  404  404  404
GET  api/v1/cases/<int:pk>/integrity/                          L    404  ok   ok   ok   404  404  ok   404  404  404  404
POST api/v1/cases/<int:pk>/archive-notes/                      L    404  403  400  400  404  404  403  404  404  404  404
GET  api/v1/tasks/                                             L    ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
POST api/v1/tasks/<int:pk>/respond/                            L    404  400  400  400  400  404  400  404  404  404  404
POST api/v1/consultations/<int:pk>/answer/                     L    404  400  400  400  404  404  400  404  404  404  404
GET  api/v1/notifications/                                     L    ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
POST api/v1/notifications/<int:pk>/read/                       L    404  404  ok   404  404  404  404  404  404  404  404
POST api/v1/consultations/<int:pk>/served/                     L    404  400  400  400  404  404  400  404  404  404  404
POST api/v1/fee-notices/<int:pk>/served/                       L    404  404  404  404  404  404  404  404  404  404  404
GET  api/v1/calendar/add-working-days/                         L    ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
GET  api/v1/cases/<int:pk>/reviews/                            L    404  ok   ok   ok   404  404  ok   404  404  404  404
POST api/v1/cases/<int:pk>/reviews/                            L    404  400  400  400  404  404  400  404  404  404  404
POST api/v1/reviews/<int:pk>/decide/                           L    404  400  400  400  404  404  400  404  404  404  404
GET  api/v1/reports/annual/                                    L    403  ok   ok   ok   403  403  ok   ok   ok   ok   ok
GET  api/v1/schema/                                            L    ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
GET  api/v1/docs/                                              L    ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok
"""

# The Django admin, one row per registered model and URL kind: the same columns.
# changelist add change history delete (+ extra views) for an object of agency 1.
ADMIN_TABLE = """
auth.group                 changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 ok | change L L L L L L L L 403 L 403 ok | history L L L L L L L L 403 L 403 ok | delete L L L L L L L L 403 L 403 ok
auth.user                  changelist L L L L L L L L ok L ok ok | add L L L L L L L L ok L ok ok | change L L L L L L L L ok L 404 ok | history L L L L L L L L ok L 404 ok | delete L L L L L L L L 403 L 403 ok | password L L L L L L L L ok L 404 ok
agencies.agency            changelist L L L L L L L L ok L ok ok | add L L L L L L L L 403 L 403 ok | change L L L L L L L L ok L 404 ok | history L L L L L L L L ok L 404 ok | delete L L L L L L L L 403 L 403 ok
agencies.department        changelist L L L L L L L L ok L ok ok | add L L L L L L L L ok L ok ok | change L L L L L L L L ok L 404 ok | history L L L L L L L L ok L 404 ok | delete L L L L L L L L 403 L 403 ok
accounts.accountevent      changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 403 | change L L L L L L L L 403 L 403 ok | history L L L L L L L L 403 L 403 ok | delete L L L L L L L L 403 L 403 403
clock.calendaryear         changelist L L L L L L L L ok L ok ok | add L L L L L L L L 403 L 403 ok | change L L L L L L L L ok L ok ok | history L L L L L L L L ok L ok ok | delete L L L L L L L L 403 L 403 ok
clock.calendarday          changelist L L L L L L L L ok L ok ok | add L L L L L L L L 403 L 403 ok | change L L L L L L L L ok L ok ok | history L L L L L L L L ok L ok ok | delete L L L L L L L L 403 L 403 ok
cases.case                 changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 403 | change L L L L L L L L 403 L 403 ok | history L L L L L L L L 403 L 404 ok | delete L L L L L L L L 403 L 403 403
cases.applicant            changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 403 | change L L L L L L L L 403 L 403 ok | history L L L L L L L L 403 L 404 ok | delete L L L L L L L L 403 L 403 403
cases.attachment           changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 403 | change L L L L L L L L 403 L 403 ok | history L L L L L L L L 403 L 404 ok | delete L L L L L L L L 403 L 403 403
workflow.task              changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 403 | change L L L L L L L L 403 L 403 ok | history L L L L L L L L 403 L 404 ok | delete L L L L L L L L 403 L 403 403
workflow.consultation      changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 403 | change L L L L L L L L 403 L 403 ok | history L L L L L L L L 403 L 404 ok | delete L L L L L L L L 403 L 403 403
workflow.feenotice         changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 403 | change L L L L L L L L 403 L 403 404 | history L L L L L L L L 404 L 404 404 | delete L L L L L L L L 403 L 403 403
workflow.event             changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 403 | change L L L L L L L L 403 L 403 ok | history L L L L L L L L 403 L 404 ok | delete L L L L L L L L 403 L 403 403
letters.letter             changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 403 | change L L L L L L L L 403 L 403 ok | history L L L L L L L L 403 L 404 ok | delete L L L L L L L L 403 L 403 403
letters.casefile           changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 403 | change L L L L L L L L 403 L 403 ok | history L L L L L L L L 403 L 404 ok | delete L L L L L L L L 403 L 403 403
audit.archivenote          changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 403 | change L L L L L L L L 403 L 403 ok | history L L L L L L L L 403 L 404 ok | delete L L L L L L L L 403 L 403 403
audit.auditview            changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 403 | change L L L L L L L L 403 L 403 ok | history L L L L L L L L 403 L 404 ok | delete L L L L L L L L 403 L 403 403
audit.chainanchor          changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 403 | change L L L L L L L L 403 L 403 ok | history L L L L L L L L 403 L 404 ok | delete L L L L L L L L 403 L 403 403
knox.authtoken             changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 ok | change L L L L L L L L 403 L 403 ok | history L L L L L L L L 403 L 403 ok | delete L L L L L L L L 403 L 403 ok
axes.accessattempt         changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 403 | change L L L L L L L L 403 L 403 404 | history L L L L L L L L 404 L 404 404 | delete L L L L L L L L 403 L 403 404
axes.accesslog             changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 403 | change L L L L L L L L 403 L 403 ok | history L L L L L L L L 403 L 403 ok | delete L L L L L L L L 403 L 403 ok
axes.accessfailurelog      changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 403 | change L L L L L L L L 403 L 403 ok | history L L L L L L L L 403 L 403 ok | delete L L L L L L L L 403 L 403 ok
otp_totp.totpdevice        changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 ok | change L L L L L L L L 403 L 403 ok | history L L L L L L L L 403 L 403 ok | delete L L L L L L L L 403 L 403 ok | config L L L L L L L L 403 L 403 ok | qrcode L L L L L L L L 403 L 403 ok
otp_static.staticdevice    changelist L L L L L L L L 403 L 403 ok | add L L L L L L L L 403 L 403 ok | change L L L L L L L L 403 L 403 ok | history L L L L L L L L 403 L 403 ok | delete L L L L L L L L 403 L 403 ok
"""

ADMIN_KINDS = {
    "changelist": "admin/{app}/{model}/",
    "add": "admin/{app}/{model}/add/",
    "change": "admin/{app}/{model}/<path:object_id>/change/",
    "history": "admin/{app}/{model}/<path:object_id>/history/",
    "delete": "admin/{app}/{model}/<path:object_id>/delete/",
    "password": "admin/auth/user/<id>/password/",
    "config": "admin/otp_totp/totpdevice/<int:pk>/config/",
    "qrcode": "admin/otp_totp/totpdevice/<int:pk>/qrcode/",
}
# The admin's "<object_id>/" only redirects to "<object_id>/change/", which has its row.
ADMIN_REDIRECTS = "admin/{app}/{model}/<path:object_id>/"
LOGOUTS = {"accounts/logout/", "admin/logout/"}


def route_key(pattern, prefix: str) -> str:
    if isinstance(pattern.pattern, RegexPattern):
        return f"admin:{pattern.name or pattern.callback.__name__}"
    return prefix + str(pattern.pattern)


def urlconf_routes(patterns=None, prefix="") -> list[str]:
    routes = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            routes += urlconf_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            routes.append(route_key(pattern, prefix))
    return routes


def parse_rows() -> list[tuple[str, str, dict]]:
    rows = []
    for line in TABLE.strip().splitlines():
        method, route, *cells = line.split()
        route = "" if route == "/" else route
        assert len(cells) == len(ROLES), f"row {route!r}: {len(cells)} cells, not {len(ROLES)}"
        rows.append((method, route, dict(zip(ROLES, cells, strict=True))))
    for line in ADMIN_TABLE.strip().splitlines():
        label, rest = line.split(maxsplit=1)
        app, model = label.split(".")
        for part in rest.split("|"):
            kind, *cells = part.split()
            assert len(cells) == len(ROLES), f"admin {label} {kind}: {len(cells)} cells"
            route = ADMIN_KINDS[kind].format(app=app, model=model)
            rows.append(("GET", route, dict(zip(ROLES, cells, strict=True))))
    return rows


def admin_redirect_routes() -> set[str]:
    labels = [line.split()[0] for line in ADMIN_TABLE.strip().splitlines()]
    return {ADMIN_REDIRECTS.format(app=a, model=m) for a, m in (x.split(".") for x in labels)}


def test_every_route_has_a_row_and_every_row_a_route():
    rows = {route for _method, route, _cells in parse_rows()}
    routes = set(urlconf_routes())
    covered = rows | admin_redirect_routes()
    missing = sorted(routes - covered)
    assert not missing, (
        "These routes have no expected outcome in tests/security/test_matrix.py; add a row "
        "to TABLE (or, for a model added to the Django admin, to ADMIN_TABLE) saying what "
        "each role gets:\n  " + "\n  ".join(missing)
    )
    stale = sorted(covered - routes)
    assert not stale, "Rows for routes that no longer exist:\n  " + "\n  ".join(stale)


# -- the world the probes run in -------------------------------------------------------------


@pytest.fixture
def world(agency, other_agency, department_a, department_b, clerk, handler, approver, dept_a,
          dept_b, auditor, agency_admin, settings, tmp_path):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from knox.models import AuthToken

    from accounts.models import AccountEvent
    from audit.services import add_archive_note, record_view
    from reports.services import record_review
    from tests.archive.helpers import archived_case, pdf_bytes, upload
    from tests.cases.helpers import make_case
    from workflow import services

    settings.MEDIA_ROOT = str(tmp_path)
    users = {
        "nobody": UserFactory(username="nobody"),
        "clerk": clerk, "handler": handler, "approver": approver, "dept_a": dept_a,
        "dept_b": dept_b, "auditor": auditor, "admin": agency_admin,
        "clerk2": make_member("clerk2", Role.CLERK, other_agency),
        "admin2": make_member("admin2", Role.AGENCY_ADMIN, other_agency),
        "sysadmin": UserFactory(username="sysadmin", is_superuser=True, is_staff=True),
    }
    case = make_case(agency, clerk, files_by_kind={"application": [upload("申请表.pdf", pdf_bytes(1))]})
    services.assign(case=case, actor=handler, assigned_on=date(2023, 7, 17), tasks=[
        {"department": department_a.pk, "instructions": "请检索", "due_on": date(2023, 7, 24)}])
    services.consult(case=case, actor=handler, parties=[
        {"kind": "agency", "name": "县发改局", "sent_on": date(2023, 7, 18)}])
    archived = archived_case(agency, clerk=clerk, handler=handler, approver=approver)
    review = record_review(case=archived, actor=handler, kind="reconsideration",
                           filed_on=date(2023, 9, 1), body="郯城县人民政府", result="pending")
    note = add_archive_note(case=archived, actor=handler, text="申请人姓名更正。")
    record_view(auditor, case, "page")
    staff_target = make_member("target", Role.CLERK, agency)
    now = timezone.now()
    attempt = AccessAttempt.objects.create(
        username="target", ip_address="10.0.0.9", user_agent="x", get_data="", post_data="",
        http_accept="", path_info="/", failures_since_start=1, attempt_time=now)
    access_log = AccessLog.objects.create(
        username="target", ip_address="10.0.0.9", user_agent="x", http_accept="", path_info="/",
        attempt_time=now)
    failure_log = AccessFailureLog.objects.create(
        username="target", ip_address="10.0.0.9", user_agent="x", http_accept="", path_info="/",
        attempt_time=now, locked_out=False)
    totp = TOTPDevice.objects.create(user=approver, name="authenticator", confirmed=True)
    static = StaticDevice.objects.create(user=approver, name="recovery", confirmed=True)
    token, _ = AuthToken.objects.create(user=clerk)
    with transaction.atomic():
        event = AccountEvent.objects.create(kind="login", user=clerk, username="clerk",
                                            agency=agency)
    from notifications.models import Notification
    notice = Notification.objects.create(
        recipient=handler, case=case, kind="case_due_2", day=date(2023, 8, 11), text="x")
    case.refresh_from_db()
    objects = {
        "auth.group": Group.objects.get(name=Role.CLERK).pk,
        "auth.user": staff_target.pk,
        "agencies.agency": agency.pk,
        "agencies.department": department_a.pk,
        "accounts.accountevent": event.pk,
        "clock.calendaryear": __import__("clock.models", fromlist=["CalendarYear"]).CalendarYear.objects.first().pk,
        "clock.calendarday": __import__("clock.models", fromlist=["CalendarDay"]).CalendarDay.objects.first().pk,
        "cases.case": case.pk,
        "cases.applicant": case.applicant_id,
        "cases.attachment": case.attachments.first().pk,
        "workflow.task": case.tasks.get().pk,
        "workflow.consultation": case.consultations.get().pk,
        "workflow.feenotice": 999999,  # none exists: every column reads "does not exist"
        "workflow.event": case.events.first().pk,
        "letters.letter": case.letters.first().pk,
        "letters.casefile": archived.case_file.pk,
        "audit.archivenote": note.pk,
        "audit.auditview": __import__("audit.models", fromlist=["AuditView"]).AuditView.objects.first().pk,
        "audit.chainanchor": __import__("audit.anchors", fromlist=["anchor_agency"]).anchor_agency(agency).pk,
        "knox.authtoken": token.pk,
        "axes.accessattempt": attempt.pk,
        "axes.accesslog": access_log.pk,
        "axes.accessfailurelog": failure_log.pk,
        "otp_totp.totpdevice": totp.pk,
        "otp_static.staticdevice": static.pk,
    }
    return {"users": users, "case": case, "archived": archived, "review": review,
            "staff_target": staff_target, "objects": objects, "notice": notice}


def concrete(route: str, world) -> str:
    """A URL for the route, with objects of agency 1 (see the module docstring)."""
    case, archived = world["case"], world["archived"]
    if route.startswith("admin/"):
        parts = route.split("/")
        label = f"{parts[1]}.{parts[2]}" if len(parts) > 3 else ""
        pk = world["objects"].get(label)
        url = route.replace("<path:object_id>", str(pk)).replace("<id>", str(pk))
        url = url.replace("<int:pk>", str(pk))
        if route == "admin/r/<path:content_type_id>/<path:object_id>/":
            ct = ContentType.objects.get_for_model(case.__class__).pk
            url = f"admin/r/{ct}/{case.pk}/"
        return "/" + url
    if route == "admin:app_list":
        return "/admin/cases/"
    if route == "admin:catch_all_view":
        return "/admin/no-such-page/"
    pk = case.pk
    if route.startswith("accounts/staff/"):
        pk = world["staff_target"].pk
    elif route.startswith(("tasks/", "api/v1/tasks/")):
        pk = case.tasks.get().pk
    elif route.startswith(("consultations/", "api/v1/consultations/")):
        pk = case.consultations.get().pk
    elif route.startswith(("fee-notices/", "api/v1/fee-notices/")):
        pk = 999999  # the case has no fee notice: nobody finds one
    elif route.startswith("api/v1/letters/"):
        pk = case.letters.first().pk
    elif route.startswith(("notifications/", "api/v1/notifications/")):
        pk = world["notice"].pk
    elif route.startswith(("reports/reviews/", "api/v1/reviews/")):
        pk = world["review"].pk
    elif route in ("api/v1/cases/<int:pk>/bundle/", "api/v1/cases/<int:pk>/letters/preview/<str:kind>/", "api/v1/cases/<int:pk>/archive-notes/",
                   "reports/cases/<int:pk>/reviews/", "api/v1/cases/<int:pk>/reviews/"):
        pk = archived.pk
    url = (
        route.replace("<int:pk>", str(pk))
        .replace("<int:attachment_pk>", str(case.attachments.first().pk))
        .replace("<int:year>", "2023").replace("<int:month>", "7")
        .replace("<str:name>", "withdraw").replace("<str:kind>", "reply")
        .replace("<slug:action>", "unlock")
    )
    query = {
        "reports/annual/<int:year>/cases/": "?row=new&col=person",
        "reports/annual/<int:year>/reviews/": "?kind=reconsideration&result=pending",
        "api/v1/calendar/add-working-days/": "?start=2023-07-14&days=20",
        "api/v1/reports/annual/": "?year=2023",
        "reports/annual/": "?year=2023",
    }.get(route, "")
    return "/" + url + query


def outcome(response) -> str:
    code = response.status_code
    if code >= 500 or code == 429:
        return f"!{code}"
    if code == 401:
        return "L"
    if code in (301, 302, 303):
        location = response["Location"].split("?")[0]
        if location in ("/accounts/login/", "/admin/login/"):
            return "L"
        if location == "/admin/":
            return "404"  # the admin's "… does not exist. Perhaps it was deleted?"
        return "ok"
    if code in (400, 403, 404, 405, 409):
        return str(code)
    return "ok"


def probe(client: Client, method: str, url: str):
    if method == "GET":
        return client.get(url)
    if url.startswith("/api/"):
        return client.post(url, {}, content_type="application/json")
    return client.post(url, {})


def test_every_role_gets_what_the_table_says(world):
    rows = parse_rows()
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        if role != "anon":
            clients[role].force_login(world["users"][role])
    wrong = []
    for method, route, expected in rows:
        url = concrete(route, world)
        for role in ROLES:
            client = clients[role]
            got = outcome(probe(client, method, url))
            if got != expected[role]:
                wrong.append(f"{method} {url} ({route}) as {role}: expected {expected[role]}, got {got}")
            if route in LOGOUTS and role != "anon":
                client.force_login(world["users"][role])
    if os.environ.get("MATRIX_RECORD"):
        record(rows, world, clients)
    assert not wrong, f"{len(wrong)} of {len(rows) * len(ROLES)} probes differ:\n" + "\n".join(wrong)


def record(rows, world, clients) -> None:
    """MATRIX_RECORD=1: print what each role gets now, in the table's layout (to review)."""
    for method, route, _expected in rows:
        url = concrete(route, world)
        cells = []
        for role in ROLES:
            cells.append(outcome(probe(clients[role], method, url)))
            if route in LOGOUTS and role != "anon":
                clients[role].force_login(world["users"][role])
        print(f"{method:<4} {route or '/':<58} " + " ".join(f"{c:<4}" for c in cells))

"""Sign-in, own password and two-factor pages; the agency admin's staff pages and the account
log. Thin: parse, call accounts.services, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from accounts import access, services, twofactor
from accounts.forms import (
    LogFilterForm,
    LoginForm,
    PasswordChangeForm,
    RoleForm,
    StaffCreateForm,
    TemporaryPasswordForm,
    TwoFactorCodeForm,
)
from accounts.models import AccountEvent
from accounts.signin import MUST_CHANGE_PASSWORD, MUST_ENROL
from agencies.models import Role
from agencies.roles import ROLE_PERMISSION_LABELS, ROLE_PERMISSIONS

PAGE_SIZE = 50


def _add_errors(form, exc: ValidationError) -> None:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for name, msgs in errors.items():
        field = name if name in form.fields else None
        for message in msgs:
            form.add_error(field, message)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@require_GET
def admin_password_change(request):
    return redirect("accounts:password")


@require_GET
def admin_login(request):
    """The admin's own login would skip two-factor and the lockout message: use ours."""
    query = urlencode({"next": request.GET.get("next", reverse("admin:index"))})
    return redirect(f"{reverse('login')}?{query}")


# -- own account --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    forced = bool(request.session.get(MUST_CHANGE_PASSWORD))
    if request.method == "POST" and form.is_valid():
        try:
            services.change_own_password(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
                request=request,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            update_session_auth_hash(request, request.user)
            request.session.pop(MUST_CHANGE_PASSWORD, None)
            messages.success(request, _("密码已修改；原有的接口令牌均已失效。"))
            return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form, "forced": forced})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    user = request.user
    enabled = twofactor.has_device(user)
    form = TwoFactorCodeForm(request.POST or None)
    context = {"enabled": enabled, "form": form, "required": twofactor.must_enrol(user)}
    if enabled:
        if request.method == "POST" and form.is_valid():
            try:
                twofactor.verify(user, form.cleaned_data["code"])
            except twofactor.OTPError as exc:
                form.add_error("code", exc.message)
            else:
                codes = twofactor.new_recovery_codes(user=user, request=request)
                return render(request, "accounts/recovery_codes.html", {"codes": codes})
        context["codes_left"] = twofactor.recovery_codes_left(user)
        return render(request, "accounts/two_factor.html", context)
    device = twofactor.pending_device(user)
    if request.method == "POST" and form.is_valid():
        try:
            codes = twofactor.confirm(user=user, code=form.cleaned_data["code"], request=request)
        except twofactor.OTPError as exc:
            form.add_error("code", exc.message)
        else:
            device.refresh_from_db()
            otp_login(request, device)
            request.session.pop(MUST_ENROL, None)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "new": True})
    context.update({"qr_svg": twofactor.qr_svg(device), "secret": twofactor.secret_b32(device)})
    return render(request, "accounts/two_factor.html", context)


# -- the agency admin's staff pages -------------------------------------------------------------


def _role_table() -> list[dict]:
    return [
        {
            "role": label,
            "perms": [ROLE_PERMISSION_LABELS.get(p, p) for p in ROLE_PERMISSIONS[value]],
        }
        for value, label in Role.choices
    ]


@login_required
@require_GET
def staff_list(request):
    agency = access.require_agency_admin(request.user)
    staff = (
        access.manageable_users(request.user)
        .select_related("membership", "membership__department")
        .order_by("-is_active", "membership__role", "username")
    )
    return render(
        request,
        "accounts/staff_list.html",
        {
            "agency": agency,
            "staff": staff,
            "locked": services.locked_usernames(u.username for u in staff),
            "roles": _role_table(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_new(request):
    agency = access.require_agency_admin(request.user)
    form = StaffCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_staff(
                actor=request.user,
                username=data["username"],
                last_name=data["last_name"],
                first_name=data["first_name"],
                email=data["email"],
                role=data["role"],
                department=data["department"],
                password=data["password1"],
                request=request,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("已新建人员 %(name)s；首次登录时须修改临时密码。") % {"name": user.username},
            )
            return redirect("accounts:staff_detail", pk=user.pk)
    return render(request, "accounts/staff_new.html", {"form": form, "agency": agency})


@login_required
@require_http_methods(["GET", "POST"])
def staff_detail(request, pk: int):
    access.require_agency_admin(request.user)
    member = access.get_staff_for(request.user, pk)
    membership = member.membership
    form = RoleForm(
        request.POST or None,
        actor=request.user,
        initial={"role": membership.role, "department": membership.department_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_membership(
                actor=request.user,
                user=member,
                agency=membership.agency,
                role=form.cleaned_data["role"],
                department=form.cleaned_data["department"],
                request=request,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("角色和部门已保存。"))
            return redirect("accounts:staff_detail", pk=member.pk)
    events = (
        AccountEvent.objects.filter(Q(user=member) | Q(actor=member))
        .filter(agency_id=membership.agency_id)
        .select_related("agency")[:20]
    )
    return render(
        request,
        "accounts/staff_detail.html",
        {
            "member": member,
            "form": form,
            "password_form": TemporaryPasswordForm(),
            "locked": member.username in services.locked_usernames([member.username]),
            "has_two_factor": twofactor.has_device(member),
            "events": events,
        },
    )


@login_required
@require_POST
def staff_password(request, pk: int):
    access.require_agency_admin(request.user)
    member = access.get_staff_for(request.user, pk)
    form = TemporaryPasswordForm(request.POST)
    if form.is_valid():
        try:
            services.set_password_by_admin(
                actor=request.user,
                user=member,
                password=form.cleaned_data["password1"],
                request=request,
            )
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, msg)
        else:
            messages.success(
                request, _("已设置临时密码；该人员的接口令牌均已失效，下次登录时须修改密码。")
            )
    else:
        for errors in form.errors.values():
            for msg in errors:
                messages.error(request, msg)
    return redirect("accounts:staff_detail", pk=member.pk)


STAFF_ACTIONS = {
    "deactivate": (
        lambda actor, user, request: services.set_active(
            actor=actor, user=user, active=False, request=request
        ),
        _("账户已停用。"),
    ),
    "reactivate": (
        lambda actor, user, request: services.set_active(
            actor=actor, user=user, active=True, request=request
        ),
        _("账户已启用。"),
    ),
    "unlock": (
        lambda actor, user, request: services.unlock(actor=actor, user=user, request=request),
        _("已解除登录锁定。"),
    ),
    "reset-two-factor": (
        lambda actor, user, request: twofactor.remove(actor=actor, user=user, request=request),
        _("已停用该人员的两步验证，请其重新设置。"),
    ),
}


@login_required
@require_POST
def staff_action(request, pk: int, action: str):
    access.require_agency_admin(request.user)
    member = access.get_staff_for(request.user, pk)
    if action not in STAFF_ACTIONS:
        raise PermissionDenied(_("未知操作。"))
    run, done = STAFF_ACTIONS[action]
    run(request.user, member, request)
    messages.success(request, done)
    return redirect("accounts:staff_detail", pk=member.pk)


# -- the account log ----------------------------------------------------------------------------


@login_required
@require_GET
def account_log(request):
    if not access.may_read_log(request.user):
        raise PermissionDenied(_("只有机关管理员和监督员可以查看账户日志。"))
    form = LogFilterForm(request.GET or None)
    events = access.events_for(request.user).select_related("agency")
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            events = events.filter(kind=data["kind"])
        if data["username"]:
            events = events.filter(
                Q(username__icontains=data["username"])
                | Q(actor_username__icontains=data["username"])
            )
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
    page = Paginator(events.order_by("-at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/log.html",
        {"form": form, "page": page, "query": query.urlencode(), "role_labels": dict(Role.choices)},
    )

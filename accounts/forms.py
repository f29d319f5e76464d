from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import access, twofactor
from accounts.models import EventKind
from agencies.models import Role
from infra.forms import VisibleIdentifiersForm


class LoginForm(AuthenticationForm):
    """Username and password, and the two-factor code for accounts that have set it up."""

    otp = forms.CharField(
        label=_("两步验证码"),
        required=False,
        max_length=20,
        help_text=_("已启用两步验证的账户：验证器应用中的 6 位数字，或一个恢复码。"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    error_messages = {
        "invalid_login": _("用户名或密码不正确。"),
        "inactive": _("账户已停用。"),
    }

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and twofactor.has_device(user):
            code = cleaned.get("otp", "")
            try:
                user.otp_device = twofactor.verify(user, code)
            except twofactor.OTPError as exc:
                if code:
                    # A wrong second factor counts as a failed sign-in (django-axes, the log).
                    user_login_failed.send(
                        sender=__name__,
                        credentials={"username": user.get_username(), "reason": "otp"},
                        request=self.request,
                    )
                self.user_cache = None
                raise ValidationError(exc.message, code="otp") from None
        return cleaned


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("原密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    new_password2 = forms.CharField(
        label=_("再次输入新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password1") != cleaned.get("new_password2"):
            self.add_error("new_password2", _("两次输入的新密码不一致。"))
        return cleaned


class TemporaryPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("临时密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("告知本人；首次登录时须修改。"),
    )
    password2 = forms.CharField(
        label=_("再次输入临时密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return cleaned


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"))
    department = forms.ModelChoiceField(
        label=_("部门"),
        queryset=None,
        required=False,
        help_text=_("部门联络员必须选择部门。"),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = access.assignable_roles(actor)
        self.fields["department"].queryset = access.assignable_departments(actor).order_by("name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.LIAISON and not cleaned.get("department"):
            self.add_error("department", _("部门联络员必须属于一个部门。"))
        return cleaned


class StaffCreateForm(VisibleIdentifiersForm, TemporaryPasswordForm, RoleForm):
    username = forms.RegexField(
        label=_("用户名"),
        max_length=150,
        regex=r"^[A-Za-z0-9_.@+-]+$",
        error_messages={"invalid": _("用户名只能包含字母、数字和 @ . + - _。")},
    )
    last_name = forms.CharField(label=_("姓"), max_length=150)
    first_name = forms.CharField(label=_("名"), max_length=150)
    email = forms.EmailField(label=_("电子邮箱"), required=False)

    field_order = [
        "username",
        "last_name",
        "first_name",
        "email",
        "role",
        "department",
        "password1",
        "password2",
    ]

    def clean(self):
        cleaned = RoleForm.clean(self)
        if cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return cleaned


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("验证码"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class LogFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("事项"), required=False)
    username = forms.CharField(label=_("用户名"), required=False, max_length=150)
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("全部"))] + list(EventKind.choices)

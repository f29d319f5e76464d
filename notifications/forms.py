from django import forms
from django.utils.translation import gettext_lazy as _

from infra.forms import NormalizedForm
from notifications.models import EmailMode


class EmailModeForm(NormalizedForm, forms.Form):
    email_mode = forms.ChoiceField(
        label=_("邮件提醒"),
        choices=EmailMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择邮件提醒方式。"),
                        "invalid_choice": _("请选择邮件提醒方式。")},
        help_text=_("没有登记电子邮箱的人员不会收到邮件，只在系统内提醒。"),
    )

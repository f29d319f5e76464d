from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Department
from infra.forms import NormalizedForm
from rules.states import Decision, Status

DECISION_CHOICES = [
    ("", _("全部")),
    (
        _("按类别"),
        [
            ("withheld", _("不予公开（全部）")),
            ("unavailable", _("无法提供（全部）")),
            ("not_processed", _("不予处理（全部）")),
            ("other", _("其他处理（全部）")),
        ],
    ),
    (_("按结果"), list(Decision.choices)),
]


class AuditSearchForm(NormalizedForm, forms.Form):
    q = forms.CharField(label=_("编号或关键词"), required=False, max_length=100)
    applicant = forms.CharField(label=_("申请人（姓名或证件号码）"), required=False, max_length=100)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *Status.choices]
    )
    decision = forms.ChoiceField(label=_("办理结果"), required=False, choices=DECISION_CHOICES)
    timeliness = forms.ChoiceField(
        label=_("是否按期"),
        required=False,
        choices=[("", _("全部")), ("on_time", _("按期办结")), ("late", _("逾期"))],
    )
    late_entry = forms.BooleanField(label=_("含补录记录"), required=False)
    replied_late = forms.BooleanField(label=_("逾期答复"), required=False)
    department = forms.ModelChoiceField(
        label=_("协办部门"), required=False, queryset=Department.objects.none()
    )

    def __init__(self, *args, agency_id=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(agency_id=agency_id)

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import DateInput
from infra.forms import NormalizedForm
from reports.models import ReviewKind, ReviewResult

DECIDED_RESULTS = [c for c in ReviewResult.choices if c[0] != ReviewResult.PENDING]


class ReviewForm(NormalizedForm, forms.Form):
    """The fields of ``record_review``; the service checks dates and their order."""

    kind = forms.ChoiceField(label=_("类别"), choices=ReviewKind.choices)
    filed_on = forms.DateField(label=_("申请复议或起诉日期"), widget=DateInput())
    body = forms.CharField(label=_("复议机关或法院"), max_length=100)
    result = forms.ChoiceField(label=_("结果"), choices=ReviewResult.choices)
    decided_on = forms.DateField(
        label=_("审结日期"), required=False, widget=DateInput(), help_text=_("尚未审结的不填。")
    )
    note = forms.CharField(
        label=_("备注"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision_received_on = forms.DateField(
        label=_("本机关收到决定书或裁判文书日期"),
        required=False,
        widget=DateInput(),
        help_text=_("撤销、责令重新答复或确认违法的，自此日起计算重新答复期限；不填按审结日期。"),
    )
    rereply_working_days = forms.IntegerField(
        label=_("重新答复期限（工作日）"),
        required=False,
        min_value=1,
        max_value=60,
        help_text=_("决定书另定期限的填写；不填为20个工作日。"),
    )


class DecideReviewForm(NormalizedForm, forms.Form):
    result = forms.ChoiceField(label=_("审结结果"), choices=DECIDED_RESULTS)
    decided_on = forms.DateField(label=_("审结日期"), widget=DateInput())
    note = forms.CharField(label=_("备注"), required=False, max_length=2000)
    decision_received_on = forms.DateField(
        label=_("收到决定书日期"), required=False, widget=DateInput()
    )
    rereply_working_days = forms.IntegerField(
        label=_("重新答复期限（工作日）"), required=False, min_value=1, max_value=60
    )

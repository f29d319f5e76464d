"""Forms of the intake and case pages. Cross-field rules are the services' own
(``cases.registration``), applied here too so their messages sit next to the fields; the
services check the rest and their field errors are shown next to the same fields."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from cases.models import Applicant, ApplicantKind, Case, Channel
from cases.registration import check_registration, clean_applicant
from infra.forms import NormalizedForm

# Art. 31: the legal receipt date depends on how the application arrived (statute.md).
RECEIPT_RULES = (
    (Channel.IN_PERSON.label, _("提交之日")),
    (
        Channel.MAIL.label,
        _(
            "挂号信或EMS：本机关签收之日（机关任何人签收即算，不是转到工作机构之日）；"
            "平常信函：工作机构与申请人确认之日"
        ),
    ),
    (_("网上申请、传真、电子邮件"), _("双方确认收到之日")),
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); always a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


def label_blank_choices(form: forms.Form) -> None:
    """Chinese words instead of Django's "---------" for the empty choice of select boxes."""
    for field in form.fields.values():
        if isinstance(field, forms.ChoiceField) and field.choices and field.choices[0][0] == "":
            label = _("请选择") if field.required else _("（无）")
            field.choices = [("", label), *field.choices[1:]]


def add_errors(form: forms.Form, errors: dict[str, list]) -> None:
    """Field errors from a serializer or a service onto the form's own fields."""
    for name, messages in errors.items():
        field = name if name in form.fields else None
        for message in messages:
            form.add_error(field, str(message))


class ApplicantForm(NormalizedForm, forms.ModelForm):
    prefix = "applicant"

    class Meta:
        model = Applicant
        fields = list(Applicant.REGISTRATION_FIELDS)
        widgets = {"kind": forms.RadioSelect}
        help_texts = {
            "org_category": _("法人或其他组织必填，用于年度报告统计。"),
            "contact_name": _("法人或其他组织填写经办联系人。"),
            "id_number": _("居民身份证号码末位X大小写均可。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ApplicantKind.choices  # radios: no empty choice
        label_blank_choices(self)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            cleaned.update(clean_applicant(cleaned))
        except ValidationError as exc:
            add_errors(self, exc.message_dict)
        return cleaned


CASE_FIELDS = [
    "channel",
    "received_on",
    "office_received_on",
    "description",
    "purpose",
    "delivery_format",
    "delivery_method",
    "filled_on_behalf",
    "filled_by",
]


class CaseDetailsForm(NormalizedForm, forms.ModelForm):
    """The request as registered (without attachments): used to register and to correct."""

    class Meta:
        model = Case
        fields = CASE_FIELDS
        widgets = {
            "received_on": DateInput,
            "office_received_on": DateInput,
            "description": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "received_on": _("法定收到申请之日，答复期限由此起算。按申请方式确定："),
            "office_received_on": _("工作机构实际拿到申请的日期；与收到申请日期相同可不填。"),
            "description": _("名称、文号或其他便于查找的特征。"),
            "purpose": _("2019年修订后的条例不要求申请人说明用途，可不填。"),
            "filled_on_behalf": _("申请人书写确有困难，由工作人员代为填写（条例第二十九条）。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_blank_choices(self)
        field = self.fields["received_on"]
        rules = "\n".join(f"· {channel}：{rule}" for channel, rule in RECEIPT_RULES)
        field.help_text = f"{field.help_text}\n{rules}"

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            check_registration(cleaned)  # 代填人, dates not in the future
        except ValidationError as exc:
            add_errors(self, exc.message_dict)
        return cleaned


class IntakeForm(CaseDetailsForm):
    application = MultipleFileField(label=_("申请书扫描件"))
    identity = MultipleFileField(label=_("身份证明"))
    authorization = MultipleFileField(
        label=_("授权委托书"), help_text=_("委托代理人代为申请的，上传授权委托书。")
    )
    other = MultipleFileField(label=_("其他材料"))

    FILE_KINDS = ("application", "identity", "authorization", "other")

    def files_by_kind(self) -> dict[str, list]:
        files = {kind: self.cleaned_data[kind] for kind in self.FILE_KINDS}
        return {kind: uploads for kind, uploads in files.items() if uploads}

    def case_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in CASE_FIELDS}


class CorrectionNoteForm(NormalizedForm, forms.Form):
    note = forms.CharField(
        label=_("更正说明"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("写明更正的原因，记入办理记录。"),
    )


def service_errors(forms_by_prefix: dict[str, forms.Form], message_dict: dict) -> None:
    """Spread a service's ValidationError over the forms: ``applicant.x`` goes to the applicant
    form, anything else to the first form that has the field, or to its non-field errors."""
    default = next(iter(forms_by_prefix.values()))
    for key, messages in message_dict.items():
        prefix, _dot, name = key.partition(".")
        if name and prefix in forms_by_prefix:
            add_errors(forms_by_prefix[prefix], {name: messages})
            continue
        target = next((f for f in forms_by_prefix.values() if key in f.fields), None)
        if target is None:
            add_errors(default, {NON_FIELD_ERRORS: messages})
        else:
            add_errors(target, {key: messages})

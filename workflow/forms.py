"""The forms of the case page's actions. They render and parse only: the payload they build
from request.POST is validated by the API's own serializer (named in the action's
declaration, ``workflow.actions``) and then by the service, and the errors of both come back
here to be shown next to their fields."""

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Department, display_name
from cases.forms import DateInput, MultipleFileField
from cases.models import Case, IdType, ServiceMethod
from cases.selectors import month_pieces
from infra.forms import NormalizedForm
from rules.deadline import correction_deadline, format_cn_date
from rules.decisions import WITHHOLDING_GROUNDS
from rules.states import SUBMITTABLE_DECISIONS, Decision
from workflow import clock
from workflow.actions import Action, offered_actions, transition_actions
from workflow.models import ConsultationKind, FeeMethod, Opinion

CONSULT_ROWS = 3


def _today() -> str:
    return timezone.localdate().isoformat()


def _date(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput, **kwargs)


def _text(label, rows: int = 3, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def _late_entry_field() -> forms.CharField:
    return _text(
        _("补录原因"),
        rows=2,
        required=False,
        help_text=_(
            "所填日期早于今天%(n)d个工作日以上，或期限届满后才登记的，须写明补录原因。"
        )
        % {"n": settings.LATE_ENTRY_WORKING_DAYS},
    )


class DisplayOnlyForm(NormalizedForm, forms.Form):
    """A form that never validates itself: it shows what was posted and the errors the
    serializer or the service found (``show_errors``)."""

    def full_clean(self):
        self._errors = ErrorDict(renderer=self.renderer)
        self.cleaned_data = {}

    def field_for_error(self, key: str) -> str | None:
        return key if key in self.fields else None

    def show_errors(self, errors: dict[str, list]) -> None:
        for key, messages in errors.items():
            field = self.field_for_error(key)
            for message in messages:
                self.add_error(field, str(message))

    def value(self, name: str) -> str:
        return (self.data.get(name) or "").strip()

    def payload(self) -> dict:
        """The posted fields that are not blank; blank ones get the serializer's default or
        its "required" error."""
        return {name: self.value(name) for name in self.fields if self.value(name)}


class ActionForm(DisplayOnlyForm):
    """The form of one transition; its declaration (``workflow.actions``) names it."""

    consequence = ""
    danger = False

    def __init__(self, data=None, *, case, action: Action):
        self.action = action
        self.name = action.name
        super().__init__(data, auto_id=f"id_{self.name}_%s")
        self.case = case
        self.add_fields()
        declared = action.serializer().fields if action.serializer else {}
        if "late_reason" in declared:
            self.fields["late_reason"] = _text(
                _("逾期答复原因"),
                rows=2,
                required=False,
                help_text=_("签发日期晚于答复期限的，须写明逾期原因。"),
            )
        if "late_entry_reason" in declared:
            self.fields["late_entry_reason"] = _late_entry_field()

    def extra_payload(self) -> dict:
        """The reasons for a late reply or a late entry, when given (forms with their own
        ``payload`` add them)."""
        return {
            name: self.value(name)
            for name in ("late_reason", "late_entry_reason")
            if name in self.fields and self.value(name)
        }

    def extra_fields(self) -> list:
        return [self[name] for name in ("late_reason", "late_entry_reason") if name in self.fields]

    def add_fields(self) -> None:
        """Fields that depend on the case (rows per department, initial values)."""

    @property
    def label(self) -> str:
        return self.action.label

    def sections(self) -> list[tuple[str | None, list]]:
        """Groups of bound fields: (legend or None, fields)."""
        return [(None, list(self))]


class RequestCorrectionForm(ActionForm):
    consequence = _("提交后答复期限停止计算，收到补正后重新起算20个工作日。补正只能要求一次。")
    items = _text(_("需补正内容"), rows=4, help_text=_("一次性列明需要补正的全部事项。"))
    correction_due = _date(_("补正期限"), help_text=_("给申请人补正的合理期限。"))
    notice_on = _date(_("告知日期"))

    def add_fields(self):
        self.fields["notice_on"].initial = _today()
        if self.case.applicant.lacks_identity_proof:
            self.fields["items"].help_text = _(
                "一次性列明需要补正的全部事项。申请时缺少身份证明，告知书将自动列明。"
            )
        last = correction_deadline(self.case.received_on, clock.get_calendar())
        self.fields["notice_on"].help_text = _(
            "应在收到申请后7个工作日内发出，最迟%(d)s。"
        ) % {"d": format_cn_date(last)}


class ReceiveCorrectionForm(ActionForm):
    consequence = _("提交后以收到补正申请之日为新的收到申请日期，重新起算20个工作日。")
    received_on = _date(_("收到补正申请日期"))
    description = _text(
        _("补正后的信息描述"), required=False, help_text=_("不填则保留原描述。")
    )

    def add_fields(self):
        self.fields["received_on"].initial = _today()
        applicant = self.case.applicant
        if applicant.lacks_identity_proof:
            self.fields["id_type"] = forms.ChoiceField(
                label=_("补正的证件类型"), choices=IdType.choices, initial=applicant.id_type
            )
            self.fields["id_number"] = forms.CharField(
                label=_("补正的证件号码"),
                max_length=40,
                help_text=_("申请时缺少身份证明，须在补正时提供。"),
            )


class LapseCorrectionForm(ActionForm):
    consequence = _("提交后案件以“逾期不补正”终止办理（视为放弃申请）。")
    danger = True
    lapsed_on = _date(_("终止日期"), help_text=_("补正期限届满后的日期，可按纸质记录补录。"))

    def add_fields(self):
        self.fields["lapsed_on"].initial = _today()


class AssignForm(ActionForm):
    """One row per active department: a checkbox, the instructions and the due date."""

    consequence = _(
        "提交后向勾选的部门发出交办单，各部门在本部门任务页面答复；协助调查时间计入答复期限。"
    )
    assigned_on = _date(_("交办日期"))

    def add_fields(self):
        self.fields["assigned_on"].initial = _today()
        self.departments = list(
            Department.objects.filter(agency_id=self.case.agency_id, active=True).order_by("name")
        )
        for i, department in enumerate(self.departments):
            self.fields[f"tasks.{i}.department"] = forms.BooleanField(
                label=_("交办给%(name)s") % {"name": department.name}, required=False
            )
            self.fields[f"tasks.{i}.instructions"] = _text(_("交办要求"), rows=2, required=False)
            self.fields[f"tasks.{i}.due_on"] = _date(_("部门答复期限"), required=False)
        self.rows: list[int] = []

    def sections(self):
        sections = [(None, [self["assigned_on"], *self.extra_fields()])]
        for i, department in enumerate(self.departments):
            names = (f"tasks.{i}.department", f"tasks.{i}.instructions", f"tasks.{i}.due_on")
            sections.append((department.name, [self[n] for n in names]))
        return sections

    def payload(self):
        data = {"assigned_on": self.value("assigned_on")} if self.value("assigned_on") else {}
        tasks = []
        self.rows = []
        for i, department in enumerate(self.departments):
            if not self.data.get(f"tasks.{i}.department"):
                continue
            self.rows.append(i)
            task = {"department": department.pk}
            for part in ("instructions", "due_on"):
                if self.value(f"tasks.{i}.{part}"):
                    task[part] = self.value(f"tasks.{i}.{part}")
            tasks.append(task)
        data["tasks"] = tasks
        data.update(self.extra_payload())
        return data

    def show_errors(self, errors):
        if "tasks" in errors:  # the list as a whole: nothing was checked
            errors = {**errors, "tasks": [_("请至少勾选一个部门，并填写交办要求和答复期限。")]}
        super().show_errors(errors)

    def field_for_error(self, key):
        # Errors name the n-th checked department; the form's rows are all departments.
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "tasks" and parts[1].isdigit():
            index = int(parts[1])
            if index < len(self.rows):
                key = f"tasks.{self.rows[index]}.{parts[2]}"
        return super().field_for_error(key)


class ConsultForm(ActionForm):
    """A few party rows; rows left empty are ignored."""

    consequence = _(
        "提交后自发出之日起暂停计时，直至各方答复或答复期限届满。答复期限自对方收到征求意见书"
        "之日起15个工作日，送达日期不详的可在收到回执后登记；共同制作信息的其他机关逾期未答复"
        "视为同意公开。"
    )

    def add_fields(self):
        for i in range(CONSULT_ROWS):
            self.fields[f"parties.{i}.kind"] = forms.ChoiceField(
                label=_("类别"), choices=ConsultationKind.choices, required=False
            )
            self.fields[f"parties.{i}.name"] = forms.CharField(
                label=_("名称"), max_length=100, required=False
            )
            self.fields[f"parties.{i}.address"] = forms.CharField(
                label=_("地址"), max_length=200, required=False
            )
            self.fields[f"parties.{i}.jointly_made"] = forms.BooleanField(
                label=_("与本机关共同制作该信息（仅限其他机关；逾期未答复视为同意）"),
                required=False,
            )
            self.fields[f"parties.{i}.sent_on"] = _date(
                _("征求意见书发出日期"), required=False, initial=_today()
            )
            self.fields[f"parties.{i}.served_on"] = _date(
                _("送达日期"),
                required=False,
                help_text=_("对方收到征求意见书的日期；不详的留空，收到回执后登记。"),
            )
        self.rows: list[int] = []

    def sections(self):
        return [
            (
                _("征求意见对象%(n)d") % {"n": i + 1},
                [
                    self[f"parties.{i}.{p}"]
                    for p in ("kind", "name", "address", "jointly_made", "sent_on", "served_on")
                ],
            )
            for i in range(CONSULT_ROWS)
        ] + [(None, self.extra_fields())]

    def payload(self):
        parties = []
        self.rows = []
        for i in range(CONSULT_ROWS):
            if not (self.value(f"parties.{i}.name") or self.value(f"parties.{i}.address")):
                continue
            self.rows.append(i)
            party = {}
            for part in ("kind", "name", "address", "sent_on", "served_on"):
                if self.value(f"parties.{i}.{part}"):
                    party[part] = self.value(f"parties.{i}.{part}")
            if self.data.get(f"parties.{i}.jointly_made"):
                party["jointly_made"] = True
            parties.append(party)
        return {"parties": parties, **self.extra_payload()}

    def show_errors(self, errors):
        if "parties" in errors:  # the list as a whole: every row was left empty
            errors = {**errors, "parties": [_("请至少填写一个征求意见对象。")]}
        super().show_errors(errors)

    def field_for_error(self, key):
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "parties" and parts[1].isdigit():
            index = int(parts[1])
            if index < len(self.rows):
                key = f"parties.{self.rows[index]}.{parts[2]}"
        return super().field_for_error(key)


class ConcludeConsultationForm(ActionForm):
    consequence = _("提交后恢复计时，进入拟稿阶段。各方均已答复或答复期限已过方可结束。")


class RequestFeeForm(ActionForm):
    consequence = _(
        "提交后发出收费通知，自通知之日起暂停计时至缴费之日；申请人应自收到通知书次日起"
        "20个工作日内缴费，逾期未缴费视为放弃申请。同一申请只能采用一种计收方式。"
    )
    method = forms.ChoiceField(label=_("计收方式"), choices=FeeMethod.choices)
    quantity = forms.IntegerField(
        label=_("数量"),
        min_value=1,
        required=False,
        help_text=_("按量：本申请的页数。按件：不填则按登记簿统计的申请人本月申请件数。"),
    )
    override_reason = _text(
        _("调整件数的理由"),
        rows=2,
        required=False,
        help_text=_("按件计收且数量与登记簿统计不一致时必填。"),
    )
    notice_on = _date(_("通知日期"))
    served_on = _date(
        _("送达日期"),
        required=False,
        help_text=_("申请人收到通知书的日期；不详的留空，收到回执后登记。"),
    )

    def add_fields(self):
        self.fields["notice_on"].initial = _today()
        self.pieces = month_pieces(self.case)
        numbers = "、".join(p["number"] for p in self.pieces)
        self.fields["quantity"].help_text = _(
            "按量：本申请的页数。按件：不填则按登记簿统计的申请人本月第%(n)d件（%(cases)s）。"
        ) % {"n": len(self.pieces), "cases": numbers}


class ReceivePaymentForm(ActionForm):
    consequence = _("提交后恢复计时，回到拟稿阶段。")
    paid_on = _date(_("缴费日期"))

    def add_fields(self):
        self.fields["paid_on"].initial = _today()


class LapseFeeForm(ActionForm):
    consequence = _("提交后案件以“逾期未缴费”终止办理（视为放弃申请）。")
    danger = True
    lapsed_on = _date(_("终止日期"), help_text=_("缴费期限届满后的日期，可按纸质记录补录。"))

    def add_fields(self):
        self.fields["lapsed_on"].initial = _today()


class RequestReasonsForm(ActionForm):
    consequence = _(
        "申请数量、频次明显超过合理范围时，发出说明理由告知书（条例第三十五条）。"
        "理由不合理或者逾期未说明的，方可不予处理。"
    )
    reasons_due = _date(_("说明理由期限"), help_text=_("给申请人说明理由的合理期限。"))
    notice_on = _date(_("告知日期"))

    def add_fields(self):
        self.fields["notice_on"].initial = _today()


class RecordReasonsForm(ActionForm):
    consequence = _(
        "理由不合理的，可以答复不予处理；理由合理但无法在期限内答复的，填写确定的答复期限，"
        "系统将发出告知书。"
    )
    answered_on = _date(_("申请人说明理由日期"))
    answer = _text(_("申请人说明的理由"), rows=3)
    reasonable = forms.ChoiceField(
        label=_("审查意见"),
        choices=[("", _("请选择")), ("true", _("理由合理")), ("false", _("理由不合理"))],
    )
    later_due = _date(
        _("确定的答复期限"),
        required=False,
        help_text=_("仅在理由合理但无法在法定期限内答复时填写。"),
    )

    def add_fields(self):
        self.fields["answered_on"].initial = _today()


class SubmitReplyForm(ActionForm):
    consequence = _("提交后送审批人签发；审批期间答复期限照常计算。")
    decision = forms.ChoiceField(
        label=_("办理结果"),
        choices=[("", _("请选择"))] + [(d.value, d.label) for d in SUBMITTABLE_DECISIONS],
    )
    text = _text(_("答复正文要点"), rows=5)
    disclosed_items = _text(
        _("提供的政府信息"),
        rows=3,
        required=False,
        help_text=_("每行一项。予以公开、部分公开时必填。"),
    )
    withheld = _text(
        _("不予公开的内容及理由"),
        rows=3,
        required=False,
        help_text=_("部分公开、不予公开时必填。"),
    )
    withheld_grounds = forms.MultipleChoiceField(
        label=_("不予公开部分的依据"),
        required=False,
        choices=[(code, Decision(code).label) for code in WITHHOLDING_GROUNDS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("部分公开时必选，答复书引用相应条款。"),
    )
    public_route_where = forms.CharField(
        label=_("主动公开的途径"),
        required=False,
        max_length=500,
        help_text=_("“已主动公开”时必填，如政府网站栏目名称及网址、政府公报期号。"),
    )
    public_route_published_on = _date(_("主动公开日期"), required=False)
    referral_agency = forms.CharField(
        label=_("负责公开的机关"),
        required=False,
        max_length=100,
        help_text=_("“非本机关负责公开”时必填。"),
    )
    referral_contact = forms.CharField(
        label=_("该机关的联系方式"), required=False, max_length=200
    )
    referral_reason = forms.CharField(
        label=_("不属于本机关负责公开的理由"), required=False, max_length=1000
    )
    repeat_of = forms.CharField(
        label=_("重复申请对应的案件编号"),
        required=False,
        max_length=60,
        help_text=_("“重复申请”时必填：同一申请人此前已经答复的案件。"),
    )
    channel = forms.CharField(
        label=_("应当通过的渠道"),
        required=False,
        max_length=500,
        help_text=_("信访举报投诉类申请、要求提供公开出版物时必填。"),
    )

    # The serializer's names for the nested parts.
    NESTED = {
        "referral.agency": "referral_agency",
        "referral.contact": "referral_contact",
        "referral.reason": "referral_reason",
        "public_route.where": "public_route_where",
        "public_route.published_on": "public_route_published_on",
    }

    def add_fields(self):
        # After a rejection the draft is still on the case: start from it.
        case, details = self.case, self.case.decision_details or {}
        referral = details.get("referral") or {}
        route = details.get("public_route") or {}
        self.initial = {
            "decision": case.decision,
            "text": case.reply_text,
            "disclosed_items": "\n".join(details.get("disclosed_items") or []),
            "withheld": details.get("withheld", ""),
            "withheld_grounds": details.get("withheld_grounds") or [],
            "public_route_where": route.get("where", ""),
            "public_route_published_on": route.get("published_on") or "",
            "referral_agency": referral.get("agency", ""),
            "referral_contact": referral.get("contact", ""),
            "referral_reason": referral.get("reason", ""),
            "channel": details.get("channel", ""),
            "repeat_of": (details.get("repeat_of") or {}).get("number", ""),
        }
        # One row per third party that objected (prefetched with the case): the agency may
        # override the objection for the public interest (Art. 32), each with its own reason.
        overridden = {
            o["consultation"]: o["reason"] for o in details.get("third_party_override") or []
        }
        self.objecting = [
            k
            for k in case.consultations.all()
            if k.kind == ConsultationKind.THIRD_PARTY and k.opinion == Opinion.OBJECTION
        ]
        for k in self.objecting:
            self.fields[f"override.{k.pk}"] = forms.BooleanField(
                label=_("不采纳%(name)s的意见，决定公开（书面告知该第三方）") % {"name": k.name},
                required=False,
            )
            self.fields[f"override.{k.pk}.reason"] = _text(
                _("决定公开的理由（不公开可能对公共利益造成重大影响）"), rows=2, required=False
            )
            if k.pk in overridden:
                self.initial[f"override.{k.pk}"] = True
                self.initial[f"override.{k.pk}.reason"] = overridden[k.pk]

    def payload(self):
        data = {
            name: self.value(name)
            for name in ("decision", "text", "withheld", "channel")
            if self.value(name)
        }
        items = [line.strip() for line in self.value("disclosed_items").splitlines()]
        if any(items):
            data["disclosed_items"] = [item for item in items if item]
        referral = {
            "agency": self.value("referral_agency"),
            "contact": self.value("referral_contact"),
            "reason": self.value("referral_reason"),
        }
        if any(referral.values()):
            data["referral"] = referral
        grounds = [g for g in self.data.getlist("withheld_grounds") if g] if hasattr(
            self.data, "getlist"
        ) else list(self.data.get("withheld_grounds") or [])
        if grounds:
            data["withheld_grounds"] = grounds
        if self.value("public_route_where") or self.value("public_route_published_on"):
            data["public_route"] = {"where": self.value("public_route_where")}
            if self.value("public_route_published_on"):
                data["public_route"]["published_on"] = self.value("public_route_published_on")
        if self.value("repeat_of"):
            data["repeat_of"] = self._case_id(self.value("repeat_of"))
        self.override_rows = []
        overrides = []
        for k in self.objecting:
            if self.data.get(f"override.{k.pk}"):
                self.override_rows.append(k.pk)
                overrides.append(
                    {"consultation": k.pk, "reason": self.value(f"override.{k.pk}.reason")}
                )
        if overrides:
            data["third_party_override"] = overrides
        return data

    def _case_id(self, number: str) -> int:
        """The earlier case by its number (as the office knows it), within this agency; an
        unknown number becomes an id no case has, which the service refuses by name."""
        found = (
            Case.objects.filter(agency_id=self.case.agency_id, number=number)
            .values_list("pk", flat=True)
            .first()
        )
        return found or 0

    def field_for_error(self, key):
        if key.startswith("disclosed_items."):
            key = "disclosed_items"
        if key.startswith("withheld_grounds."):
            key = "withheld_grounds"
        parts = key.split(".")
        if parts[0] == "third_party_override" and len(parts) == 3 and parts[1].isdigit():
            index = int(parts[1])
            rows = getattr(self, "override_rows", [])
            if index < len(rows):
                key = f"override.{rows[index]}" + (".reason" if parts[2] == "reason" else "")
        return super().field_for_error(self.NESTED.get(key, key))


class ReplyOnTheSpotForm(SubmitReplyForm):
    consequence = _(
        "当场答复（条例第三十三条第一款）：答复书以收到申请之日为答复日期，当面送达申请人，"
        "案件即办结，不再送审签发。"
    )
    danger = True


class RejectReplyForm(ActionForm):
    consequence = _("退回后由承办人修改答复，再次送审。须写明退回意见。")
    comment = _text(_("退回意见"), rows=3)


class RecallReplyForm(ActionForm):
    consequence = _("撤回后答复稿回到承办人处修改，需再次提交送审。")
    reason = _text(_("撤回原因"), rows=2, required=False)


class ApproveReplyForm(ActionForm):
    consequence = _("签发后答复即作出，不能再修改。")
    danger = True
    issued_on = _date(_("签发日期"), help_text=_("即答复日期。"))

    def add_fields(self):
        self.fields["issued_on"].initial = _today()


class ExtendForm(ActionForm):
    consequence = _(
        "延期只能一次，最多20个工作日；须在答复期限届满前决定，并向申请人发出延期答复告知书。"
    )
    working_days = forms.IntegerField(label=_("延长工作日"), min_value=1, max_value=20)
    reason = _text(_("延期理由"), rows=3)
    decided_on = _date(_("决定日期"))

    def add_fields(self):
        self.fields["decided_on"].initial = _today()


class WithdrawForm(ActionForm):
    consequence = _("提交后案件以“申请人撤回”终止办理。请先收存申请人的书面撤回申请。")
    danger = True
    reason = _text(_("撤回情况"), rows=2, help_text=_("如：申请人于某日书面申请撤回。"))
    withdrawn_on = _date(_("撤回日期"))

    def add_fields(self):
        self.fields["withdrawn_on"].initial = _today()


# The applicant's wish (how to get the information) → how the letter is usually served.
SERVICE_FOR_DELIVERY = {"mail": "mail", "email": "email", "pickup": "in_person"}


class RecordDeliveryForm(ActionForm):
    consequence = _("登记送达后方可归档。邮寄送达须填写邮件号，以交邮之日为送达日期。")
    method = forms.ChoiceField(label=_("送达方式"), choices=ServiceMethod.choices)
    delivered_on = _date(_("送达日期"))
    tracking_number = forms.CharField(
        label=_("邮件号"), required=False, max_length=40, help_text=_("邮寄送达必填。")
    )

    def add_fields(self):
        case = self.case
        self.initial = {
            "method": case.service_method or SERVICE_FOR_DELIVERY.get(case.delivery_method, ""),
            "delivered_on": case.delivered_on.isoformat() if case.delivered_on else _today(),
            "tracking_number": case.tracking_number,
        }


class ArchiveForm(ActionForm):
    consequence = _("归档后案件不可更改。")
    danger = True


def action_forms(case, user, bound: ActionForm | None = None) -> list[ActionForm]:
    """A form for each transition the user may fire now, in workflow order; ``bound`` (the
    form just posted, with its errors) replaces its fresh twin."""
    available = {a.name for a in offered_actions(case, user)}
    result = []
    for declared in transition_actions():
        if bound is not None and bound.name == declared.name:
            result.append(bound)
        elif declared.name in available:
            result.append(declared.form(case=case, action=declared))
    return result


class ConsultationAnswerForm(DisplayOnlyForm):
    answered_on = _date(_("答复日期"))
    opinion = forms.ChoiceField(label=_("意见"), choices=Opinion.choices, widget=forms.RadioSelect)
    consented_parts = _text(
        _("同意公开的部分"), rows=2, required=False, help_text=_("“同意部分公开”时必填。")
    )
    text = _text(_("意见内容"), rows=2, required=False)
    late_entry_reason = _late_entry_field()

    def __init__(self, data=None, *, consultation):
        super().__init__(data, auto_id=f"id_consultation{consultation.pk}_%s")
        self.consultation = consultation
        self.fields["answered_on"].initial = _today()


class ServedForm(DisplayOnlyForm):
    """The service date of a consultation letter or a fee notice (postal return receipt)."""

    served_on = _date(_("送达日期"), help_text=_("以邮寄回执或签收记录上的日期为准。"))

    def __init__(self, data=None, *, prefix_id: str, record=None):
        super().__init__(data, auto_id=f"id_{prefix_id}_%s")
        self.record = record


class TaskAnswerForm(DisplayOnlyForm):
    holds_information = forms.ChoiceField(
        label=_("本部门是否掌握该信息"),
        choices=[("true", _("掌握")), ("false", _("不掌握"))],
        widget=forms.RadioSelect,
    )
    answer = _text(
        _("答复意见"),
        rows=5,
        help_text=_("写明检索范围和结果；掌握的，说明信息名称、文号及保密审查意见。"),
    )
    responded_on = _date(_("答复日期"))
    late_entry_reason = _late_entry_field()

    files = MultipleFileField(
        label=_("附件"), help_text=_("检索记录、保密审查意见或信息本身（PDF、图片、Word、Excel）。")
    )

    def __init__(self, data=None, files=None):
        super().__init__(data, files, auto_id="id_task_%s")
        self.fields["responded_on"].initial = _today()


__all__ = [
    "NON_FIELD_ERRORS",
    "ActionForm",
    "ConsultationAnswerForm",
    "ServedForm",
    "TaskAnswerForm",
    "action_forms",
]


class _StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return display_name(obj)


class SetHandlerForm(NormalizedForm, forms.Form):
    """指定或更换承办人 on the case page."""

    handler = _StaffChoiceField(
        label=_("承办人"), queryset=None, empty_label=_("请选择"),
        error_messages={"required": _("请选择承办人。"), "invalid_choice": _("请选择承办人。")},
    )
    reason = forms.CharField(
        label=_("更换理由"), required=False, max_length=500,
        help_text=_("更换已有的承办人时必填，记入办理记录。"),
    )

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers


class HandOverForm(NormalizedForm, forms.Form):
    """移交承办案件: every open case of one handler to another."""

    from_user = _StaffChoiceField(
        label=_("原承办人"), queryset=None, empty_label=_("请选择"),
        error_messages={"required": _("请选择原承办人。"), "invalid_choice": _("请选择原承办人。")},
    )
    to_user = _StaffChoiceField(
        label=_("接收人"), queryset=None, empty_label=_("请选择"),
        error_messages={"required": _("请选择接收人。"), "invalid_choice": _("请选择接收人。")},
    )
    reason = forms.CharField(
        label=_("移交理由"), max_length=500,
        error_messages={"required": _("请填写移交理由。")},
    )

    def __init__(self, *args, handlers, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_user"].queryset = sources
        self.fields["to_user"].queryset = handlers

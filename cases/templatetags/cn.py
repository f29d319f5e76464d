"""Template filters for Chinese dates and short summaries of audit payloads."""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import display_name as people_display_name
from cases.models import Channel, ServiceMethod
from rules.deadline import format_cn_date
from rules.states import Decision
from workflow.actions import event_label as label_of_event
from workflow.models import ConsultationKind, FeeMethod, Opinion

register = template.Library()


@register.filter
def cn_date(value) -> str:
    """2023年9月26日; datetimes are shown in local time; empty for None."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return format_cn_date(value)


@register.filter
def cn_datetime(value) -> str:
    """2023年9月26日 14:05 in local time."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_cn_date(local.date())} {local:%H:%M}"


@register.filter
def display_name(user) -> str:
    return people_display_name(user)


@register.filter
def event_label(name: str) -> str:
    return str(label_of_event(name))


# Labels for the keys services put in event payloads (workflow/services.py).
PAYLOAD_LABELS = {
    "number": _("编号"),
    "channel": _("申请方式"),
    "received_on": _("收到日期"),
    "repeat_of": _("重复申请对应案件"),
    "items": _("补正内容"),
    "correction_due": _("补正期限"),
    "notice_on": _("通知日期"),
    "description": _("信息描述"),
    "decision": _("办理结果"),
    "assigned_on": _("交办日期"),
    "tasks": _("任务"),
    "department": _("部门"),
    "due_on": _("期限"),
    "holds_information": _("是否掌握"),
    "responded_on": _("答复日期"),
    "files": _("附件"),
    "parties": _("征求意见对象"),
    "name": _("名称"),
    "kind": _("类别"),
    "opinion": _("意见"),
    "answered_on": _("答复日期"),
    "consultations": _("征求意见"),
    "method": _("方式"),
    "quantity": _("数量"),
    "amount": _("金额（元）"),
    "computation": _("计算过程"),
    "pay_due": _("缴费期限"),
    "paid_on": _("缴费日期"),
    "details": _("结果要素"),
    "disclosed_items": _("提供的信息"),
    "withheld": _("不予公开的内容及理由"),
    "referral": _("告知的机关"),
    "issued_on": _("签发日期"),
    "working_days": _("延长工作日"),
    "decided_on": _("决定日期"),
    "old_due": _("原答复期限"),
    "withdrawn_on": _("撤回日期"),
    "delivered_on": _("送达日期"),
    "tracking_number": _("邮件号"),
    "old": _("原值"),
    "new": _("新值"),
    "task": _("任务"),
    "consultation": _("征求意见"),
    "late_entry_reason": _("补录原因"),
    "act_on": _("行为日期"),
    "late_reason": _("逾期答复原因"),
    "replied_late": _("逾期答复"),
    "reply_due": _("答复期限"),
    "served_on": _("送达日期"),
    "answer_due": _("答复期限"),
    "sent_on": _("发出日期"),
    "jointly_made": _("共同制作"),
    "consented_parts": _("同意公开的部分"),
    "fee_notice": _("收费通知"),
    "counted_cases": _("计件依据"),
    "override_reason": _("调整件数的理由"),
}

def _value_labels() -> dict[str, dict[str, str]]:
    return {
        "decision": dict(Decision.choices),
        "channel": dict(Channel.choices),
        "opinion": {
            **dict(Opinion.choices),
            "deemed_consent": _("视为同意"),
            "no_answer": _("未答复"),
        },
        "kind": dict(ConsultationKind.choices),
        "method": {**dict(FeeMethod.choices), **dict(ServiceMethod.choices)},
    }


# Internal ids, repeated elsewhere on the page, that would only be noise in the timeline.
# late_entry: shown as the 补录 badge.
HIDDEN_PAYLOAD_KEYS = {"task", "consultation", "fee_notice", "late_entry"}


def _hidden(key: str) -> bool:
    return key in HIDDEN_PAYLOAD_KEYS or key.endswith(("_id", "_ids"))


VALUE_KEYS = {"decision", "channel", "opinion", "kind", "method"}


def _summarise(value, key: str = "") -> str:
    if value is None and key in ("served_on", "answer_due", "pay_due"):
        return str(_("送达日期未登记"))
    if value is None or value == "":
        return "—"
    if isinstance(value, str) and key in VALUE_KEYS:
        return str(_value_labels()[key].get(value, value))
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, str):
        try:
            return format_cn_date(date.fromisoformat(value)) if len(value) == 10 else value
        except ValueError:
            return value
    if isinstance(value, list):
        separator = "；" if any(isinstance(item, dict) for item in value) else "、"
        return separator.join(_summarise(item, key) for item in value) or "—"
    if isinstance(value, dict):
        return "，".join(
            f"{PAYLOAD_LABELS.get(k, k)}：{_summarise(v, k)}"
            for k, v in value.items()
            if not _hidden(k)
        )
    return str(value)


@register.filter
def payload_summary(payload) -> list[tuple[str, str]]:
    """(label, text) pairs of an event payload, for the timeline."""
    if not isinstance(payload, dict):
        return []
    return [
        (str(PAYLOAD_LABELS.get(key, key)), _summarise(value, key))
        for key, value in payload.items()
        if not _hidden(key) and value not in (None, "", [], {})
    ]

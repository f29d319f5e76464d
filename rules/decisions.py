"""What each decision code needs in a reply (api.md, "submit_reply"), as one pure rule."""

from django.utils.translation import gettext as _

from rules.states import SUBMITTABLE_DECISIONS, Decision

DETAIL_FIELDS = ("disclosed_items", "withheld", "referral", "channel")


def required_details(code: str) -> set[str]:
    required = set()
    if code in (Decision.DISCLOSED, Decision.PARTIALLY_DISCLOSED):
        required.add("disclosed_items")
    if code == Decision.PARTIALLY_DISCLOSED or code.startswith("withheld."):
        required.add("withheld")
    if code == Decision.UNAVAILABLE_OTHER_AGENCY:
        required.add("referral")
    if code in (Decision.NOT_PROCESSED_PETITION, Decision.NOT_PROCESSED_PUBLICATION):
        required.add("channel")
    return required


def decision_errors(code: str, details: dict) -> dict[str, list[str]]:
    """Field errors for a decision and its details; empty when the reply is complete."""
    if code not in {d.value for d in SUBMITTABLE_DECISIONS}:
        return {"decision": [_("请选择有效的办理结果。")]}
    errors: dict[str, list[str]] = {}
    for name in sorted(required_details(code)):
        value = details.get(name)
        if name == "referral":
            value = value or {}
            for part, label in (("agency", _("负责公开的机关")), ("contact", _("联系方式"))):
                if not str(value.get(part, "")).strip():
                    errors[f"referral.{part}"] = [_("请填写%(label)s。") % {"label": label}]
        elif name == "disclosed_items":
            if not value or not any(str(item).strip() for item in value):
                errors[name] = [_("请列出提供的政府信息。")]
        elif not str(value or "").strip():
            message = {
                "withheld": _("请说明不予公开的内容及理由。"),
                "channel": _("请告知申请人应当通过的渠道。"),
            }[name]
            errors[name] = [message]
    return errors


def clean_details(code: str, details: dict) -> dict:
    """Keep only the details this decision uses."""
    wanted = required_details(code)
    cleaned = {}
    for name in DETAIL_FIELDS:
        if name in wanted or details.get(name):
            value = details.get(name)
            if name == "disclosed_items":
                value = [str(item).strip() for item in (value or []) if str(item).strip()]
            cleaned[name] = value
    return cleaned

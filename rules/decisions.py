"""What each decision code needs in a reply (api.md, "submit_reply" and Wave 2), as one pure
rule. What needs the record (the earlier case of ``repeat_of``, the consultations named in
``third_party_override``, whether a correction was received) the service checks."""

from datetime import date

from django.utils.translation import gettext as _

from rules.states import SUBMITTABLE_DECISIONS, Decision

DETAIL_FIELDS = (
    "disclosed_items",
    "withheld",
    "withheld_grounds",
    "public_route",
    "referral",
    "channel",
    "repeat_of",
    "third_party_override",
)

# The grounds a withheld part may rest on (Art. 14, 15, 16 with 36(3)); an administrative
# query (36(7)) is no ground for withholding part of a disclosure.
WITHHOLDING_GROUNDS = tuple(
    d.value
    for d in Decision
    if d.value.startswith("withheld.") and d != Decision.WITHHELD_ADMINISTRATIVE_QUERY
)

# Decisions that disclose something, and so may override a third party's objection (Art. 32).
DISCLOSING = (Decision.DISCLOSED, Decision.PARTIALLY_DISCLOSED)


def required_details(code: str) -> set[str]:
    required = set()
    if code in (Decision.DISCLOSED, Decision.PARTIALLY_DISCLOSED):
        required.add("disclosed_items")
    if code == Decision.PARTIALLY_DISCLOSED or code.startswith("withheld."):
        required.add("withheld")
    if code == Decision.PARTIALLY_DISCLOSED:
        required.add("withheld_grounds")
    if code == Decision.ALREADY_PUBLIC:
        required.add("public_route")
    if code == Decision.UNAVAILABLE_OTHER_AGENCY:
        required.add("referral")
    if code in (Decision.NOT_PROCESSED_PETITION, Decision.NOT_PROCESSED_PUBLICATION):
        required.add("channel")
    if code == Decision.NOT_PROCESSED_REPEATED:
        required.add("repeat_of")
    return required


def _blank(value) -> bool:
    return not str(value if value is not None else "").strip()


def _override_errors(code: str, overrides) -> dict[str, list[str]]:
    if not overrides:
        return {}
    if code not in DISCLOSING:
        return {"third_party_override": [_("只有予以公开或者部分公开时才能决定不采纳第三方意见。")]}
    errors: dict[str, list[str]] = {}
    seen = set()
    for index, entry in enumerate(overrides):
        if entry.get("consultation") in seen:
            errors[f"third_party_override.{index}.consultation"] = [_("同一第三方只能列一次。")]
        seen.add(entry.get("consultation"))
        if _blank(entry.get("reason")):
            errors[f"third_party_override.{index}.reason"] = [
                _("请写明不公开可能对公共利益造成重大影响的理由。")
            ]
    return errors


def decision_errors(code: str, details: dict) -> dict[str, list[str]]:
    """Field errors for a decision and its details; empty when the reply is complete."""
    if code not in {d.value for d in SUBMITTABLE_DECISIONS}:
        return {"decision": [_("请选择有效的办理结果。")]}
    errors: dict[str, list[str]] = {}
    for name in sorted(required_details(code)):
        value = details.get(name)
        if name == "referral":
            value = value or {}
            for part, label in (
                ("agency", _("负责公开的机关")),
                ("contact", _("联系方式")),
                ("reason", _("不属于本机关负责公开的理由")),
            ):
                if _blank(value.get(part)):
                    errors[f"referral.{part}"] = [_("请填写%(label)s。") % {"label": label}]
        elif name == "public_route":
            value = value or {}
            if _blank(value.get("where")):
                errors["public_route.where"] = [_("请填写主动公开的途径（如网站栏目、公报）。")]
            if not value.get("published_on"):
                errors["public_route.published_on"] = [_("请填写主动公开的日期。")]
        elif name == "withheld_grounds":
            grounds = value or []
            if not grounds:
                errors[name] = [_("请选择不予公开部分的依据。")]
            elif any(g not in WITHHOLDING_GROUNDS for g in grounds):
                errors[name] = [_("不予公开的依据无效。")]
        elif name == "repeat_of":
            if value in (None, ""):
                errors[name] = [_("请选择此前已经答复的同一申请人的案件。")]
        elif name == "disclosed_items":
            if not value or not any(str(item).strip() for item in value):
                errors[name] = [_("请列出提供的政府信息。")]
        elif _blank(value):
            message = {
                "withheld": _("请说明不予公开的内容及理由。"),
                "channel": _("请告知申请人应当通过的渠道。"),
            }[name]
            errors[name] = [message]
    errors.update(_override_errors(code, details.get("third_party_override")))
    return errors


def clean_details(code: str, details: dict) -> dict:
    """Keep only the details this decision uses, as JSON (dates as ISO strings)."""
    wanted = required_details(code)
    cleaned = {}
    for name in DETAIL_FIELDS:
        if name in wanted or details.get(name):
            value = details.get(name)
            if name == "disclosed_items":
                value = [str(item).strip() for item in (value or []) if str(item).strip()]
            elif name == "withheld_grounds":
                value = list(dict.fromkeys(value or []))
            elif name == "public_route":
                published = (value or {}).get("published_on")
                if isinstance(published, date):
                    published = published.isoformat()
                value = {"where": (value or {}).get("where", "").strip(), "published_on": published}
            cleaned[name] = value
    return cleaned

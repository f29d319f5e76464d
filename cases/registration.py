"""The rules of a registration (intake and its corrections), in one place: the services apply
them to every caller (the web, the API, a portal, an import), and the API's serializers and the
web forms apply the same functions only to put their messages next to the right fields.

Each rule raises Django's ``ValidationError`` with a message dict keyed by field name.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import ApplicantKind, IdType
from cases.validators import (
    normalize_id_number,
    normalize_uscc,
    validate_phone,
    validate_resident_id,
    validate_uscc,
)

PERSON_ID_TYPES = {IdType.RESIDENT_ID, IdType.PASSPORT, IdType.OTHER}

# The Regulations took effect on 2008-05-01; no application can have been received earlier.
REGULATIONS_IN_FORCE = date(2008, 5, 1)


def clean_applicant(attrs: dict) -> dict:
    """Cross-field rules for an applicant; returns the attrs normalised (ID numbers upper-case,
    fields that do not apply emptied) or raises field errors."""
    attrs = dict(attrs)
    for optional in ("org_category", "contact_name", "email", "address", "postcode"):
        attrs[optional] = attrs.get(optional) or ""
    errors: dict[str, list] = {}
    kind = attrs.get("kind")
    id_type = attrs.get("id_type")
    number = attrs.get("id_number") or ""
    if kind not in ApplicantKind.values:
        errors["kind"] = [_("请选择申请人类型。")]
    if kind == ApplicantKind.PERSON:
        if id_type not in PERSON_ID_TYPES:
            errors["id_type"] = [_("自然人的证件类型应为居民身份证、护照或其他证件。")]
        attrs["org_category"] = ""
    elif kind == ApplicantKind.ORGANIZATION:
        if id_type != IdType.USCC:
            errors["id_type"] = [_("法人或其他组织的证件类型应为统一社会信用代码。")]
        if not attrs.get("org_category"):
            errors["org_category"] = [_("请选择组织类别（用于年度报告统计）。")]
    validators = {
        IdType.RESIDENT_ID: (normalize_id_number, validate_resident_id),
        IdType.USCC: (normalize_uscc, validate_uscc),
    }
    if not number.strip():
        # Art. 29 asks for identity proof, but an application lacking it is still registered;
        # the one-time correction notice then lists it (``missing_identity_proof``).
        attrs["id_number"] = ""
    elif id_type in validators and "id_number" not in errors:
        normalise, validate = validators[id_type]
        number = normalise(number)
        try:
            validate(number)
        except ValidationError as exc:
            errors["id_number"] = list(exc.messages)
        attrs["id_number"] = number
    if not (attrs.get("name") or "").strip():
        errors["name"] = [_("请填写申请人姓名或名称。")]
    agent = ("agent_name", "agent_id_number", "agent_phone", "agent_address")
    for name in agent:
        attrs[name] = (attrs.get(name) or "").strip()
    if any(attrs[name] for name in agent):
        if not attrs["agent_name"]:
            errors["agent_name"] = [_("请填写委托代理人姓名。")]
        if not attrs["agent_id_number"]:
            errors["agent_id_number"] = [_("请填写委托代理人的身份证件号码。")]
        elif len(attrs["agent_id_number"]) == 18:  # a resident ID: checksum-validated
            attrs["agent_id_number"] = normalize_id_number(attrs["agent_id_number"])
            try:
                validate_resident_id(attrs["agent_id_number"])
            except ValidationError as exc:
                errors["agent_id_number"] = list(exc.messages)
        if not attrs["agent_phone"]:
            errors["agent_phone"] = [_("请填写委托代理人的联系电话。")]
    phone = attrs.get("phone") or ""
    if phone:
        try:
            validate_phone(phone.strip())
        except ValidationError as exc:
            errors["phone"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    return attrs


def _check_received_on(received_on: date, field: str = "received_on") -> None:
    if received_on > timezone.localdate():
        raise ValidationError({field: [_("收到申请日期不能晚于今天。")]})
    if received_on < REGULATIONS_IN_FORCE:
        raise ValidationError({field: [_("收到申请日期不能早于条例施行之日（2008年5月1日）。")]})


def check_registration(fields: dict) -> None:
    """Rules on the request as registered (dates, 代填人), shared by intake and correction."""
    if fields.get("received_on"):
        _check_received_on(fields["received_on"])
    office_on = fields.get("office_received_on")
    if office_on and office_on > timezone.localdate():
        raise ValidationError({"office_received_on": [_("日期不能晚于今天。")]})
    if fields.get("filled_on_behalf") and not (fields.get("filled_by") or "").strip():
        raise ValidationError({"filled_by": [_("代为填写时请注明代填人。")]})


def prefixed(exc: ValidationError, prefix: str) -> ValidationError:
    """The same errors under ``prefix.field`` (the API's nested names, e.g. applicant.id_number)."""
    return ValidationError({f"{prefix}.{key}": value for key, value in exc.message_dict.items()})

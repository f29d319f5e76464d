from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agencies.models import display_name
from cases.models import Applicant, ApplicantKind, Case, IdType
from cases.validators import (
    normalize_id_number,
    normalize_uscc,
    validate_phone,
    validate_resident_id,
    validate_uscc,
)
from config.serializers import StrictModelSerializer
from letters.serializers import LetterSerializer
from workflow import clock
from workflow.actions import event_label
from workflow.models import Event
from workflow.serializers import ConsultationSerializer, FeeNoticeSerializer, TaskSerializer

PERSON_ID_TYPES = {IdType.RESIDENT_ID, IdType.PASSPORT, IdType.OTHER}


def check_applicant(attrs: dict) -> dict:
    """Cross-field rules for an applicant; returns normalised attrs or raises field errors."""
    errors: dict[str, list] = {}
    kind = attrs.get("kind")
    id_type = attrs.get("id_type")
    number = attrs.get("id_number", "")
    if kind == ApplicantKind.PERSON:
        if id_type not in PERSON_ID_TYPES:
            errors["id_type"] = [_("自然人的证件类型应为居民身份证、护照或其他证件。")]
        attrs["org_category"] = ""
        attrs["contact_name"] = attrs.get("contact_name") or ""
    elif kind == ApplicantKind.ORGANIZATION:
        if id_type != IdType.USCC:
            errors["id_type"] = [_("法人或其他组织的证件类型应为统一社会信用代码。")]
        if not attrs.get("org_category"):
            errors["org_category"] = [_("请选择组织类别（用于年度报告统计）。")]
    validators = {
        IdType.RESIDENT_ID: (normalize_id_number, validate_resident_id),
        IdType.USCC: (normalize_uscc, validate_uscc),
    }
    if id_type in validators and "id_number" not in errors:
        normalise, validate = validators[id_type]
        number = normalise(number)
        try:
            validate(number)
        except DjangoValidationError as exc:
            errors["id_number"] = list(exc.messages)
        attrs["id_number"] = number
    phone = attrs.get("phone", "")
    if phone:
        try:
            validate_phone(phone.strip())
        except DjangoValidationError as exc:
            errors["phone"] = list(exc.messages)
    if errors:
        raise serializers.ValidationError(errors)
    return attrs


class ApplicantSerializer(StrictModelSerializer):
    org_category = serializers.ChoiceField(
        choices=Applicant._meta.get_field("org_category").choices,
        required=False,
        allow_null=True,
        allow_blank=True,
    )
    contact_name = serializers.CharField(
        max_length=50, required=False, allow_null=True, allow_blank=True
    )

    class Meta:
        model = Applicant
        fields = list(Applicant.REGISTRATION_FIELDS)

    def validate(self, attrs):
        attrs["org_category"] = attrs.get("org_category") or ""
        attrs["contact_name"] = attrs.get("contact_name") or ""
        return check_applicant(attrs)


class CaseCreateSerializer(StrictModelSerializer):
    applicant = ApplicantSerializer()
    repeat_of = serializers.IntegerField(required=False, allow_null=True)

    class Meta:
        model = Case
        fields = [
            "applicant",
            "channel",
            "received_on",
            "office_received_on",
            "description",
            "purpose",
            "delivery_format",
            "delivery_method",
            "filled_on_behalf",
            "filled_by",
            "repeat_of",
        ]
        extra_kwargs = {"description": {"max_length": 5000}}

    def validate_description(self, value):
        if not value.strip():
            raise serializers.ValidationError(_("请填写所需政府信息的描述。"))
        return value.strip()

    def validate(self, attrs):
        from cases.services import check_registration

        try:
            check_registration(attrs)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None
        return attrs


class CaseSummarySerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display")
    applicant_name = serializers.CharField(source="applicant.name")

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "status",
            "status_display",
            "applicant_name",
            "channel",
            "received_on",
            "reply_due",
            "decision",
            "description",
        ]


class PublicApplicantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Applicant
        fields = ApplicantSerializer.Meta.fields


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    label = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "seq",
            "at",
            "actor",
            "name",
            "label",
            "source",
            "target",
            "payload",
            "note",
            "hash",
        ]

    def get_actor(self, event) -> str:
        return display_name(event.actor)

    def get_label(self, event) -> str:
        return str(event_label(event.name))


class CaseSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display")
    applicant = PublicApplicantSerializer()
    deadline = serializers.SerializerMethodField()
    transitions = serializers.SerializerMethodField()
    tasks = TaskSerializer(many=True)
    consultations = ConsultationSerializer(many=True)
    fee_notices = FeeNoticeSerializer(many=True)
    letters = serializers.SerializerMethodField()
    events = EventSerializer(many=True)
    repeat_of = serializers.SlugRelatedField(slug_field="number", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "status",
            "status_display",
            "applicant",
            "channel",
            "received_on",
            "first_received_on",
            "office_received_on",
            "filled_on_behalf",
            "filled_by",
            "description",
            "purpose",
            "delivery_format",
            "delivery_method",
            "repeat_of",
            "reply_due",
            "deadline",
            "extension_working_days",
            "extension_reason",
            "correction_notice_on",
            "correction_items",
            "correction_due",
            "decision",
            "decision_details",
            "reply_text",
            "replied_on",
            "closed_on",
            "service_method",
            "delivered_on",
            "tracking_number",
            "archived_at",
            "transitions",
            "tasks",
            "consultations",
            "fee_notices",
            "letters",
            "events",
        ]

    def get_deadline(self, case) -> dict | None:
        deadline = clock.case_deadline(case)
        return deadline.as_dict() if deadline else None

    def get_transitions(self, case) -> list[str]:
        user = self.context["request"].user
        return [t.name for t in case.get_available_user_status_transitions(user)]

    def get_letters(self, case) -> list[dict]:
        return LetterSerializer(case.letters.all(), many=True).data

    def to_representation(self, case):
        data = super().to_representation(case)
        if not data["decision"]:
            data["decision"] = None
        return data

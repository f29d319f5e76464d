from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agencies.models import display_name
from cases.models import Applicant, Case
from cases.registration import check_registration, clean_applicant
from config.serializers import StrictModelSerializer
from letters.serializers import LetterSerializer
from workflow import clock
from workflow.actions import event_label
from workflow.models import Event
from workflow.serializers import ConsultationSerializer, FeeNoticeSerializer, TaskSerializer


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
        try:
            return clean_applicant(attrs)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None


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
        try:
            check_registration(attrs)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None
        return attrs


class CaseSummarySerializer(serializers.ModelSerializer):
    """One row of the case list. ``to_representation`` is written out: DRF's field-by-field
    machinery cost more than the query for a page of 50 (bench/README.md, case list)."""

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
            "replied_late",
            "description",
        ]

    def to_representation(self, case):
        return {
            "id": case.pk,
            "number": case.number,
            "status": case.status,
            "status_display": str(case.get_status_display()),
            "applicant_name": case.applicant.name,
            "channel": case.channel,
            "received_on": case.received_on.isoformat(),
            "reply_due": case.reply_due.isoformat() if case.reply_due else None,
            "decision": case.decision,
            "description": case.description,
        }


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
    repeat_of = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)
    reopens = serializers.SerializerMethodField()
    rereplies = serializers.SerializerMethodField()

    class Meta:
        model = Case
        # An undecided case answers ``"decision": null`` (to_representation): say so.
        extra_kwargs = {"decision": {"allow_null": True}}
        fields = [
            "id",
            "number",
            "status",
            "status_display",
            "reopens",
            "rereplies",
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
            "replied_late",
            "late_reason",
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

    def get_reopens(self, case) -> dict | None:
        """A re-reply case (重新答复): the original case a review decision set aside."""
        original = case.reopens
        return None if original is None else {"id": original.pk, "number": original.number}

    def get_rereplies(self, case) -> list[dict]:
        return [{"id": c.pk, "number": c.number} for c in case.rereplies.all()]

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

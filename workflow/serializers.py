"""Payload serializers for transitions, tasks and consultations (api.md). Each transition's
serializer is named in its declaration (``workflow.actions``); its validated data are the
service's keyword arguments."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.models import IdType, ServiceMethod
from config.serializers import StrictSerializer
from rules.decisions import DETAIL_FIELDS, WITHHOLDING_GROUNDS
from rules.states import SUBMITTABLE_DECISIONS
from workflow.models import (
    Consultation,
    ConsultationKind,
    FeeMethod,
    FeeNotice,
    Opinion,
    Task,
)


def today():
    return timezone.localdate()


class EmptySerializer(StrictSerializer):
    pass


class LateEntrySerializer(StrictSerializer):
    """A payload with a recorded date: when that date makes it an after-the-fact entry (补录,
    api.md), the service requires the reason."""

    late_entry_reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )


class LapseSerializer(LateEntrySerializer):
    """Optional: the day the lapse is recorded (after the deadline); defaults to today."""

    lapsed_on = serializers.DateField(default=today)


class RequestCorrectionSerializer(LateEntrySerializer):
    items = serializers.CharField(max_length=5000)
    correction_due = serializers.DateField()
    notice_on = serializers.DateField(default=today)


class ReceiveCorrectionSerializer(LateEntrySerializer):
    received_on = serializers.DateField(default=today)
    description = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )
    # The identity proof the applicant supplied, when the application lacked it (Art. 29).
    id_type = serializers.ChoiceField(
        choices=IdType.choices, required=False, allow_blank=True, default=""
    )
    id_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class RequestReasonsSerializer(LateEntrySerializer):
    reasons_due = serializers.DateField()
    notice_on = serializers.DateField(default=today)


class RecordReasonsSerializer(LateEntrySerializer):
    answered_on = serializers.DateField(default=today)
    answer = serializers.CharField(max_length=5000)
    reasonable = serializers.BooleanField()
    later_due = serializers.DateField(required=False, allow_null=True, default=None)


class TaskSpecSerializer(StrictSerializer):
    department = serializers.IntegerField()
    instructions = serializers.CharField(max_length=5000)
    due_on = serializers.DateField()


class AssignSerializer(LateEntrySerializer):
    assigned_on = serializers.DateField(default=today)
    tasks = TaskSpecSerializer(
        many=True, allow_empty=False, error_messages={"empty": _("请至少选择一个部门。")}
    )


class PartySerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=ConsultationKind.choices)
    name = serializers.CharField(max_length=100)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    sent_on = serializers.DateField(default=today)
    # The day the party received the letter, when known at sending (else recorded later).
    served_on = serializers.DateField(required=False, allow_null=True, default=None)
    # An agency that made the information jointly (Art. 34): only then does silence count as
    # consent, and only then does the letter say so.
    jointly_made = serializers.BooleanField(required=False, default=False)


class ConsultSerializer(LateEntrySerializer):
    parties = PartySerializer(
        many=True, allow_empty=False, error_messages={"empty": _("请至少填写一个征求意见对象。")}
    )


class RequestFeeSerializer(LateEntrySerializer):
    method = serializers.ChoiceField(choices=FeeMethod.choices)
    # per_page: required; per_piece: defaults to the register's count for the month.
    quantity = serializers.IntegerField(
        min_value=1, max_value=1_000_000, required=False, allow_null=True, default=None
    )
    notice_on = serializers.DateField(default=today)
    served_on = serializers.DateField(required=False, allow_null=True, default=None)
    override_reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )


class ServedSerializer(StrictSerializer):
    """``POST /api/v1/consultations/{id}/served/`` and ``/api/v1/fee-notices/{id}/served/``."""

    served_on = serializers.DateField()


class ReceivePaymentSerializer(LateEntrySerializer):
    paid_on = serializers.DateField(default=today)


class ReferralSerializer(StrictSerializer):
    agency = serializers.CharField(max_length=100, allow_blank=True)
    contact = serializers.CharField(max_length=200, allow_blank=True)
    # Why the information is not this agency's to disclose (printed in the reply).
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class PublicRouteSerializer(StrictSerializer):
    """Where and when the information was proactively published (already_public)."""

    where = serializers.CharField(max_length=500, allow_blank=True)
    published_on = serializers.DateField(required=False, allow_null=True)


class OverrideSerializer(StrictSerializer):
    """A third party whose objection the agency overrides for the public interest (Art. 32)."""

    consultation = serializers.IntegerField()
    reason = serializers.CharField(max_length=2000, allow_blank=True)


class SubmitReplySerializer(StrictSerializer):
    decision = serializers.ChoiceField(choices=[(d.value, d.label) for d in SUBMITTABLE_DECISIONS])
    text = serializers.CharField(max_length=10000)
    disclosed_items = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, max_length=200
    )
    withheld = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    withheld_grounds = serializers.ListField(
        child=serializers.ChoiceField(choices=WITHHOLDING_GROUNDS), required=False, max_length=10
    )
    public_route = PublicRouteSerializer(required=False)
    referral = ReferralSerializer(required=False)
    channel = serializers.CharField(max_length=500, required=False, allow_blank=True)
    repeat_of = serializers.IntegerField(required=False, allow_null=True)
    third_party_override = OverrideSerializer(many=True, required=False)

    DETAILS = DETAIL_FIELDS

    def validate(self, attrs):
        """The service takes the decision's elements as one ``details`` argument."""
        attrs["details"] = {key: attrs.pop(key) for key in self.DETAILS if key in attrs}
        return attrs


class ReplyOnTheSpotSerializer(SubmitReplySerializer):
    """当场答复 (Art. 33(1)): the decision as for ``submit_reply``; the reply and its delivery
    in person are dated the day the application was handed in."""

    late_entry_reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )


class RejectReplySerializer(StrictSerializer):
    comment = serializers.CharField(max_length=5000)


class RecallReplySerializer(StrictSerializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ApproveReplySerializer(LateEntrySerializer):
    issued_on = serializers.DateField(default=today)
    # Required by the service when the reply is issued after reply_due (逾期答复).
    late_reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )


class ExtendSerializer(LateEntrySerializer):
    working_days = serializers.IntegerField(
        min_value=1,
        max_value=20,
        error_messages={
            "min_value": _("延长期限应为1至20个工作日。"),
            "max_value": _("延长期限应为1至20个工作日。"),
        },
    )
    reason = serializers.CharField(max_length=2000)
    decided_on = serializers.DateField(default=today)


class WithdrawSerializer(LateEntrySerializer):
    reason = serializers.CharField(max_length=2000)
    withdrawn_on = serializers.DateField(default=today)


class RecordDeliverySerializer(LateEntrySerializer):
    method = serializers.ChoiceField(choices=ServiceMethod.choices)
    delivered_on = serializers.DateField(default=today)
    tracking_number = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default=""
    )


class TaskRespondSerializer(LateEntrySerializer):
    holds_information = serializers.BooleanField()
    answer = serializers.CharField(max_length=10000)
    responded_on = serializers.DateField(default=today)
    files = serializers.ListField(child=serializers.FileField(), required=False, max_length=20)


class ConsultationAnswerSerializer(LateEntrySerializer):
    answered_on = serializers.DateField(default=today)
    opinion = serializers.ChoiceField(choices=Opinion.choices)
    text = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")
    consented_parts = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )


class TaskSerializer(serializers.ModelSerializer):
    """What a department sees: the request, never the applicant's identity or contact data."""

    case_number = serializers.CharField(source="case.number")
    description = serializers.CharField(source="case.description")
    department = serializers.CharField(source="department.name")
    department_id = serializers.IntegerField()

    class Meta:
        model = Task
        fields = [
            "id",
            "case",
            "case_number",
            "description",
            "department",
            "department_id",
            "instructions",
            "assigned_on",
            "due_on",
            "status",
            "holds_information",
            "answer",
            "responded_on",
        ]


class ConsultationSerializer(serializers.ModelSerializer):
    deemed_consent = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = [
            "id",
            "kind",
            "name",
            "address",
            "jointly_made",
            "sent_on",
            "served_on",
            "answer_due",
            "answered_on",
            "opinion",
            "consented_parts",
            "text",
            "deemed_consent",
        ]

    def get_deemed_consent(self, consultation) -> bool:
        return consultation.deemed_consent(timezone.localdate())


class FeeNoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeeNotice
        fields = [
            "id",
            "method",
            "quantity",
            "amount",
            "computation",
            "counted_cases",
            "override_reason",
            "payment",
            "notice_on",
            "served_on",
            "pay_due",
            "paid_on",
        ]


class SetHandlerSerializer(StrictSerializer):
    """POST /api/v1/cases/{id}/handler/: the new 承办人 (a user id) and, for a change, why."""

    handler = serializers.IntegerField(
        error_messages={"invalid": _("请选择承办人。"), "required": _("请选择承办人。")}
    )
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class HandOverSerializer(StrictSerializer):
    """POST /api/v1/handover/: every open case of ``from_user`` goes to ``to_user``."""

    from_user = serializers.IntegerField(
        error_messages={"invalid": _("请选择原承办人。"), "required": _("请选择原承办人。")}
    )
    to_user = serializers.IntegerField(
        error_messages={"invalid": _("请选择接收人。"), "required": _("请选择接收人。")}
    )
    reason = serializers.CharField(
        max_length=500,
        error_messages={"blank": _("请填写移交理由。"), "required": _("请填写移交理由。")},
    )

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from config.serializers import StrictSerializer
from reports.models import ReviewKind, ReviewRecord, ReviewResult

MIN_REPORT_YEAR = 2008  # the first Regulations took effect on 2008-05-01
FORMATS = ("json", "xlsx", "csv")


class AnnualReportQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        help_text=_("报告年度，如 2025。"),
        error_messages={
            "required": _("请提供报告年度 year。"),
            "invalid": _("报告年度必须是整数，如 2025。"),
            "max_string_length": _("报告年度必须是整数，如 2025。"),
        },
    )
    agency = serializers.IntegerField(
        required=False,
        help_text=_("机关 id；省略时为本机关（系统管理员省略时为全部机关）。"),
        error_messages={"invalid": _("机关 id 必须是整数。")},
    )
    format = serializers.ChoiceField(
        choices=FORMATS, default="json", help_text=_("json、xlsx 或 csv。")
    )

    def validate_year(self, value: int) -> int:
        this_year = timezone.localdate().year
        if not MIN_REPORT_YEAR <= value <= this_year:
            raise serializers.ValidationError(
                _("报告年度须在 %(min)d 年至 %(max)d 年之间。")
                % {"min": MIN_REPORT_YEAR, "max": this_year}
            )
        return value


class ReviewRecordSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)
    rereply_case = serializers.SerializerMethodField()

    def get_rereply_case(self, record) -> dict | None:
        case = record.rereply_case
        return None if case is None else {"id": case.pk, "number": case.number}

    class Meta:
        model = ReviewRecord
        fields = [
            "id",
            "case",
            "case_number",
            "kind",
            "filed_on",
            "body",
            "result",
            "decided_on",
            "decision_received_on",
            "rereply_working_days",
            "rereply_case",
            "note",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class ReviewCreateSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=ReviewKind.choices)
    filed_on = serializers.DateField()
    body = serializers.CharField(max_length=100)
    result = serializers.ChoiceField(choices=ReviewResult.choices)
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    # For a result that reopens the case: when the agency received the decision (default: the
    # decision date) and the period it sets for the new reply (default 20 working days).
    decision_received_on = serializers.DateField(required=False, allow_null=True, default=None)
    rereply_working_days = serializers.IntegerField(required=False, allow_null=True, default=None)


class ReviewDecideSerializer(StrictSerializer):
    # The full choice set (one enum in the schema); the service refuses "pending" with a 400.
    result = serializers.ChoiceField(choices=ReviewResult.choices)
    decided_on = serializers.DateField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    decision_received_on = serializers.DateField(required=False, allow_null=True, default=None)
    rereply_working_days = serializers.IntegerField(required=False, allow_null=True, default=None)

from datetime import date

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from clock.models import MAX_YEAR, MIN_YEAR
from clock.store import add_working_days

MAX_DAYS = 366


class AddWorkingDaysQuerySerializer(serializers.Serializer):
    start = serializers.DateField(
        help_text=_("起始日期（不计入），YYYY-MM-DD。"),
        input_formats=["iso-8601"],
        error_messages={
            "required": _("请提供起始日期 start。"),
            "invalid": _("起始日期无效，应为真实存在的日期，格式 YYYY-MM-DD，如 2023-09-28。"),
            "datetime": _("起始日期只能是日期，不能带时间。"),
        },
    )
    days = serializers.IntegerField(
        help_text=_("工作日天数，0 至 366。"),
        min_value=0,
        max_value=MAX_DAYS,
        error_messages={
            "required": _("请提供工作日天数 days。"),
            "invalid": _("工作日天数必须是整数。"),
            "max_string_length": _("工作日天数必须是整数。"),
            "min_value": _("工作日天数不能为负数。"),
            "max_value": _("工作日天数不能超过 {max_value}。"),
        },
    )

    def validate_start(self, value: date) -> date:
        # Far-off dates would overflow the date arithmetic; no case ever needs them.
        if not MIN_YEAR <= value.year < MAX_YEAR:
            raise serializers.ValidationError(
                _("起始日期须在 %(min)d 年至 %(max)d 年之间。")
                % {"min": MIN_YEAR, "max": MAX_YEAR - 1}
            )
        return value


class AddWorkingDaysResultSerializer(serializers.Serializer):
    date = serializers.DateField(help_text=_("第 days 个工作日。"))
    provisional = serializers.BooleanField(
        help_text=_("起止日期之间有放假安排尚未确认的年度时为 true。")
    )


class AddWorkingDaysView(APIView):
    """The n-th working day strictly after a date (the start day is not counted)."""

    @extend_schema(
        parameters=[AddWorkingDaysQuerySerializer],
        responses={200: AddWorkingDaysResultSerializer},
    )
    def get(self, request):
        query = AddWorkingDaysQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        result, provisional = add_working_days(
            query.validated_data["start"], query.validated_data["days"]
        )
        return Response(
            AddWorkingDaysResultSerializer({"date": result, "provisional": provisional}).data
        )

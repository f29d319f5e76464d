"""The auditor's case search: the register's search (cases.filters) and what auditors ask
besides: applicant, year of receipt, decision (a code or a group), timeliness and the
department that assisted. Filtered in SQL; the department list costs a query only when a
department is chosen."""

from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from agencies.models import Department
from cases.filters import CaseFilterForm, CaseSearchFilter
from rules.states import OPEN_STATES, Decision
from workflow.models import Task

DECISION_GROUPS = ("withheld", "unavailable", "not_processed", "other")

DECISION_CHOICES = [
    (
        _("按类别"),
        [
            ("withheld", _("不予公开（全部）")),
            ("unavailable", _("无法提供（全部）")),
            ("not_processed", _("不予处理（全部）")),
            ("other", _("其他处理（全部）")),
        ],
    ),
    (_("按结果"), list(Decision.choices)),
]


def agency_departments(request):
    membership = getattr(getattr(request, "user", None), "membership", None)
    if membership is None:
        return Department.objects.none()
    return Department.objects.filter(agency_id=membership.agency_id)


class YearFilter(filters.Filter):
    field_class = forms.IntegerField


class AuditSearchForm(CaseFilterForm):
    field_order = [
        "q", "applicant", "year", "status", "decision", "timeliness", "department",
        "late_entry", "replied_late",
    ]


class AuditCaseFilter(CaseSearchFilter):
    applicant = filters.CharFilter(
        method="filter_applicant", label=_("申请人（姓名或证件号码）"), max_length=100
    )
    year = YearFilter(
        field_name="received_on",
        lookup_expr="year",
        label=_("年度"),
        min_value=2000,
        max_value=2100,
    )
    decision = filters.ChoiceFilter(
        method="filter_decision",
        label=_("办理结果"),
        choices=DECISION_CHOICES,
        empty_label=_("全部"),
    )
    timeliness = filters.ChoiceFilter(
        method="filter_timeliness",
        label=_("是否按期"),
        choices=[("on_time", _("按期办结")), ("late", _("逾期"))],
        empty_label=_("全部"),
    )
    department = filters.ModelChoiceFilter(
        method="filter_department", label=_("协办部门"), queryset=agency_departments
    )

    class Meta(CaseSearchFilter.Meta):
        fields = [
            "q", "applicant", "year", "status", "decision", "timeliness", "department",
            "late_entry", "replied_late",
        ]
        form = AuditSearchForm

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["q"].label = _("编号或关键词")
        self.filters["q"].extra.pop("help_text", None)

    def filter_applicant(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(applicant__name__icontains=value) | Q(applicant__id_number=value.upper())
        )

    def filter_decision(self, queryset, name, value):
        if value in DECISION_GROUPS:
            return queryset.filter(decision__startswith=f"{value}.")
        return queryset.filter(decision=value)

    def filter_timeliness(self, queryset, name, value):
        if value == "on_time":
            return queryset.filter(concluded_on__isnull=False, concluded_on__lte=F("reply_due"))
        return queryset.filter(
            Q(concluded_on__gt=F("reply_due"))
            | Q(status__in=OPEN_STATES, reply_due__lt=timezone.localdate())
        )

    def filter_department(self, queryset, name, value):
        return queryset.filter(Exists(Task.objects.filter(case=OuterRef("pk"), department=value)))

"""The case filters: one definition for the API list, the web list and the auditor's search.

``CaseSearchFilter`` holds what every case search takes (``q``, ``status``); ``CaseFilter``
adds the deadline filters of the case list (api.md: ``?status=&q=&overdue=true&due_before=``,
and the web list's ``due_soon``); the auditor's search extends the base (audit.filters).
Everything is filtered in SQL, and no filter costs a query of its own, so the lists keep
their constant query counts. Invalid values are field errors: a 400 on the API (the
DjangoFilterBackend), a message beside the field on the web.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from cases.models import Case
from cases.search import search_cases
from cases.selectors import due_soon_cutoff, due_soon_q
from infra.forms import NormalizedForm
from rules.states import OPEN_STATES, Status
from workflow.models import Event

TRUE_WORDS = frozenset({"true", "on", "1", "yes"})
FALSE_WORDS = frozenset({"", "false", "off", "0", "no"})


def parse_flag(value) -> bool | None:
    """A query-string flag: ``true``/``on``/``1`` (an API client or a ticked checkbox),
    ``false``/``off``/``0`` or empty; anything else is ``None`` (not a flag)."""
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None


class FlagInput(forms.CheckboxInput):
    """A checkbox that hands the raw value to its field, so that ``overdue=maybe`` is an error
    rather than silently true."""

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, check_test=lambda value: parse_flag(value) is True)

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class FlagField(forms.Field):
    widget = FlagInput
    default_error_messages = {"invalid": _("请填写 true 或 false。")}

    def to_python(self, value) -> bool:
        flag = parse_flag(value)
        if flag is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return flag


@extend_schema_field(OpenApiTypes.BOOL)
class FlagFilter(filters.Filter):
    field_class = FlagField


class CaseFilterForm(NormalizedForm, forms.Form):
    """The filters' form: input normalised like every other form (infra.forms)."""


class CaseSearchFilter(filters.FilterSet):
    """What every case search takes: free text (cases.search) and the state."""

    q = filters.CharFilter(
        method="filter_q",
        label=_("搜索"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("编号、申请人姓名或名称、信息描述中的文字，或完整的证件号码。"),
    )
    status = filters.ChoiceFilter(choices=Status.choices, label=_("状态"), empty_label=_("全部"))
    late_entry = FlagFilter(method="filter_late_entry", label=_("含补录记录"))
    replied_late = FlagFilter(method="filter_replied_late", label=_("逾期答复"))

    class Meta:
        model = Case
        fields = ["q", "status", "late_entry", "replied_late"]
        form = CaseFilterForm

    def filter_q(self, queryset, name, value):
        return search_cases(queryset, value)

    def filter_late_entry(self, queryset, name, value):
        """Cases with an after-the-fact entry (补录) in their trail (api.md)."""
        if not value:
            return queryset
        return queryset.filter(
            Exists(Event.objects.filter(case=OuterRef("pk"), payload__late_entry=True))
        )

    def filter_replied_late(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(replied_on__gt=F("reply_due"))

    @property
    def filtered(self) -> bool:
        """Whether any filter narrows the list (the page offers to clear them)."""
        return self.is_bound and any(
            value not in (None, "", False) for value in self.form.cleaned_data.values()
        )


class CaseFilter(CaseSearchFilter):
    """The case list's filters, on the page and in the API."""

    due_soon = FlagFilter(method="filter_due_soon", label=_("即将到期（3个工作日内）"))
    overdue = FlagFilter(method="filter_overdue", label=_("已逾期"))
    due_before = filters.DateFilter(
        method="filter_due_before", label=_("到期日不晚于"), widget=forms.HiddenInput
    )

    # 我的案件: the cases whose 承办人 is the user (api.md ``?mine=true``; the web's ``scope``).
    mine = FlagFilter(method="filter_mine", label=_("只看我的案件"), widget=forms.HiddenInput)
    scope = filters.ChoiceFilter(
        method="filter_scope", label=_("范围"), empty_label=None,
        choices=[("mine", _("我的案件")), ("all", _("全部案件"))],
    )

    class Meta(CaseSearchFilter.Meta):
        fields = [
            "q", "status", "due_soon", "overdue", "due_before", "late_entry", "replied_late",
            "mine", "scope",
        ]

    def __init__(
        self, *args, calendar=None, ids_first: bool = False, default_scope="all", **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.calendar = calendar  # the page already holds it: no second revision query
        # A list that reads its page ids first (cases.search.list_source) searches ``q`` itself.
        self.ids_first = ids_first
        self.default_scope = default_scope

    def filter_q(self, queryset, name, value):
        return queryset if self.ids_first else super().filter_q(queryset, name, value)

    @property
    def filtered(self) -> bool:
        if not self.is_bound:
            return False
        data = dict(self.form.cleaned_data)
        if data.pop("scope", None) not in (None, "", self.default_scope):
            return True
        return any(value not in (None, "", False) for value in data.values())

    def _mine(self, queryset):
        user = getattr(self.request, "user", None)
        return queryset.handled_by(user) if user is not None else queryset.none()

    def filter_mine(self, queryset, name, value):
        return self._mine(queryset) if value else queryset

    def filter_scope(self, queryset, name, value):
        return self._mine(queryset) if value == "mine" else queryset

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status__in=OPEN_STATES, reply_due__lt=timezone.localdate())

    def filter_due_soon(self, queryset, name, value):
        if not value:
            return queryset
        today = timezone.localdate()
        cutoff = due_soon_cutoff(today, self.calendar)
        return queryset.filter(due_soon_q(today, cutoff), status__in=OPEN_STATES)

    def filter_due_before(self, queryset, name, value):
        return queryset.filter(status__in=OPEN_STATES, reply_due__lte=value)

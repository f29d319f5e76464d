"""Calendar admin. Every write goes through clock.services (revision bump and recompute of
open cases' due dates); nothing here saves a calendar row itself."""

from django.contrib import admin, messages
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.models import Role
from agencies.roles import role_of
from clock import services
from clock.models import CalendarDay, CalendarYear, YearStatus
from clock.seed import DaySpec


class CalendarAccess:
    """The working-day calendar is national and shared by every agency, so only system
    administrators (superusers) keep it, or users given the clock model permissions
    explicitly; agency admins may look at it."""

    def _keeps_calendar(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_superuser

    def _reads_calendar(self, request) -> bool:
        return self._keeps_calendar(request) or (
            request.user.is_active and role_of(request.user) == Role.AGENCY_ADMIN
        )

    def has_module_permission(self, request):
        return self._reads_calendar(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._reads_calendar(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._keeps_calendar(request) or super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._keeps_calendar(request) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._keeps_calendar(request) or super().has_delete_permission(request, obj)


class DaysOfYearFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        year = self.instance.year
        for form in self.forms:
            day = form.cleaned_data.get("date") if hasattr(form, "cleaned_data") else None
            if day and year and day.year != year and not self._should_delete_form(form):
                form.add_error("date", gettext("日期不在 %(year)s 年内。") % {"year": year})


class CalendarDayInline(CalendarAccess, admin.TabularInline):
    model = CalendarDay
    formset = DaysOfYearFormSet
    fields = ["date", "kind", "name"]
    extra = 0
    ordering = ["date"]


@admin.register(CalendarYear)
class CalendarYearAdmin(CalendarAccess, admin.ModelAdmin):
    list_display = ["year", "status", "source", "day_count", "confirmed_by", "confirmed_at"]
    list_filter = ["status"]
    list_select_related = ["confirmed_by"]
    fields = ["year", "status", "source", "confirmed_by", "confirmed_at"]
    readonly_fields = ["confirmed_by", "confirmed_at"]
    inlines = [CalendarDayInline]
    actions = ["confirm_years"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(day_count=Count("days"))

    @admin.display(description=_("登记天数"), ordering="day_count")
    def day_count(self, obj) -> int:
        return obj.day_count

    def get_readonly_fields(self, request, obj=None):
        # A year's number is its identity: its days hang on it.
        return [*self.readonly_fields, "year"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        saved = services.save_year(
            year=obj.year, status=obj.status, source=obj.source, actor=request.user
        )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        removed, stored = [], []
        # What formset.save() would report, for the admin's change message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for day_form in formset.forms:
            old = day_form.initial.get("date")
            if formset._should_delete_form(day_form):
                if old:
                    removed.append(old)
                    formset.deleted_objects.append(day_form.instance)
                continue
            if not day_form.has_changed():
                continue
            data = day_form.cleaned_data
            if old and old != data["date"]:
                removed.append(old)
            stored.append(DaySpec(data["date"], data["kind"], data["name"]))
            if old:
                formset.changed_objects.append((day_form.instance, day_form.changed_data))
            else:
                formset.new_objects.append(day_form.instance)
        if removed or stored:
            services.apply_changes(set_days=stored, delete_dates=removed)

    def delete_model(self, request, obj):
        services.delete_years(years=[obj.year])

    def delete_queryset(self, request, queryset):
        services.delete_years(years=list(queryset.values_list("year", flat=True)))

    @admin.action(description=_("确认为正式安排"))
    def confirm_years(self, request, queryset):
        years = list(queryset.exclude(status=YearStatus.OFFICIAL).values_list("year", flat=True))
        for year in years:
            services.confirm_year(year=year, actor=request.user)
        self.message_user(
            request,
            gettext("已确认 %(n)d 个年度为正式安排。") % {"n": len(years)},
            messages.SUCCESS,
        )


@admin.register(CalendarDay)
class CalendarDayAdmin(CalendarAccess, admin.ModelAdmin):
    list_display = ["date", "weekday", "kind", "name", "year"]
    list_filter = ["year", "kind"]
    search_fields = ["name"]
    date_hierarchy = "date"
    fields = ["date", "kind", "name"]
    list_select_related = ["year"]

    @admin.display(description=_("星期"))
    def weekday(self, obj) -> str:
        return "一二三四五六日"[obj.date.weekday()]

    def save_model(self, request, obj, form, change):
        saved = services.set_day(
            day=obj.date, kind=obj.kind, name=obj.name,
            previous=form.initial.get("date") if change else None,
        )
        obj.pk, obj.year_id = saved.pk, saved.year_id

    def delete_model(self, request, obj):
        services.delete_day(day=obj.date)

    def delete_queryset(self, request, queryset):
        services.apply_changes(delete_dates=list(queryset.values_list("date", flat=True)))

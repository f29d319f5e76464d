from django.contrib import admin, messages

from agencies.forms import AgencyAdminForm, remedy_warnings
from agencies.models import Agency, Department


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


class OwnAgencyMixin:
    """Agency admins manage their own agency only; superusers see everything. Every
    dropdown of an agency (or department) offers only the admin's own, and list filters by
    agency are for the platform administrator."""

    agency_path = "agency"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        membership = getattr(request.user, "membership", None)
        if membership is None:
            return qs.none()
        return qs.filter(**{self.agency_path: membership.agency_id})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser and db_field.related_model in (Agency, Department):
            membership = getattr(request.user, "membership", None)
            agency_id = membership.agency_id if membership else None
            lookup = "pk" if db_field.related_model is Agency else "agency_id"
            kwargs["queryset"] = db_field.related_model.objects.filter(**{lookup: agency_id})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [f for f in filters if f not in ("agency",)]


@admin.register(Agency)
class AgencyAdmin(OwnAgencyMixin, admin.ModelAdmin):
    agency_path = "pk"
    form = AgencyAdminForm
    list_display = ["name", "short_name", "level", "reconsideration_body", "court"]
    search_fields = ["name", "short_name"]
    inlines = [DepartmentInline]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The remedy clause of every reply names these bodies: say at once if they look wrong.
        if request.method == "GET":
            agency = self.get_object(request, object_id)
            if agency is not None:
                self._warn(request, agency)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._warn(request, obj)

    @staticmethod
    def _warn(request, agency) -> None:
        for problem in remedy_warnings(agency):
            messages.warning(request, f"救济条款核对：{problem}")


@admin.register(Department)
class DepartmentAdmin(OwnAgencyMixin, admin.ModelAdmin):
    list_display = ["name", "agency", "active"]
    list_filter = ["agency", "active"]
    search_fields = ["name"]


admin.site.site_header = "依申请公开办理系统 · 管理"
admin.site.site_title = "依申请公开办理系统"
admin.site.index_title = "系统管理"

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from guardian.admin import GuardedModelAdmin

from agencies.models import Agency, Department, Membership


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


class OwnAgencyMixin:
    """Agency admins manage their own agency only; superusers see everything."""

    agency_path = "agency"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        membership = getattr(request.user, "membership", None)
        if membership is None:
            return qs.none()
        return qs.filter(**{self.agency_path: membership.agency_id})


@admin.register(Agency)
class AgencyAdmin(OwnAgencyMixin, GuardedModelAdmin):
    agency_path = "pk"
    list_display = ["name", "short_name", "reconsideration_body", "court"]
    search_fields = ["name", "short_name"]
    inlines = [DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(OwnAgencyMixin, admin.ModelAdmin):
    list_display = ["name", "agency", "active"]
    list_filter = ["agency", "active"]
    search_fields = ["name"]


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    fk_name = "user"


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(OwnAgencyMixin, BaseUserAdmin):
    agency_path = "membership__agency"
    inlines = [MembershipInline]
    list_display = ["username", "last_name", "first_name", "is_active", "is_staff"]
    list_select_related = ["membership"]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        # Roles come from the membership; only superusers hand out raw permissions.
        return ["is_superuser", "is_staff", "groups", "user_permissions", "last_login"]


admin.site.site_header = "依申请公开办理系统 · 管理"
admin.site.site_title = "依申请公开办理系统"
admin.site.index_title = "系统管理"

"""The user admin: the platform administrator manages everyone; an agency administrator only
the staff of their own agency (accounts.access), with every dropdown limited to that agency.
Every change goes through accounts.services, so each one is checked again and recorded."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet

from accounts import access, services
from accounts.models import AccountEvent, EventKind
from agencies.models import Membership

User = get_user_model()


class MembershipFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data.get("agency") or data.get("DELETE"):
                continue
            try:
                access.check_assignment(
                    self.actor,
                    user=self.instance,
                    agency=data["agency"],
                    role=data.get("role"),
                    department=data.get("department"),
                )
            except PermissionDenied as exc:
                form.add_error(None, str(exc))


class MembershipInline(admin.StackedInline):
    model = Membership
    formset = MembershipFormSet
    can_delete = False
    fk_name = "user"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.actor = request.user
        if not request.user.is_superuser:
            # Every account an agency admin creates belongs to their agency.
            formset.min_num, formset.validate_min = 1, True
        return formset

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.pk == request.user.pk and not request.user.is_superuser:
            return ["agency", "role", "department"]
        return super().get_readonly_fields(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            kwargs["queryset"] = access.assignable_agencies(request.user)
            if not request.user.is_superuser:
                kwargs["initial"] = access.admin_agency_id(request.user)
        elif db_field.name == "department":
            kwargs["queryset"] = access.assignable_departments(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = [("", "---------"), *access.assignable_roles(request.user)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "last_name", "first_name", "is_active", "is_staff"]
    list_select_related = ["membership"]

    def get_queryset(self, request):
        return access.manageable_users(request.user)

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return super().get_list_filter(request)
        return ["is_active"]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        # Roles come from the membership; only the platform admin hands out raw permissions.
        return [
            "is_superuser",
            "is_staff",
            "groups",
            "user_permissions",
            "last_login",
            "date_joined",
        ]

    def save_model(self, request, obj, form, change):
        before = User.objects.filter(pk=obj.pk).values("is_active", "is_superuser").first()
        wanted_active, wanted_super = obj.is_active, obj.is_superuser
        if before is not None:
            # Activation and the superuser flag change through the services (recorded).
            obj.is_active, obj.is_superuser = before["is_active"], before["is_superuser"]
        super().save_model(request, obj, form, change)
        if before is None:
            return  # recorded in save_related, once the membership exists
        if wanted_active != before["is_active"]:
            services.set_active(
                actor=request.user, user=obj, active=wanted_active, request=request, channel="admin"
            )
        if wanted_super != before["is_superuser"]:
            services.set_superuser(
                actor=request.user, user=obj, value=wanted_super, request=request
            )
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            return
        user = form.instance
        services.record(
            EventKind.STAFF_CREATED, user=user, actor=request.user, request=request, channel="admin"
        )
        if user.has_usable_password():
            # A password someone else chose: to be changed at the first sign-in.
            services.record(
                EventKind.PASSWORD_SET,
                user=user,
                actor=request.user,
                request=request,
                channel="admin",
            )
        if user.is_superuser:
            services.record(
                EventKind.SUPERUSER_GRANTED,
                user=user,
                actor=request.user,
                request=request,
                channel="admin",
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        for inline_form in formset.forms:
            data = getattr(inline_form, "cleaned_data", None) or {}
            if not data.get("agency") or (change and not inline_form.has_changed()):
                continue
            services.set_membership(
                actor=request.user,
                user=form.instance,
                agency=data["agency"],
                role=data["role"],
                department=data.get("department"),
                request=request,
                channel="admin",
            )
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            if user is not None:
                services.revoke_tokens(
                    user=user, actor=request.user, request=request, reason="password_set"
                )
                services.record(
                    EventKind.PASSWORD_SET,
                    user=user,
                    actor=request.user,
                    request=request,
                    channel="admin",
                )
        return response


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin):
    """The whole account log, for the platform administrator; read-only."""

    list_display = [
        "at",
        "kind",
        "username",
        "actor_username",
        "agency",
        "role",
        "previous_role",
        "ip_address",
        "channel",
    ]
    list_filter = ["kind", "channel", "agency"]
    search_fields = ["username", "actor_username", "ip_address"]
    list_select_related = ["agency"]
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

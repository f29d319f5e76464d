"""The case record in the Django admin: read-only. A case changes only through the services
(each change leaves an audit event); an archived case not at all (workflow.sealing). Each app
registers its own models with :class:`ReadOnlyAdmin`."""

from django.contrib import admin

from agencies.admin import OwnAgencyMixin
from cases.models import Applicant, Attachment, Case


class ReadOnlyAdmin(OwnAgencyMixin, admin.ModelAdmin):
    agency_path = "case__agency"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    agency_path = "agency"
    list_display = ["number", "applicant", "status", "received_on", "decision", "archived_at"]
    list_filter = ["status", "year"]
    search_fields = ["number", "applicant__name"]
    list_select_related = ["applicant"]


@admin.register(Applicant)
class ApplicantAdmin(ReadOnlyAdmin):
    agency_path = "case__agency"
    list_display = ["name", "kind", "id_type"]
    search_fields = ["name"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "case", "kind", "size", "uploaded_at"]
    list_select_related = ["case"]

"""The case record in the Django admin: read-only. A case changes only through the services
(each change leaves an audit event); an archived case not at all (workflow.sealing)."""

from django.contrib import admin

from agencies.admin import OwnAgencyMixin
from audit.models import ArchiveNote, AuditView
from cases.models import Applicant, Attachment, Case
from letters.models import CaseFile, Letter
from workflow.models import Consultation, Event, FeeNotice, Task


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


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["case", "department", "due_on", "status"]
    list_select_related = ["case", "department"]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ["case", "name", "kind", "sent_on", "answered_on"]
    list_select_related = ["case"]


@admin.register(FeeNotice)
class FeeNoticeAdmin(ReadOnlyAdmin):
    list_display = ["case", "method", "amount", "notice_on", "paid_on"]
    list_select_related = ["case"]


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ["title", "number", "case", "issued_on"]
    list_select_related = ["case"]
    search_fields = ["number", "case__number"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["case", "seq", "name", "actor", "at"]
    list_select_related = ["case", "actor"]


@admin.register(CaseFile)
class CaseFileAdmin(ReadOnlyAdmin):
    list_display = ["case", "page_count", "built_at", "sha256"]
    list_select_related = ["case"]


@admin.register(ArchiveNote)
class ArchiveNoteAdmin(ReadOnlyAdmin):
    list_display = ["number", "case", "author", "created_at"]
    list_select_related = ["case", "author"]


@admin.register(AuditView)
class AuditViewAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "case", "what"]
    list_filter = ["what"]
    list_select_related = ["case", "user"]

"""Archive notes and auditors' reads in the Django admin: read-only
(``cases.admin.ReadOnlyAdmin``)."""

from django.contrib import admin

from audit.models import ArchiveNote, AuditView
from cases.admin import ReadOnlyAdmin


@admin.register(ArchiveNote)
class ArchiveNoteAdmin(ReadOnlyAdmin):
    list_display = ["number", "case", "author", "created_at"]
    list_select_related = ["case", "author"]


@admin.register(AuditView)
class AuditViewAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "case", "what"]
    list_filter = ["what"]
    list_select_related = ["case", "user"]

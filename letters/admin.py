"""Issued letters and case files in the Django admin: read-only (``cases.admin.ReadOnlyAdmin``)."""

from django.contrib import admin

from cases.admin import ReadOnlyAdmin
from letters.models import CaseFile, Letter


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ["title", "number", "case", "issued_on"]
    list_select_related = ["case"]
    search_fields = ["number", "case__number"]


@admin.register(CaseFile)
class CaseFileAdmin(ReadOnlyAdmin):
    list_display = ["case", "status", "page_count", "built_at", "sha256"]
    list_select_related = ["case"]

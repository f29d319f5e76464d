"""Archive notes, auditors' reads and the chains' anchors in the Django admin: read-only
(``cases.admin.ReadOnlyAdmin``). Anchors are the platform admin's, who exports them (CSV) to
keep a copy outside the database."""

import io

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.anchors import write_csv
from audit.models import ArchiveNote, AuditView, ChainAnchor
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


@admin.register(ChainAnchor)
class ChainAnchorAdmin(ReadOnlyAdmin):
    agency_path = "agency"
    list_display = ["created_at", "agency", "seq", "cases", "read_seq", "hash"]
    list_filter = ["agency"]
    list_select_related = ["agency"]
    actions = ["export_csv"]

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    @admin.action(description=_("导出所选锚点（CSV）"))
    def export_csv(self, request, queryset):
        buffer = io.StringIO()
        write_csv(buffer, queryset.select_related("agency").order_by("agency_id", "seq"))
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="anchors-{stamp}.csv"'
        response["Cache-Control"] = "no-store"
        return response

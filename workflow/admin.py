"""The workflow's records in the Django admin: read-only (``cases.admin.ReadOnlyAdmin``)."""

from django.contrib import admin

from cases.admin import ReadOnlyAdmin
from workflow.models import Consultation, Event, FeeNotice, Task


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


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["case", "seq", "name", "actor", "at"]
    list_select_related = ["case", "actor"]

from django.contrib import admin

from .models import LifecycleEntry, QuadrennialReport, ReportReminder


@admin.register(QuadrennialReport)
class QuadrennialReportAdmin(admin.ModelAdmin):
    list_display = ("organisation", "period_start", "period_end", "due_on", "state", "submitted_on")
    list_filter = ("state",)
    search_fields = ("organisation__name", "organisation__acronym")
    list_select_related = ("organisation",)
    raw_id_fields = ("organisation", "submitted_by", "session")
    readonly_fields = ("state",)  # changed only through the workflow


@admin.register(ReportReminder)
class ReportReminderAdmin(admin.ModelAdmin):
    list_display = ("organisation", "report", "step", "due_on", "created_at", "emailed_at", "recipients")
    list_filter = ("step",)
    search_fields = ("organisation__name",)
    list_select_related = ("organisation", "report")
    raw_id_fields = ("organisation", "report")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LifecycleEntry)
class LifecycleEntryAdmin(admin.ModelAdmin):
    list_display = ("session", "organisation", "kind", "state", "decision", "published_at")
    list_filter = ("kind", "state", "decision")
    list_select_related = ("session", "organisation")
    raw_id_fields = ("organisation", "report", "decided_by")
    readonly_fields = ("state",)

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox
from .admin_i18n import TranslatedReferenceAdmin
from .models import AuditEntry, Country, Heartbeat, OutboxMessage, User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ("username", "email", "role", "is_active", "email_verified_at")
    list_filter = ("role", "is_active")
    fieldsets = UserAdmin.fieldsets + (("Portal", {"fields": ("role", "preferred_language", "email_verified_at")}),)
    add_fieldsets = UserAdmin.add_fieldsets + (("Portal", {"fields": ("email", "role")}),)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "object_repr", "from_state", "to_state")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "reason", "action")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(Heartbeat)


@admin.register(Country)
class CountryAdmin(TranslatedReferenceAdmin):
    list_display = ("iso2", "name", "region", "subregion", "developing", "ldc")
    list_filter = ("region", "developing", "ldc", "lldc", "sids")
    search_fields = ("name", "iso2", "iso3")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """The outbox for staff: what waits, what failed and why; "retry now".
    E-mail bodies are not shown (they may hold password-reset links)."""

    list_display = ("created_at", "kind", "what", "state", "attempts", "next_attempt_at", "short_error", "sent_at")
    list_filter = ("state", "kind", "task_name")
    search_fields = ("key", "subject", "task_name", "last_error")
    date_hierarchy = "created_at"
    ordering = ("-pk",)
    actions = ["retry_now"]
    fields = ("key", "kind", "state", "task_name", "args", "kwargs", "to", "subject", "on_sent", "on_sent_args",
              "created_at", "attempts", "next_attempt_at", "locked_until", "last_error", "sent_at")
    readonly_fields = fields

    @admin.display(description=_("what"))
    def what(self, obj):
        if obj.kind == OutboxMessage.Kind.EMAIL:
            return f"{Truncator(obj.subject).chars(60)} → {', '.join(obj.to)}"
        return obj.task_name

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return Truncator(obj.last_error).chars(80)

    @admin.action(description=_("Retry now"), permissions=["view"])
    def retry_now(self, request, queryset):
        n = outbox.retry_now(queryset)
        self.message_user(request, ngettext("%(n)d message will be sent again now.",
                                            "%(n)d messages will be sent again now.", n) % {"n": n},
                          messages.SUCCESS if n else messages.WARNING)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

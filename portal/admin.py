from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .admin_i18n import TranslatedReferenceAdmin
from .models import AuditEntry, Country, Heartbeat, User


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

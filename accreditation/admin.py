from django.contrib import admin

from .models import Organisation, OrganisationMembership


class MembershipInline(admin.TabularInline):
    model = OrganisationMembership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "country")
    search_fields = ("name", "acronym")
    inlines = [MembershipInline]

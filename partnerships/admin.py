from django.contrib import admin

from portal.admin_i18n import TranslatedReferenceAdmin

from .models import (
    AdvisoryCommittee,
    Agency,
    CommitteeMeeting,
    CommitteeMember,
    CountryTeam,
    Engagement,
    Inquiry,
    Measure,
    Proposal,
    RosterEntry,
    RoutingRule,
    Unit,
)


@admin.register(Unit)
class UnitAdmin(TranslatedReferenceAdmin):
    list_display = ["name", "code", "email"]
    filter_horizontal = ["staff"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["position", "topic", "keyword", "unit"]
    list_editable = ["topic", "keyword", "unit"]
    list_select_related = ["unit"]


@admin.register(CountryTeam)
class CountryTeamAdmin(admin.ModelAdmin):
    list_display = ["country", "resident_coordinator", "focal_point"]
    list_select_related = ["country", "focal_point"]
    raw_id_fields = ["focal_point"]
    filter_horizontal = ["agencies"]


@admin.register(Agency)
class AgencyAdmin(TranslatedReferenceAdmin):
    list_display = ["code", "name"]


@admin.register(RosterEntry)
class RosterEntryAdmin(admin.ModelAdmin):
    list_display = ["team", "organisation", "added_at"]
    list_select_related = ["team__country", "organisation"]
    raw_id_fields = ["organisation", "added_by"]


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ["held_on", "kind", "title", "team"]
    list_filter = ["kind"]
    list_select_related = ["team__country"]
    raw_id_fields = ["organisations", "recorded_by"]


class MemberInline(admin.TabularInline):
    model = CommitteeMember
    raw_id_fields = ["organisation"]
    extra = 0


class MeetingInline(admin.StackedInline):
    model = CommitteeMeeting
    extra = 0


@admin.register(AdvisoryCommittee)
class AdvisoryCommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "team", "established_on"]
    inlines = [MemberInline, MeetingInline]


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    """Read-only: inquiries move only through their workflow (the pages and API)."""

    list_display = ["reference", "organisation", "unit", "state", "created_at"]
    list_filter = ["state", "unit"]
    list_select_related = ["organisation", "unit"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Proposal)
class ProposalAdmin(TranslatedReferenceAdmin):
    list_display = ["number", "title", "status", "unit"]
    readonly_fields = ["status"]


@admin.register(Measure)
class MeasureAdmin(TranslatedReferenceAdmin):
    list_display = ["title", "status", "unit"]
    readonly_fields = ["status"]
    filter_horizontal = ["proposals"]

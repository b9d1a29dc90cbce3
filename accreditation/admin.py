from django.contrib import admin

from portal.admin_i18n import TranslatedReferenceAdmin, TranslatedReferenceInline

from .models import (
    Application,
    AreaOfExpertise,
    Body,
    CodeOfConduct,
    Committee,
    ConsolidatedList,
    CriteriaSet,
    Criterion,
    Decision,
    FundingSource,
    Network,
    Organisation,
    OrganisationChange,
    OrganisationMembership,
    Session,
    StatusChange,
)


class MembershipInline(admin.TabularInline):
    model = OrganisationMembership
    extra = 0
    raw_id_fields = ("user",)


class FundingSourceInline(admin.TabularInline):
    model = FundingSource
    extra = 0


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("effective_on", "from_category", "to_category", "from_state", "to_state", "reason")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "country", "entity_kind", "profile_state", "status_category", "status_state")
    list_filter = ("entity_kind", "profile_state", "status_category", "status_state")
    search_fields = ("name", "name_en_fr", "acronym")
    raw_id_fields = ("created_by",)
    autocomplete_fields = ("country",)
    # Status fields change only through the accreditation services (audited).
    readonly_fields = ("profile_state", "status_category", "status_state", "status_granted_on", "suspended_on",
                       "withdrawn_on", "dpi_associated_on")
    inlines = [MembershipInline, FundingSourceInline, StatusChangeInline]


@admin.register(AreaOfExpertise)
class AreaOfExpertiseAdmin(TranslatedReferenceAdmin):
    list_display = ("name", "code")


admin.site.register(Network)


@admin.register(Body)
class BodyAdmin(TranslatedReferenceAdmin):
    list_display = ("code", "name", "kind", "track", "deciding_committee", "deciding_body", "access_decision", "access_decided_on")
    list_filter = ("kind", "track")


@admin.register(Committee)
class CommitteeAdmin(TranslatedReferenceAdmin):
    list_display = ("code", "name", "adopting_body")
    filter_horizontal = ("members",)


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "starts_on", "ends_on")
    list_filter = ("committee", "kind", "year")


# Criteria are data, versioned per deciding body and edited by staff.

class CriterionInline(TranslatedReferenceInline):
    model = Criterion
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ("body", "version", "published_on")
    list_filter = ("body",)
    inlines = [CriterionInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only back-office view: every change goes through the services."""

    list_display = ("id", "organisation", "track", "state", "session", "officer", "received_on")
    list_filter = ("state", "track", "session")
    search_fields = ("organisation__name", "organisation__acronym")
    list_select_related = ("organisation", "session__committee", "officer")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ConsolidatedList)
class ConsolidatedListAdmin(admin.ModelAdmin):
    list_display = ("session", "version", "published_at")
    list_select_related = ("session__committee",)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("application", "session", "outcome", "state", "adopted_on")
    list_filter = ("state", "outcome", "session")
    list_select_related = ("application__organisation", "session__committee")

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(OrganisationChange)


@admin.register(CodeOfConduct)
class CodeOfConductAdmin(TranslatedReferenceAdmin):
    list_display = ("body", "decision", "adopted_on")

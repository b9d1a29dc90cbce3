from django.contrib import admin

from portal.admin_i18n import TranslatedReferenceAdmin

from .models import (
    BoardReview,
    CapacityInitiative,
    Contribution,
    Donor,
    FourEyesApproval,
    Fund,
    GrantApplication,
    GrantCall,
    LedgerEntry,
)


@admin.register(Donor)
class DonorAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country")
    list_filter = ("kind",)
    search_fields = ("name",)
    filter_horizontal = ("users",)


@admin.register(Fund)
class FundAdmin(TranslatedReferenceAdmin):
    list_display = ("name", "code", "kind", "managed_by")
    filter_horizontal = ("working_group",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Money moves only through the services (and the ledger is append-only)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ("received_on", "donor", "fund", "amount", "currency", "rate_to_usd", "amount_usd")
    list_select_related = ("donor", "fund")
    list_filter = ("fund",)


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ("occurred_on", "fund", "kind", "amount_usd", "application", "initiative", "purpose")
    list_select_related = ("fund",)
    list_filter = ("fund", "kind")


@admin.register(GrantCall)
class GrantCallAdmin(admin.ModelAdmin):
    list_display = ("title", "meeting", "opens_on", "closes_on", "budget_ceiling_usd")
    list_select_related = ("meeting",)


@admin.register(GrantApplication)
class GrantApplicationAdmin(ReadOnlyAdmin):
    list_display = ("id", "call", "organisation", "state", "requested_usd", "awarded_usd")
    list_select_related = ("call", "organisation")
    list_filter = ("state",)


@admin.register(BoardReview)
class BoardReviewAdmin(ReadOnlyAdmin):
    list_display = ("application", "member", "score", "recommendation")


@admin.register(CapacityInitiative)
class CapacityInitiativeAdmin(ReadOnlyAdmin):
    list_display = ("title", "country", "country_team", "state", "requested_usd", "approved_usd")
    list_select_related = ("country",)


@admin.register(FourEyesApproval)
class FourEyesApprovalAdmin(ReadOnlyAdmin):
    list_display = ("application", "kind", "purpose", "amount_usd", "state", "proposed_by", "decided_by",
                    "proposed_at")
    list_filter = ("kind", "state")
    list_select_related = ("proposed_by", "decided_by")

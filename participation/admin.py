from django.contrib import admin

from portal.admin_i18n import TranslatedReferenceAdmin

from .models import (
    Consultation,
    Designation,
    Invitation,
    Meeting,
    MeetingKind,
    ParticipationRight,
    Registration,
    Representative,
    SpeakingRequest,
    Statement,
)


@admin.register(MeetingKind)
class MeetingKindAdmin(TranslatedReferenceAdmin):
    list_display = ["name", "code", "invitation_only", "keeps_records"]


@admin.register(ParticipationRight)
class ParticipationRightAdmin(admin.ModelAdmin):
    list_display = ["body_kind", "participant", "right", "condition", "word_limit"]
    list_filter = ["body_kind", "participant", "right"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "body", "starts_on", "capacity", "per_organisation_cap"]
    list_filter = ["kind", "body"]
    list_select_related = ["kind", "body"]


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "organisation", "gender"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation", "user"]


@admin.register(Designation)
class DesignationAdmin(admin.ModelAdmin):
    list_display = ["representative", "organisation", "year", "role", "valid_until", "revoked_at"]
    list_select_related = ["representative", "organisation"]
    readonly_fields = ["organisation", "representative", "year", "role", "valid_until", "revoked_at"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["representative", "organisation", "meeting", "state", "checked_in_at"]
    list_filter = ["state"]
    list_select_related = ["representative", "organisation", "meeting"]
    readonly_fields = ["state", "badge_code", "checked_in_at"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "meeting", "word_count", "state"]
    list_select_related = ["organisation", "meeting"]
    readonly_fields = ["state"]


@admin.register(SpeakingRequest)
class SpeakingRequestAdmin(admin.ModelAdmin):
    list_display = ["speaker", "organisation", "meeting", "state", "position"]
    readonly_fields = ["state"]


admin.site.register(Consultation)
admin.site.register(Invitation)

"""Read queries for the partnerships pages and API: each a fixed number of
queries whatever the number of rows."""

from django.apps import apps
from django.db.models import Count, Min, Prefetch

from accreditation.models import EntityKind, Organisation, OrganisationMembership, StatusChange

from .models import (
    AdvisoryCommittee,
    CommitteeMeeting,
    CommitteeMember,
    CountryTeam,
    Engagement,
    Inquiry,
    InquiryMessage,
    RosterEntry,
)
from .search import public_organisations
from .workflow import OPEN_INQUIRY_STATES

ELECTED_KINDS = (EntityKind.PARLIAMENT, EntityKind.LOCAL_AUTHORITY, EntityKind.LOCAL_AUTHORITY_ASSOCIATION)


def directory_rows(qs):
    return qs.select_related("country").prefetch_related("areas")


def organisation_profile(pk):
    """A public organisation with everything its profile shows, or None."""
    return (public_organisations().select_related("country")
            .prefetch_related("areas", "countries_of_activity", "status_bodies", "networks",
                              Prefetch("status_changes", queryset=StatusChange.objects.order_by("-effective_on", "-id")))
            .filter(pk=pk).first())


def teams_for(user):
    qs = (CountryTeam.objects.select_related("country", "focal_point", "advisory_committee")
          .prefetch_related("agencies")
          .annotate(roster_count=Count("roster", distinct=True), engagement_count=Count("engagements", distinct=True))
          .order_by("country__name"))
    if user.has_perm("partnerships.view_liaison"):  # staff see every team
        return qs
    return qs.filter(focal_point=user)


def team_detail(pk):
    return (CountryTeam.objects.select_related("country", "focal_point", "advisory_committee")
            .prefetch_related("agencies",
                              Prefetch("roster", queryset=RosterEntry.objects.select_related("organisation")),
                              Prefetch("engagements", queryset=Engagement.objects.prefetch_related("organisations")))
            .filter(pk=pk).first())


def committee_detail(pk):
    return (AdvisoryCommittee.objects.select_related("team__country")
            .prefetch_related(Prefetch("members", queryset=CommitteeMember.objects.select_related("organisation")),
                              Prefetch("meetings", queryset=CommitteeMeeting.objects.all()))
            .filter(pk=pk).first())


def committees():
    return (AdvisoryCommittee.objects.select_related("team__country")
            .annotate(member_count=Count("members", distinct=True), meeting_count=Count("meetings", distinct=True))
            .order_by("team__country__name"))


def inquiries_for(user):
    qs = Inquiry.objects.select_related("organisation", "unit", "assigned_to", "submitted_by").order_by("-created_at", "-pk")
    if user.has_perm("partnerships.handle_inquiry"):
        return qs
    org_ids = OrganisationMembership.objects.filter(user=user).values("organisation_id")
    return qs.filter(organisation_id__in=org_ids)


def open_inquiries_oldest_first(unit=None):
    qs = Inquiry.objects.filter(state__in=OPEN_INQUIRY_STATES).select_related("organisation", "unit", "assigned_to")
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.order_by("created_at", "pk")


def inquiry_detail(pk):
    return (Inquiry.objects.select_related("organisation", "unit", "assigned_to", "submitted_by")
            .prefetch_related(Prefetch("messages", queryset=InquiryMessage.objects.select_related("author")))
            .filter(pk=pk).first())


def elected_representatives(kind=""):
    qs = (Organisation.objects.filter(entity_kind__in=ELECTED_KINDS).select_related("country")
          .annotate(engagement_count=Count("engagements", distinct=True),
                    seat_count=Count("advisory_seats", distinct=True),
                    first_engaged=Min("engagements__held_on")))
    if kind in ELECTED_KINDS:
        qs = qs.filter(entity_kind=kind)
    return qs.order_by("entity_kind", "name")


def registration_model():
    """participation.Registration when the participation app has it (built
    in parallel), with the name of its link to the organisation; else None."""
    try:
        model = apps.get_model("participation", "Registration")
    except LookupError:
        return None, None
    for f in model._meta.get_fields():
        if getattr(f, "related_model", None) is Organisation and f.many_to_one:
            return model, f.name
    return None, None


def participation_history(organisation):
    """What the portal knows of an entity's participation: engagement at
    country level, advisory committee seats and, when the participation app
    provides them, its meeting registrations."""
    engagements = list(Engagement.objects.filter(organisations=organisation).select_related("team__country"))
    seats = list(CommitteeMember.objects.filter(organisation=organisation).select_related("committee"))
    model, link = registration_model()
    registrations = None
    if model is not None:
        registrations = list(model.objects.filter(**{link: organisation}).order_by("-pk")[:100])
    return {"engagements": engagements, "seats": seats, "registrations": registrations,
            "participation_available": model is not None}


def inquiry_counts_by_state(qs):
    return dict(qs.values_list("state").annotate(n=Count("pk")).order_by())



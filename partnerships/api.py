"""REST face of partnerships: the public directory (read-only, no login),
country teams, advisory committees, inquiries (an organisation sees its own
only) and the reform tracker. Writes go through services.py."""

import functools

from django.core.paginator import Paginator as DjangoPaginator
from django.http import Http404
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accreditation.models import Organisation, StatusChange
from portal.api import LabelledModelSerializer, Pagination, RoleGate, WorkflowActionsField
from portal.params import ASCII_INTEGER
from portal.roles import Role

from . import selectors, services
from .models import (
    AdvisoryCommittee,
    CommitteeMeeting,
    CommitteeMember,
    CountryTeam,
    Engagement,
    Inquiry,
    InquiryMessage,
    InquiryTopic,
    Proposal,
)
from .search import DirectoryQuery, cached_count, cached_facets, ordered, search
from .workflow import INQUIRY, TRACKER

# --- directory ---------------------------------------------------------------

class StatusChangeSerializer(LabelledModelSerializer):
    class Meta:
        model = StatusChange
        fields = ["effective_on", "from_state", "to_state", "from_category", "to_category", "reason"]


class DirectoryOrganisationSerializer(LabelledModelSerializer):
    country = serializers.CharField(source="country_id", allow_null=True)
    country_name = serializers.CharField(source="country.name", default="")
    region = serializers.CharField(source="country.region", default="")
    areas = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "name_en_fr", "acronym", "entity_kind", "org_type", "country", "country_name",
                  "region", "hq_city", "status_category", "status_state", "status_granted_on",
                  "dpi_associated_on", "areas", "website"]


class DirectoryProfileSerializer(DirectoryOrganisationSerializer):
    countries_of_activity = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    status_bodies = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    status_history = StatusChangeSerializer(source="status_changes", many=True, read_only=True)

    class Meta(DirectoryOrganisationSerializer.Meta):
        fields = [*DirectoryOrganisationSerializer.Meta.fields, "countries_of_activity", "status_bodies",
                  "status_history"]


class _CachedCountPaginator(DjangoPaginator):
    """The directory's total comes from the cache the directory page keeps
    (the same query, the same directory version): no COUNT over 50,000 rows
    on every page of the API."""

    def __init__(self, object_list, per_page, *, count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._cached_count = count

    @cached_property
    def count(self):
        return self._cached_count() if self._cached_count else super().count


class DirectoryPagination(Pagination):
    def paginate_queryset(self, queryset, request, view=None):
        query = getattr(view, "directory_query", None)
        if query is not None:
            self.django_paginator_class = functools.partial(
                _CachedCountPaginator, count=lambda: cached_count(query, queryset))
        return super().paginate_queryset(queryset, request, view)


class DirectoryViewSet(viewsets.ReadOnlyModelViewSet):
    """Approved organisations. Filters: q, status_category, year, country,
    activity_country, region, area, other (dpi|conference), org_type, entity_kind."""

    permission_classes = [permissions.AllowAny]
    serializer_class = DirectoryOrganisationSerializer
    pagination_class = DirectoryPagination

    def get_queryset(self):
        query = DirectoryQuery.from_params(self.request.query_params)
        self.directory_query = query
        return selectors.directory_rows(ordered(search(query), query))

    def get_serializer_class(self):
        return DirectoryProfileSerializer if self.action == "retrieve" else DirectoryOrganisationSerializer

    def retrieve(self, request, pk=None):
        org = selectors.organisation_profile(pk) if ASCII_INTEGER.fullmatch(str(pk)) else None
        if org is None:
            raise Http404
        return Response(DirectoryProfileSerializer(org).data)

    @action(detail=False)
    def facets(self, request):
        return Response(cached_facets(DirectoryQuery.from_params(request.query_params)))


# --- country teams -----------------------------------------------------------

class RosterOrganisationSerializer(LabelledModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "acronym", "status_category", "status_state", "profile_state"]


class CountryTeamSerializer(LabelledModelSerializer):
    country_name = serializers.CharField(source="country.name")
    focal_point = serializers.CharField(source="focal_point.display_name", default="")
    agencies = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    roster_count = serializers.IntegerField(read_only=True)
    engagement_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = CountryTeam
        fields = ["id", "country", "country_name", "resident_coordinator", "focal_point", "agencies",
                  "roster_count", "engagement_count"]


class EngagementSerializer(LabelledModelSerializer):
    organisations = serializers.PrimaryKeyRelatedField(many=True, queryset=Organisation.objects.all(),
                                                       required=False)

    class Meta:
        model = Engagement
        fields = ["id", "kind", "title", "held_on", "location", "organisations", "other_participants",
                  "participant_count", "outcomes"]


class IsFocalPointOrStaff(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm("partnerships.view_country_teams")


class CountryTeamViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated, IsFocalPointOrStaff]
    serializer_class = CountryTeamSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return CountryTeam.objects.none()
        return selectors.teams_for(self.request.user)

    @action(detail=True)
    def roster(self, request, pk=None):
        team = self.get_object()
        orgs = Organisation.objects.filter(roster_entries__team=team).order_by("name")
        return Response(RosterOrganisationSerializer(orgs, many=True).data)

    @action(detail=True, methods=["get", "post"], serializer_class=EngagementSerializer)
    def engagements(self, request, pk=None):
        team = self.get_object()
        if request.method == "POST":
            serializer = EngagementSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            entry = services.engagement_log(team=team, by=request.user, **serializer.validated_data)
            return Response(EngagementSerializer(entry).data, status=201)
        qs = Engagement.objects.filter(team=team).prefetch_related("organisations")
        return Response(EngagementSerializer(qs, many=True).data)


# --- advisory committees (public) ----------------------------------------

class CommitteeMemberSerializer(LabelledModelSerializer):
    class Meta:
        model = CommitteeMember
        fields = ["name", "sector", "affiliation", "term_starts_on", "term_ends_on"]


class CommitteeMeetingSerializer(LabelledModelSerializer):
    class Meta:
        model = CommitteeMeeting
        fields = ["held_on", "title", "minutes", "recommendations"]


class AdvisoryCommitteeSerializer(LabelledModelSerializer):
    country = serializers.CharField(source="team.country_id")
    members = CommitteeMemberSerializer(many=True, read_only=True)
    meetings = CommitteeMeetingSerializer(many=True, read_only=True)

    class Meta:
        model = AdvisoryCommittee
        fields = ["id", "name", "country", "established_on", "mandate", "members", "meetings"]


class AdvisoryCommitteeViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.AllowAny]
    serializer_class = AdvisoryCommitteeSerializer
    queryset = (AdvisoryCommittee.objects.select_related("team").prefetch_related("members", "meetings")
                .order_by("team__country__name", "pk"))


# --- inquiries ---------------------------------------------------------------

class InquiryMessageSerializer(LabelledModelSerializer):
    class Meta:
        model = InquiryMessage
        fields = ["from_staff", "body", "created_at"]


class InquirySerializer(LabelledModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    topic = serializers.ChoiceField(choices=InquiryTopic.choices)
    unit = serializers.CharField(source="unit.name", read_only=True)
    state = serializers.CharField(read_only=True)
    state_label = serializers.SerializerMethodField()
    submission_token = serializers.UUIDField(required=False, write_only=True,
                                             help_text="Optional idempotency key: sending it again returns the "
                                                       "same inquiry.")

    class Meta:
        model = Inquiry
        fields = ["id", "reference", "organisation", "topic", "subject", "message", "unit", "state", "state_label",
                  "created_at", "acknowledged_at", "submission_token"]
        read_only_fields = ["reference", "created_at", "acknowledged_at"]

    def get_state_label(self, obj) -> str:
        return INQUIRY.public_label(obj.state)


class InquiryDetailSerializer(InquirySerializer):
    messages = InquiryMessageSerializer(many=True, read_only=True)
    actions = WorkflowActionsField(INQUIRY)

    class Meta(InquirySerializer.Meta):
        fields = [*InquirySerializer.Meta.fields, "messages", "actions"]


class TransitionSerializer(serializers.Serializer):
    transition = serializers.ChoiceField(choices=list(INQUIRY.transitions))
    text = serializers.CharField(required=False, allow_blank=True, max_length=10000, default="")


class InquiryViewSet(RoleGate, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    action_roles = {"create": {Role.NGO}}
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = InquirySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Inquiry.objects.none()
        user = self.request.user
        if not (user.has_perm("partnerships.handle_inquiry") or user.has_perm("partnerships.submit_inquiry")):
            raise PermissionDenied
        qs = selectors.inquiries_for(user)
        if self.action == "retrieve":
            qs = qs.prefetch_related("messages")
        return qs

    def get_serializer_class(self):
        return InquiryDetailSerializer if self.action == "retrieve" else InquirySerializer

    def create(self, request, *args, **kwargs):
        serializer = InquirySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        inquiry = services.inquiry_submit(organisation=d["organisation"], by=request.user, topic=d["topic"],
                                          subject=d["subject"], message=d["message"],
                                          submission_token=d.get("submission_token"))
        return Response(InquirySerializer(inquiry).data, status=201)

    @action(detail=True, methods=["post"], serializer_class=TransitionSerializer)
    def transition(self, request, pk=None):
        inquiry = self.get_object()
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        inquiry = services.inquiry_transition(inquiry=inquiry, by=request.user, **serializer.validated_data)
        inquiry = self.get_queryset().prefetch_related("messages").get(pk=inquiry.pk)
        return Response(InquiryDetailSerializer(inquiry, context={"request": request}).data)


# --- reform tracker (public) ----------------------------------------------

class ProposalSerializer(LabelledModelSerializer):
    unit = serializers.CharField(source="unit.name", default="")
    status_label = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = ["number", "title", "report_paragraphs", "sg_position", "status", "status_label", "evidence_url",
                  "unit", "progress_note"]

    def get_status_label(self, obj) -> str:
        return TRACKER.public_label(obj.status)


class ProposalViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.AllowAny]
    serializer_class = ProposalSerializer
    queryset = Proposal.objects.select_related("unit").order_by("number")
    lookup_field = "number"


class ReformMeasureCellSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="The dimension (region, session, gender...) in the request's language.")
    value = serializers.CharField(allow_null=True, help_text="The figure; null when withheld.")
    withheld = serializers.BooleanField(help_text="True when the cell stands for fewer than 3.")


class ReformMeasureSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    cells = ReformMeasureCellSerializer(many=True)


class ReformMeasuresSerializer(serializers.Serializer):
    taken_on = serializers.DateField(allow_null=True, help_text="The day of the snapshot.")
    measures = ReformMeasureSerializer(many=True)


class ReformMeasuresViewSet(viewsets.ViewSet):
    """Is the reform working? The latest snapshot (public, aggregates only;
    withheld cells carry no value)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=ReformMeasuresSerializer)
    def list(self, request):
        from rest_framework.response import Response

        from .measures import latest

        taken_on, groups = latest()
        return Response({"taken_on": taken_on, "measures": [
            {"code": g["code"], "title": g["title"],
             "cells": [{"label": c["label"], "value": None if c["value"] is None else str(c["value"]),
                        "withheld": c["suppressed"]} for c in g["cells"]]} for g in groups]})


def register(router):
    router.register("directory", DirectoryViewSet, basename="directory")
    router.register("country-teams", CountryTeamViewSet, basename="country-team")
    router.register("advisory-committees", AdvisoryCommitteeViewSet, basename="advisory-committee")
    router.register("inquiries", InquiryViewSet, basename="inquiry")
    router.register("reform-proposals", ProposalViewSet, basename="reform-proposal")
    router.register("reform-measures", ReformMeasuresViewSet, basename="reform-measure")

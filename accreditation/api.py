"""REST face of accreditation under /api/v1/: thin, over the same services and selectors."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.api import LabelledModelSerializer
from portal.models import Country

from . import selectors, services
from .models import (
    Application,
    Body,
    ConsolidatedList,
    ConsolidatedListEntry,
    CriteriaSet,
    Criterion,
    Decision,
    InformationRequest,
    Organisation,
    Session,
)

# ----------------------------------------------------------------- serializers


class FundingSourceInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=["governmental", "non_governmental"])
    share = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)


class OrganisationSerializer(LabelledModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso2", queryset=Country.objects.all())
    areas = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    status_bodies = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    funding_sources = FundingSourceInSerializer(many=True, write_only=True, required=False)

    class Meta:
        model = Organisation
        fields = ["id", "name", "name_en_fr", "acronym", "org_type", "entity_kind", "represents", "business_sector",
                  "hq_address", "hq_city",
                  "country", "established_on", "registered_on", "scope", "website", "email", "areas",
                  "profile_state", "status_category", "status_state", "status_granted_on", "status_bodies",
                  "dpi_associated_on", "funding_sources"]
        read_only_fields = ["profile_state", "status_category", "status_state", "status_granted_on",
                            "dpi_associated_on"]
        extra_kwargs = {"hq_address": {"write_only": True}, "email": {"write_only": True}}


class InformationRequestSerializer(LabelledModelSerializer):
    source_label = serializers.CharField(source="get_source_display", read_only=True)

    class Meta:
        model = InformationRequest
        fields = ["id", "source", "source_label", "question", "asked_at", "due_on", "answer", "answered_at"]


class ApplicationSerializer(LabelledModelSerializer):
    public_status = serializers.CharField(source="public_label", read_only=True)
    state = serializers.CharField(read_only=True)
    bodies = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Body.objects.all())
    session = serializers.StringRelatedField()

    class Meta:
        model = Application
        fields = ["id", "organisation", "track", "bodies", "requested_category", "state", "public_status",
                  "received_on", "submitted_at", "session", "times_deferred", "created_at"]
        read_only_fields = ["state", "received_on", "submitted_at", "times_deferred", "created_at"]


class ApplicationDetailSerializer(ApplicationSerializer):
    requests = InformationRequestSerializer(many=True, read_only=True)

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "answers", "requests"]


class CriterionSerializer(LabelledModelSerializer):
    class Meta:
        model = Criterion
        fields = ["code", "title", "description", "check_kind", "position"]


class CriteriaSetSerializer(LabelledModelSerializer):
    body = serializers.SlugRelatedField(slug_field="code", read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = CriteriaSet
        fields = ["id", "body", "version", "published_on", "criteria"]


class SessionSerializer(LabelledModelSerializer):
    committee = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Session
        fields = ["id", "committee", "year", "kind", "starts_on", "ends_on", "decisions_published_at",
                  "decisions_adopted_on"]


class ConsolidatedListSerializer(LabelledModelSerializer):
    n_entries = serializers.IntegerField(read_only=True)

    class Meta:
        model = ConsolidatedList
        fields = ["id", "session", "version", "created_at", "published_at", "n_entries"]


class EntrySerializer(LabelledModelSerializer):
    class Meta:
        model = ConsolidatedListEntry
        fields = ["position", "application", "organisation_name", "acronym", "country_name", "region",
                  "requested_category", "carried_over", "times_deferred", "recommendation",
                  "recommendation_reason", "summary"]


class DecisionSerializer(LabelledModelSerializer):
    state = serializers.CharField(read_only=True)
    class Meta:
        model = Decision
        fields = ["id", "application", "session", "outcome", "reason", "state", "published_at", "adopted_on",
                  "adoption_reference"]


class StateChangeSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


# --------------------------------------------------------------------- viewsets


class OrganisationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Organisations: approved ones for everyone signed in; an NGO also sees its own."""

    serializer_class = OrganisationSerializer

    def get_queryset(self):
        return selectors.organisations_for_user(self.request.user).order_by("name", "id")

    def perform_create(self, serializer):
        d = dict(serializer.validated_data)
        funding = [dict(f) for f in d.pop("funding_sources", [])]
        serializer.instance = services.organisation_create(by=self.request.user, fields=d, funding_sources=funding)


class ApplicationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Applications: an NGO sees its own only; the Secretariat all; committee
    members those on their sessions' published lists."""

    def get_serializer_class(self):
        return ApplicationDetailSerializer if self.action == "retrieve" else ApplicationSerializer

    def get_queryset(self):
        qs = selectors.applications_for_user(self.request.user).order_by("-created_at", "-id")
        if self.action == "retrieve":
            qs = qs.prefetch_related("requests")
        return qs

    def perform_create(self, serializer):
        d = serializer.validated_data
        org = selectors.organisations_for_user(self.request.user).filter(pk=d["organisation"].pk).first()
        if org is None:
            raise serializers.ValidationError({"organisation": [_("Unknown organisation.")]})
        serializer.instance = services.application_create(
            by=self.request.user, organisation=org, track=d["track"], bodies=d["bodies"],
            requested_category=d.get("requested_category", ""))

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        app = self.get_object()
        services.application_submit(application=app, by=request.user)
        app.refresh_from_db()
        return Response(ApplicationSerializer(app).data)

    @extend_schema(request=StateChangeSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        app = self.get_object()
        s = StateChangeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.application_withdraw(application=app, by=request.user, reason=s.validated_data["reason"])
        app.refresh_from_db()
        return Response(ApplicationSerializer(app).data)


class CriteriaSetViewSet(viewsets.ReadOnlyModelViewSet):
    """Published criteria, per deciding body and version: public."""

    serializer_class = CriteriaSetSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return (CriteriaSet.objects.filter(published_on__isnull=False).select_related("body")
                .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id")))
                .order_by("body__code", "-version"))


class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SessionSerializer
    queryset = Session.objects.none()  # for the schema; get_queryset scopes by user

    def get_queryset(self):
        return selectors.sessions_for_user(self.request.user).order_by("-starts_on")


class ConsolidatedListViewSet(viewsets.ReadOnlyModelViewSet):
    """Consolidated lists: the Secretariat sees every version; a committee
    member, the published versions of their committee's sessions."""

    serializer_class = ConsolidatedListSerializer
    queryset = ConsolidatedList.objects.none()  # for the schema; get_queryset scopes by user

    def get_queryset(self):
        return selectors.lists_for_user(self.request.user).order_by("-session__starts_on", "-version")

    @extend_schema(responses=EntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def entries(self, request, pk=None):
        clist = self.get_object()
        page = self.paginate_queryset(clist.entries.order_by("position"))
        return self.get_paginated_response(EntrySerializer(page, many=True).data)


class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Committee decisions. NGOs see published decisions on their own applications."""

    serializer_class = DecisionSerializer
    queryset = Decision.objects.none()  # for the schema; get_queryset scopes by user

    def get_queryset(self):
        user = self.request.user
        qs = Decision.objects.select_related("session").order_by("-id")
        if user.has_perm("accreditation.prescreen_application"):
            return qs
        if user.role == "committee":
            return qs.filter(session__committee__members=user)
        if user.role == "ngo":
            return qs.filter(application__organisation__memberships__user=user).exclude(state="pending")
        return qs.none()


def register(router):
    router.register("accreditation/organisations", OrganisationViewSet, basename="accreditation-organisation")
    router.register("accreditation/applications", ApplicationViewSet, basename="accreditation-application")
    router.register("accreditation/criteria", CriteriaSetViewSet, basename="accreditation-criteria")
    router.register("accreditation/sessions", SessionViewSet, basename="accreditation-session")
    router.register("accreditation/consolidated-lists", ConsolidatedListViewSet,
                    basename="accreditation-consolidated-list")
    router.register("accreditation/decisions", DecisionViewSet, basename="accreditation-decision")



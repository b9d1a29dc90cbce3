"""/api/v1/quadrennial/…: reports (an NGO sees its own organisations' only;
another organisation's report by id is 404) and the sessions' lifecycle lists
(Secretariat and Committee)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from portal.api import LabelledModelSerializer
from portal.params import IdField, ParamForm, choice_field, parse_query
from portal.rules import is_committee

from . import selectors, services
from .models import LifecycleEntry, QuadrennialReport
from .rules import can_change_report
from .workflow import LIFECYCLE_ENTRY, REPORT


class ReportFilter(ParamForm):
    state = choice_field(lambda: [(s, s) for s in REPORT.states])
    organisation = IdField()


class LifecycleFilter(ParamForm):
    session = IdField()
    kind = choice_field(LifecycleEntry.Kind.choices)
    state = choice_field(lambda: [(s, s) for s in LIFECYCLE_ENTRY.states])


class ReportSerializer(LabelledModelSerializer):
    organisation_name = serializers.CharField(source="organisation.display_name", read_only=True)
    state_label = serializers.SerializerMethodField()
    session = serializers.StringRelatedField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = QuadrennialReport
        fields = ["id", "organisation", "organisation_name", "period_start", "period_end", "due_on", "state",
                  "state_label", *QuadrennialReport.SECTIONS, "submitted_on", "questions", "answers", "session",
                  "noted_on", "url"]
        read_only_fields = ["organisation", "period_start", "period_end", "due_on", "state", "submitted_on",
                            "questions", "answers", "session", "noted_on"]

    def get_state_label(self, obj) -> str:
        user = self.context["request"].user
        staff = user.has_perm("quadrennial.view_all_reports")
        return REPORT.label(obj.state) if staff else REPORT.public_label(obj.state)

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                    viewsets.GenericViewSet):
    """Quadrennial reports. PATCH saves a draft's sections (the organisation's
    representatives only); POST …/submit/ files it."""

    serializer_class = ReportSerializer
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self):
        qs = selectors.reports_for_user(self.request.user).order_by("due_on", "pk")
        params = parse_query(ReportFilter, self.request)
        if params["state"]:
            qs = qs.filter(state=params["state"])
        if params["organisation"]:
            qs = qs.filter(organisation_id=params["organisation"])
        return qs

    def perform_update(self, serializer):
        report = serializer.instance
        if not can_change_report(self.request.user, report):
            raise PermissionDenied()
        serializer.instance = services.report_save(
            report=report, by=self.request.user,
            data={k: v for k, v in serializer.validated_data.items() if k in QuadrennialReport.SECTIONS})

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        report = services.report_submit(report=report, by=request.user)
        return Response(self.get_serializer(report).data)


class LifecycleEntrySerializer(LabelledModelSerializer):
    organisation_name = serializers.CharField(source="organisation.display_name", read_only=True)
    session_name = serializers.CharField(source="session.__str__", read_only=True)
    state_label = serializers.SerializerMethodField()

    class Meta:
        model = LifecycleEntry
        fields = ["id", "session", "session_name", "organisation", "organisation_name", "kind", "report", "state",
                  "state_label", "decision", "note", "decided_at", "published_at", "recheck_note"]
        read_only_fields = fields

    def get_state_label(self, obj) -> str:
        return LIFECYCLE_ENTRY.label(obj.state)


class LifecycleEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """Suspension, reinstatement and withdrawal lists; filter with ?session=, ?kind=, ?state=."""

    serializer_class = LifecycleEntrySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return LifecycleEntry.objects.none()
        user = self.request.user
        if not user.has_perm("quadrennial.view_lifecycle"):
            raise PermissionDenied()
        qs = LifecycleEntry.objects.select_related("organisation", "session", "session__committee").order_by(
            "session_id", "kind", "organisation__name", "pk")
        if is_committee(user):
            qs = qs.filter(session__committee__members=user)
        params = parse_query(LifecycleFilter, self.request)
        for key in ("session", "kind", "state"):
            if params[key]:
                qs = qs.filter(**{key: params[key]})
        return qs


def register(router):
    router.register("quadrennial/reports", ReportViewSet, basename="quadrennial-report")
    router.register("quadrennial/lifecycle", LifecycleEntryViewSet, basename="quadrennial-lifecycle")



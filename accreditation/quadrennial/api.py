"""/api/v1/quadrennial/…: reports (an NGO sees its own organisations' only;
another organisation's report by id is 404) and the sessions' lifecycle lists
(Secretariat and Committee)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accreditation.models import Organisation, Session
from portal.api import (
    ActionsOnSingleObjectsMixin,
    LabelledModelSerializer,
    RoleGate,
    WorkflowActionsField,
    object_and_input,
    read_input,
)
from portal.roles import Role
from portal.rules import is_committee

from . import selectors, services
from .filters import LifecycleEntryFilter, ReportFilter
from .models import LifecycleEntry, QuadrennialReport
from .rules import can_change_report
from .workflow import LIFECYCLE_ENTRY, REPORT


class ReportSerializer(LabelledModelSerializer):
    organisation_name = serializers.CharField(source="organisation.display_name", read_only=True)
    state_label = serializers.SerializerMethodField()
    session = serializers.StringRelatedField()
    url = serializers.SerializerMethodField()
    actions = WorkflowActionsField(REPORT)

    class Meta:
        model = QuadrennialReport
        fields = ["id", "organisation", "organisation_name", "period_start", "period_end", "due_on", "state",
                  "state_label", *QuadrennialReport.SECTIONS, "submitted_on", "questions", "answers", "session",
                  "noted_on", "url", "actions"]
        read_only_fields = ["organisation", "period_start", "period_end", "due_on", "state", "submitted_on",
                            "questions", "answers", "session", "noted_on"]

    def get_state_label(self, obj) -> str:
        if "staff_labels" not in self.context:  # asked once per response, not per row
            self.context["staff_labels"] = self.context["request"].user.has_perm("quadrennial.view_all_reports")
        staff = self.context["staff_labels"]
        return REPORT.label(obj.state) if staff else REPORT.public_label(obj.state)

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class OpenReportSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    period_start = serializers.IntegerField(help_text="The first year of the reporting period.")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


class CommitteeSessionSerializer(serializers.Serializer):
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all(), required=False, allow_null=True,
                                                 default=None, help_text="Default: your committee's current "
                                                 "or next session.")


class DeferSerializer(CommitteeSessionSerializer):
    questions = serializers.CharField(max_length=20000)


class AnswersSerializer(serializers.Serializer):
    answers = serializers.CharField(max_length=100000)


STAFF_ACTORS = frozenset({Role.SECRETARIAT, Role.ADMIN})


class ReportViewSet(RoleGate, ActionsOnSingleObjectsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                    viewsets.GenericViewSet):
    """Quadrennial reports. PATCH saves a draft's sections (the organisation's
    representatives only); POST …/submit/ files it."""

    action_roles = {"partial_update": {Role.NGO}, "open": {Role.NGO}, "submit": {Role.NGO}, "answer": {Role.NGO},
                    "check": STAFF_ACTORS, "return_for_corrections": STAFF_ACTORS,
                    "take_note": {Role.COMMITTEE}, "defer": {Role.COMMITTEE}}
    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self):
        return selectors.reports_for_user(self.request.user).order_by("due_on", "pk")

    def perform_update(self, serializer):
        report = serializer.instance
        if not can_change_report(self.request.user, report):
            raise PermissionDenied()
        serializer.instance = services.report_save(
            report=report, by=self.request.user,
            data={k: v for k, v in serializer.validated_data.items() if k in QuadrennialReport.SECTIONS})

    def _done(self, report, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data, status=code)

    @extend_schema(request=OpenReportSerializer, responses={201: ReportSerializer})
    @action(detail=False, methods=["post"])
    def open(self, request):
        """Open the report for one of the organisation's reporting periods (a draft, made once)."""
        d = read_input(OpenReportSerializer, request)
        periods = {p.first_year: p for p in selectors.obligations(d["organisation"])}
        if d["period_start"] not in periods:
            raise serializers.ValidationError({"period_start": [_("No report is owed for this period.")]})
        report = services.report_open(organisation=d["organisation"], period=periods[d["period_start"]],
                                      by=request.user)
        return self._done(report, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        report = services.report_submit(report=report, by=request.user)
        return self._done(report)

    @extend_schema(request=ReturnSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_for_corrections(self, request, pk=None):
        """The Secretariat returns a filed report for corrections, saying why."""
        target, d = object_and_input(self, ReturnSerializer)
        return self._done(services.report_return(report=target, by=request.user, reason=d["reason"]))

    @extend_schema(request=NoteSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        """The Secretariat has checked the report: it goes to the Committee."""
        target, d = object_and_input(self, NoteSerializer)
        return self._done(services.report_check(report=target, by=request.user, note=d["note"]))

    @extend_schema(request=CommitteeSessionSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="take-note")
    def take_note(self, request, pk=None):
        target, d = object_and_input(self, CommitteeSessionSerializer)
        return self._done(services.report_take_note(report=target, by=request.user,
                                                    session=d["session"]))

    @extend_schema(request=DeferSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def defer(self, request, pk=None):
        """The Committee defers the report with questions."""
        target, d = object_and_input(self, DeferSerializer)
        return self._done(services.report_defer(report=target, by=request.user,
                                                questions=d["questions"], session=d["session"]))

    @extend_schema(request=AnswersSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """The organisation answers the Committee's questions."""
        target, d = object_and_input(self, AnswersSerializer)
        return self._done(services.report_answer(report=target, by=request.user, answers=d["answers"]))


class LifecycleEntrySerializer(LabelledModelSerializer):
    organisation_name = serializers.CharField(source="organisation.display_name", read_only=True)
    session_name = serializers.CharField(source="session.__str__", read_only=True)
    state_label = serializers.SerializerMethodField()
    actions = WorkflowActionsField(LIFECYCLE_ENTRY)

    class Meta:
        model = LifecycleEntry
        fields = ["id", "session", "session_name", "organisation", "organisation_name", "kind", "report", "state",
                  "state_label", "decision", "note", "decided_at", "published_at", "recheck_note", "actions"]
        read_only_fields = fields

    def get_state_label(self, obj) -> str:
        return LIFECYCLE_ENTRY.label(obj.state)


class LifecycleRecordSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=LifecycleEntry.Decision.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class SessionInSerializer(serializers.Serializer):
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all())


class LifecycleCountsSerializer(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField())


class LifecycleEntryViewSet(RoleGate, ActionsOnSingleObjectsMixin, viewsets.ReadOnlyModelViewSet):
    """Suspension, reinstatement and withdrawal lists; filter with ?session=,
    ?kind=, ?state=. The Secretariat builds a session's lists and publishes
    its decisions; the session's committee members record each decision."""

    action_roles = {"build": STAFF_ACTORS, "publish": STAFF_ACTORS, "record": {Role.COMMITTEE}}
    serializer_class = LifecycleEntrySerializer
    filterset_class = LifecycleEntryFilter

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
        return qs

    @extend_schema(request=SessionInSerializer, responses=LifecycleCountsSerializer)
    @action(detail=False, methods=["post"])
    def build(self, request):
        """Put the session's candidates on its suspension, reinstatement and withdrawal lists."""
        d = read_input(SessionInSerializer, request)
        return Response({"counts": services.lifecycle_lists_build(session=d["session"], by=request.user)})

    @extend_schema(request=LifecycleRecordSerializer, responses=LifecycleEntrySerializer)
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        """Record the committee's decision on one entry (changeable until published)."""
        target, d = object_and_input(self, LifecycleRecordSerializer)
        entry = services.lifecycle_record(entry=target, by=request.user, decision=d["decision"],
                                          note=d["note"])
        return Response(self.get_serializer(self.get_queryset().get(pk=entry.pk)).data)

    @extend_schema(request=SessionInSerializer, responses=LifecycleCountsSerializer)
    @action(detail=False, methods=["post"])
    def publish(self, request):
        """Publish the session's recorded decisions together and carry them out."""
        d = read_input(SessionInSerializer, request)
        return Response({"counts": services.lifecycle_publish(session=d["session"], by=request.user)})


def register(router):
    router.register("quadrennial/reports", ReportViewSet, basename="quadrennial-report")
    router.register("quadrennial/lifecycle", LifecycleEntryViewSet, basename="quadrennial-lifecycle")



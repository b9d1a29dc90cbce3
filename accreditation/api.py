"""REST face of accreditation under /api/v1/: thin, over the same services and selectors."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from portal.api import (
    ActionsOnSingleObjectsMixin,
    LabelledModelSerializer,
    RoleGate,
    WorkflowActionsField,
    object_and_input,
    read_input,
)
from portal.models import Country
from portal.roles import Role

from . import selectors, services
from .filters import ApplicationFilter, DecisionFilter, InformationRequestFilter, OrganisationFilter
from .models import (
    Application,
    ApplicationDocument,
    Body,
    ConsolidatedList,
    ConsolidatedListEntry,
    CriteriaSet,
    Criterion,
    Decision,
    InformationRequest,
    Organisation,
    OrganisationChange,
    Recommendation,
    Session,
)
from .models import CriterionResult as CriterionResultModel
from .questionnaire import questions_for
from .workflow import APPLICATION, ORGANISATION_CHANGE, ORGANISATION_PROFILE

# ----------------------------------------------------------------- serializers


class FundingSourceInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=["governmental", "non_governmental"])
    share = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)


class OrganisationSerializer(LabelledModelSerializer):
    workflow_fields = {"profile_state": ORGANISATION_PROFILE}
    country = serializers.SlugRelatedField(slug_field="iso2", queryset=Country.objects.all())
    areas = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    status_bodies = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    funding_sources = FundingSourceInSerializer(many=True, write_only=True, required=False)
    actions = WorkflowActionsField(ORGANISATION_PROFILE)

    class Meta:
        model = Organisation
        fields = ["id", "name", "name_en_fr", "acronym", "org_type", "entity_kind", "represents", "business_sector",
                  "hq_address", "hq_city",
                  "country", "established_on", "registered_on", "scope", "website", "email", "areas",
                  "profile_state", "status_category", "status_state", "status_granted_on", "status_bodies",
                  "dpi_associated_on", "funding_sources", "actions"]
        read_only_fields = ["profile_state", "status_category", "status_state", "status_granted_on",
                            "dpi_associated_on"]
        extra_kwargs = {"hq_address": {"write_only": True}, "email": {"write_only": True}}


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original_name = serializers.CharField()
    size = serializers.IntegerField()


class InformationRequestSerializer(LabelledModelSerializer):
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = InformationRequest
        fields = ["id", "application", "source", "source_label", "question", "asked_at", "due_on", "answer",
                  "answered_at", "attachments"]


class ApplicationSerializer(LabelledModelSerializer):
    workflow_fields = {"state": APPLICATION}
    public_status = serializers.CharField(source="public_label", read_only=True)
    state = serializers.CharField(read_only=True)
    bodies = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Body.objects.all())
    session = serializers.StringRelatedField()
    session_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Application
        fields = ["id", "organisation", "track", "bodies", "requested_category", "state", "public_status",
                  "received_on", "submitted_at", "session", "session_id", "times_deferred", "created_at"]
        read_only_fields = ["state", "received_on", "submitted_at", "times_deferred", "created_at"]


class DocumentSerializer(LabelledModelSerializer):
    class Meta:
        model = ApplicationDocument
        fields = ["id", "kind", "original_name", "size", "uploaded_at"]


class CriterionResultSerializer(LabelledModelSerializer):
    criterion_code = serializers.CharField(source="criterion.code", read_only=True)
    criterion_title = serializers.CharField(source="criterion.title", read_only=True)

    class Meta:
        model = CriterionResultModel
        fields = ["criterion", "criterion_code", "criterion_title", "result", "note", "automatic"]


class ChecklistItemSerializer(serializers.Serializer):
    step = serializers.CharField()
    message = serializers.CharField()


class ApplicationDetailSerializer(ApplicationSerializer):
    requests = InformationRequestSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    criterion_results = serializers.SerializerMethodField()
    checklist = serializers.SerializerMethodField()
    code_of_conduct_required = serializers.SerializerMethodField()
    actions = WorkflowActionsField(APPLICATION)

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "criteria_set", "answers", "documents",
                  "code_of_conduct_required",
                  "code_of_conduct_accepted_at", "checklist", "officer", "recommendation",
                  "recommendation_reason", "criterion_results", "requests", "actions"]
        read_only_fields = [*ApplicationSerializer.Meta.read_only_fields, "answers", "code_of_conduct_accepted_at",
                            "officer", "recommendation", "recommendation_reason", "criteria_set"]

    def _is_staff(self):
        request = self.context.get("request")
        return bool(request and request.user.has_perm("accreditation.prescreen_application"))

    @extend_schema_field(CriterionResultSerializer(many=True))
    def get_criterion_results(self, obj):
        if not self._is_staff():  # the Secretariat's working notes
            return []
        rows = obj.criterion_results.select_related("criterion").order_by("criterion__position", "criterion_id")
        return CriterionResultSerializer(rows, many=True, context=self.context).data

    @extend_schema_field(ChecklistItemSerializer(many=True))
    def get_checklist(self, obj):
        """What stops a draft from being submitted (empty once it can be)."""
        if obj.state != "draft":
            return []
        return [{"step": step, "message": str(m)} for step, m in services.application_checklist(obj)]

    def get_code_of_conduct_required(self, obj) -> bool:
        return services.requires_code_of_conduct(obj)


class AnswersInSerializer(serializers.Serializer):
    answers = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=20000),
                                    help_text="Question code → answer; partial answers are kept as a draft.")


class DocumentInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ApplicationDocument.Kind.choices)
    file = serializers.FileField(help_text="A PDF document.")


class CriterionResultInSerializer(serializers.Serializer):
    criterion = serializers.PrimaryKeyRelatedField(queryset=Criterion.objects.all())
    result = serializers.ChoiceField(choices=CriterionResultModel.Result.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class RecommendationInSerializer(serializers.Serializer):
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    reason = serializers.CharField(max_length=4000)


class RequestInformationInSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=4000)
    due_on = serializers.DateField()


class AssignInSerializer(serializers.Serializer):
    officer = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(
        role=Role.SECRETARIAT, is_active=True))


class DpiDecisionInSerializer(serializers.Serializer):
    associate = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class AnswerInSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=20000)
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list,
                                        help_text="PDF files (send as multipart/form-data).")


class RequiredReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


class DecisionInSerializer(serializers.Serializer):
    application = serializers.PrimaryKeyRelatedField(queryset=Application.objects.all())
    outcome = serializers.ChoiceField(choices=Decision.Outcome.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class QuestionInSerializer(serializers.Serializer):
    application = serializers.PrimaryKeyRelatedField(queryset=Application.objects.all())
    question = serializers.CharField(max_length=4000)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class BulkDecisionInSerializer(serializers.Serializer):
    applications = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=500)
    outcome = serializers.ChoiceField(choices=Decision.Outcome.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class BulkAssignInSerializer(AssignInSerializer):
    applications = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=500)


class RefusedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.CharField()


class BulkResultSerializer(serializers.Serializer):
    done = serializers.ListField(child=serializers.IntegerField())
    refused = RefusedSerializer(many=True)


def _bulk_result(done, refused):
    """Every item refused is reported, with its reason."""
    return Response({"done": done, "refused": [{"id": int(pk), "reason": str(reason)} for pk, reason in refused]})


class PublishDecisionsInSerializer(serializers.Serializer):
    override_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000,
                                            help_text="An administrator's reason to set the date rule aside.")


class AdoptInSerializer(serializers.Serializer):
    on = serializers.DateField(help_text="The date the adopting body adopted the decisions.")
    reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    override_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class CountsSerializer(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField())


class CriterionSerializer(LabelledModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "code", "title", "description", "check_kind", "position"]


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


class QuestionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    help = serializers.CharField()
    max_chars = serializers.IntegerField()


class StateChangeSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


# --------------------------------------------------------------------- viewsets


STAFF_ACTORS = frozenset({Role.SECRETARIAT, Role.ADMIN})


class OrganisationViewSet(RoleGate, ActionsOnSingleObjectsMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                          viewsets.ReadOnlyModelViewSet):
    """Organisations: approved ones for everyone signed in; an NGO also sees
    its own and updates its profile (PATCH)."""

    action_roles = {"create": {Role.NGO, Role.SECRETARIAT, Role.ADMIN, Role.FOCAL_POINT},
                    "approve": STAFF_ACTORS, "reject": STAFF_ACTORS}

    http_method_names = ["get", "post", "patch", "head", "options"]

    filterset_class = OrganisationFilter
    serializer_class = OrganisationSerializer

    def get_queryset(self):
        return selectors.organisations_for_user(self.request.user).order_by("name", "id")

    def perform_create(self, serializer):
        d = dict(serializer.validated_data)
        funding = [dict(f) for f in d.pop("funding_sources", [])]
        serializer.instance = services.organisation_create(by=self.request.user, fields=d, funding_sources=funding)

    def perform_update(self, serializer):
        d = dict(serializer.validated_data)
        funding = d.pop("funding_sources", None)
        services.organisation_update(organisation=serializer.instance, by=self.request.user, fields=d,
                                     funding_sources=[dict(f) for f in funding] if funding is not None else None)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def _done(self, request, org):
        org = self.get_queryset().get(pk=org.pk)
        return Response(OrganisationSerializer(org, context={"request": request}).data)

    @extend_schema(request=StateChangeSerializer, responses=OrganisationSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """The Secretariat approves the organisation's profile."""
        org = self.get_object()
        d = read_input(StateChangeSerializer, request)
        services.organisation_approve(organisation=org, by=request.user, reason=d["reason"])
        return self._done(request, org)

    @extend_schema(request=RequiredReasonSerializer, responses=OrganisationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        org = self.get_object()
        d = read_input(RequiredReasonSerializer, request)
        services.organisation_reject(organisation=org, by=request.user, reason=d["reason"])
        return self._done(request, org)


class ApplicationViewSet(RoleGate, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    action_roles = {"create": {Role.NGO}, "submit": {Role.NGO}, "withdraw": {Role.NGO}, "answers": {Role.NGO},
                    "documents": {Role.NGO}, "accept_code_of_conduct": {Role.NGO},
                    **{name: STAFF_ACTORS for name in ("take", "assign", "bulk_assign", "criterion_results",
                                                       "request_information", "recommendation", "dpi_decision")}}
    """Applications: an NGO sees its own only; the Secretariat all; committee
    members those on their sessions' published lists."""

    filterset_class = ApplicationFilter
    def get_serializer_class(self):
        return ApplicationSerializer if self.action == "list" else ApplicationDetailSerializer

    def get_queryset(self):
        qs = selectors.applications_for_user(self.request.user).order_by("-created_at", "-id")
        if self.action != "list":
            qs = qs.prefetch_related(Prefetch("requests", queryset=InformationRequest.objects.prefetch_related(
                "attachments").order_by("asked_at", "id")), Prefetch("documents", queryset=ApplicationDocument.objects
                                                                     .order_by("kind")))
        return qs

    def perform_create(self, serializer):
        d = serializer.validated_data
        org = selectors.organisations_for_user(self.request.user).filter(pk=d["organisation"].pk).first()
        if org is None:
            raise serializers.ValidationError({"organisation": [_("Unknown organisation.")]})
        serializer.instance = services.application_create(
            by=self.request.user, organisation=org, track=d["track"], bodies=d["bodies"],
            requested_category=d.get("requested_category", ""))

    def _done(self, request, app, code=status.HTTP_200_OK):
        app = self.get_queryset().get(pk=app.pk)
        return Response(ApplicationDetailSerializer(app, context={"request": request}).data, status=code)

    @extend_schema(responses=QuestionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def questions(self, request, pk=None):
        """The questionnaire of this application's track: each question's code, label and length limit."""
        app = self.get_object()
        return Response([{"code": q.code, "label": str(q.label), "help": str(q.help), "max_chars": q.max_chars}
                         for q in questions_for(app.track)])

    @extend_schema(request=AnswersInSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def answers(self, request, pk=None):
        """Save questionnaire answers (a draft: partial answers are fine)."""
        app = self.get_object()
        d = read_input(AnswersInSerializer, request)
        services.application_save_answers(application=app, by=request.user, answers=d["answers"])
        return self._done(request, app)

    @extend_schema(request={"multipart/form-data": DocumentInSerializer}, responses={201: DocumentSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def documents(self, request, pk=None):
        """Upload one required document (PDF); a new upload of the same kind replaces the old one."""
        app = self.get_object()
        d = read_input(DocumentInSerializer, request)
        doc = services.application_upload_document(application=app, by=request.user, kind=d["kind"],
                                                   upload=d["file"])
        return Response(DocumentSerializer(doc, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="accept-code-of-conduct")
    def accept_code_of_conduct(self, request, pk=None):
        app = self.get_object()
        services.application_accept_code_of_conduct(application=app, by=request.user)
        return self._done(request, app)

    @extend_schema(request=None, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit: refused with the checklist's messages while anything is missing."""
        app = self.get_object()
        services.application_submit(application=app, by=request.user)
        return self._done(request, app)

    @extend_schema(request=StateChangeSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        app = self.get_object()
        d = read_input(StateChangeSerializer, request)
        services.application_withdraw(application=app, by=request.user, reason=d["reason"])
        return self._done(request, app)

    # -- the Secretariat's pre-screening

    @extend_schema(request=None, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def take(self, request, pk=None):
        """Take the application into one's own pre-screening queue."""
        app = self.get_object()
        services.application_take(application=app, by=request.user)
        return self._done(request, app)

    @extend_schema(request=AssignInSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        app = self.get_object()
        d = read_input(AssignInSerializer, request)
        services.application_assign(application=app, officer=d["officer"], by=request.user)
        return self._done(request, app)

    @extend_schema(request=BulkAssignInSerializer, responses=BulkResultSerializer)
    @action(detail=False, methods=["post"], url_path="bulk-assign")
    def bulk_assign(self, request):
        """Assign several applications to one officer; each one refused is reported with its reason."""
        d = read_input(BulkAssignInSerializer, request)
        done, refused = services.applications_bulk_assign(application_ids=d["applications"], officer=d["officer"],
                                                          by=request.user)
        return _bulk_result(done, refused)

    @extend_schema(request=CriterionResultInSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="criterion-results")
    def criterion_results(self, request, pk=None):
        """Record the result of one criterion (met, not met, needs information) with a note."""
        app = self.get_object()
        d = read_input(CriterionResultInSerializer, request)
        services.application_record_criterion(application=app, by=request.user, criterion=d["criterion"],
                                              result=d["result"], note=d["note"])
        return self._done(request, app)

    @extend_schema(request=RequestInformationInSerializer, responses={201: InformationRequestSerializer})
    @action(detail=True, methods=["post"], url_path="request-information")
    def request_information(self, request, pk=None):
        app = self.get_object()
        d = read_input(RequestInformationInSerializer, request)
        req = services.application_request_information(application=app, by=request.user, question=d["question"],
                                                       due_on=d["due_on"])
        return Response(InformationRequestSerializer(req, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=RecommendationInSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def recommendation(self, request, pk=None):
        """Complete pre-screening with the Secretariat's recommendation and its reason."""
        app = self.get_object()
        d = read_input(RecommendationInSerializer, request)
        services.application_complete_prescreening(application=app, by=request.user,
                                                   recommendation=d["recommendation"], reason=d["reason"])
        return self._done(request, app)

    @extend_schema(request=DpiDecisionInSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="dpi-decision")
    def dpi_decision(self, request, pk=None):
        app = self.get_object()
        d = read_input(DpiDecisionInSerializer, request)
        services.application_dpi_decide(application=app, by=request.user, associate=d["associate"],
                                        reason=d["reason"])
        return self._done(request, app)


class InformationRequestViewSet(RoleGate, viewsets.ReadOnlyModelViewSet):
    """Requests for information and committee questions on the applications
    the user may see; the NGO answers them here, with PDF attachments."""

    action_roles = {"answer": {Role.NGO}}
    filterset_class = InformationRequestFilter
    serializer_class = InformationRequestSerializer
    queryset = InformationRequest.objects.none()  # for the schema; get_queryset scopes by user

    def get_queryset(self):
        apps = selectors.applications_for_user(self.request.user).values("pk")
        return (InformationRequest.objects.filter(application__in=apps).prefetch_related("attachments")
                .order_by("-asked_at", "-id"))

    @extend_schema(request={"multipart/form-data": AnswerInSerializer, "application/json": AnswerInSerializer},
                   responses=InformationRequestSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def answer(self, request, pk=None):
        req = self.get_object()
        data = request.data
        if hasattr(data, "getlist"):  # multipart: several files under one name
            data = {"answer": data.get("answer", ""), "attachments": request.FILES.getlist("attachments")}
        s = AnswerInSerializer(data=data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        services.request_answer(request=req, by=request.user, answer=d["answer"], attachments=d["attachments"])
        return Response(InformationRequestSerializer(self.get_queryset().get(pk=req.pk),
                                                     context={"request": request}).data)


class OrganisationChangeSerializer(LabelledModelSerializer):
    workflow_fields = {"state": ORGANISATION_CHANGE}
    state = serializers.CharField(read_only=True)
    actions = WorkflowActionsField(ORGANISATION_CHANGE)

    class Meta:
        model = OrganisationChange
        fields = ["id", "organisation", "kind", "state", "new_name", "new_category", "merged_into", "explanation",
                  "decision_reason", "requested_at", "actions"]
        read_only_fields = ["decision_reason", "requested_at"]


class ChangeDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class OrganisationChangeViewSet(RoleGate, ActionsOnSingleObjectsMixin, mixins.CreateModelMixin,
                                viewsets.ReadOnlyModelViewSet):
    """Changes of name, reclassifications and mergers: the organisation asks,
    the Secretariat approves (which renames, reclassifies or withdraws) or refuses."""

    action_roles = {"create": {Role.NGO}, "decide": STAFF_ACTORS}
    serializer_class = OrganisationChangeSerializer
    queryset = OrganisationChange.objects.none()  # for the schema; get_queryset scopes by user

    def get_queryset(self):
        user = self.request.user
        qs = OrganisationChange.objects.order_by("-requested_at", "-id")
        if user.has_perm("accreditation.prescreen_application"):
            return qs
        return qs.filter(organisation__memberships__user=user)

    def perform_create(self, serializer):
        d = serializer.validated_data
        org = selectors.organisations_for_user(self.request.user).filter(pk=d["organisation"].pk).first()
        if org is None:
            raise serializers.ValidationError({"organisation": [_("Unknown organisation.")]})
        serializer.instance = services.organisation_change_request(
            organisation=org, by=self.request.user, kind=d["kind"], new_name=d.get("new_name", ""),
            new_category=d.get("new_category", ""), merged_into=d.get("merged_into"),
            explanation=d.get("explanation", ""))

    @extend_schema(request=ChangeDecisionSerializer, responses=OrganisationChangeSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        target, d = object_and_input(self, ChangeDecisionSerializer)
        change = services.organisation_change_decide(change=target, by=request.user,
                                                     approve=d["approve"], reason=d["reason"])
        return Response(OrganisationChangeSerializer(change, context={"request": request}).data)


class CriteriaSetViewSet(viewsets.ReadOnlyModelViewSet):
    """Published criteria, per deciding body and version: public."""

    serializer_class = CriteriaSetSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return (CriteriaSet.objects.filter(published_on__isnull=False).select_related("body")
                .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id")))
                .order_by("body__code", "-version"))


class SessionViewSet(RoleGate, viewsets.ReadOnlyModelViewSet):
    action_roles = {"build_list": STAFF_ACTORS, "publish_decisions": STAFF_ACTORS, "adopt": STAFF_ACTORS,
                    "decisions": {Role.COMMITTEE}, "decisions_bulk": {Role.COMMITTEE}, "questions": {Role.COMMITTEE}}

    serializer_class = SessionSerializer
    queryset = Session.objects.none()  # for the schema; get_queryset scopes by user

    def get_queryset(self):
        return selectors.sessions_for_user(self.request.user).order_by("-starts_on")

    @extend_schema(request=None, responses={201: ConsolidatedListSerializer})
    @action(detail=True, methods=["post"], url_path="build-list")
    def build_list(self, request, pk=None):
        """Freeze a new version of the session's consolidated list."""
        session = self.get_object()
        clist = services.consolidated_list_build(session=session, by=request.user)
        clist = selectors.lists_for_user(request.user).get(pk=clist.pk)
        return Response(ConsolidatedListSerializer(clist).data, status=status.HTTP_201_CREATED)

    def _application(self, request, application):
        if not selectors.applications_for_user(request.user).filter(pk=application.pk).exists():
            raise serializers.ValidationError({"application": [_("Unknown application.")]})
        return application

    @extend_schema(request=DecisionInSerializer, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def decisions(self, request, pk=None):
        """A committee member records (or changes) the pending decision on an application."""
        session = self.get_object()
        d = read_input(DecisionInSerializer, request)
        decision = services.decision_record(application=self._application(request, d["application"]),
                                            session=session, by=request.user, outcome=d["outcome"],
                                            reason=d["reason"])
        return Response(DecisionSerializer(decision, context={"request": request}).data)

    @extend_schema(request=BulkDecisionInSerializer, responses=BulkResultSerializer)
    @action(detail=True, methods=["post"], url_path="decisions/bulk")
    def decisions_bulk(self, request, pk=None):
        """Record one decision on several applications; each one refused is reported with its reason."""
        session = self.get_object()
        d = read_input(BulkDecisionInSerializer, request)
        visible = set(selectors.applications_for_user(request.user).filter(pk__in=d["applications"])
                      .values_list("pk", flat=True))
        unknown = [(pk, _("No such application.")) for pk in d["applications"] if pk not in visible]
        done, refused = services.decisions_bulk_record(
            application_ids=[pk for pk in d["applications"] if pk in visible], session=session, by=request.user,
            outcome=d["outcome"], reason=d["reason"])
        return _bulk_result(done, [*unknown, *refused])

    @extend_schema(request=QuestionInSerializer, responses={201: InformationRequestSerializer})
    @action(detail=True, methods=["post"])
    def questions(self, request, pk=None):
        """A committee member's question: the application is deferred with it (pending)."""
        session = self.get_object()
        d = read_input(QuestionInSerializer, request)
        req = services.committee_ask_question(application=self._application(request, d["application"]),
                                              session=session, by=request.user, question=d["question"],
                                              due_on=d["due_on"])
        return Response(InformationRequestSerializer(req, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=PublishDecisionsInSerializer, responses=CountsSerializer)
    @action(detail=True, methods=["post"], url_path="publish-decisions")
    def publish_decisions(self, request, pk=None):
        """Publish every pending decision of the session together (once the session has met)."""
        session = self.get_object()
        d = read_input(PublishDecisionsInSerializer, request)
        counts = services.session_publish_decisions(session=session, by=request.user,
                                                    override_reason=d["override_reason"])
        return Response({"counts": counts})

    @extend_schema(request=AdoptInSerializer, responses=CountsSerializer)
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        """Record the adopting body's adoption of the session's recommendations: status takes effect."""
        session = self.get_object()
        d = read_input(AdoptInSerializer, request)
        adopted = services.session_adopt_decisions(session=session, by=request.user, on=d["on"],
                                                   reference=d["reference"], override_reason=d["override_reason"])
        return Response({"counts": {"adopted": adopted}})


class ConsolidatedListViewSet(RoleGate, viewsets.ReadOnlyModelViewSet):
    """Consolidated lists: the Secretariat sees every version; a committee
    member, the published versions of their committee's sessions."""

    action_roles = {"publish": STAFF_ACTORS}
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

    @extend_schema(request=None, responses=ConsolidatedListSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish this version to the committee's members."""
        clist = self.get_object()
        services.consolidated_list_publish(consolidated_list=clist, by=request.user)
        return Response(ConsolidatedListSerializer(self.get_queryset().get(pk=clist.pk)).data)


class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Committee decisions. NGOs see published decisions on their own applications."""

    filterset_class = DecisionFilter
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
    router.register("accreditation/requests", InformationRequestViewSet, basename="accreditation-request")
    router.register("accreditation/organisation-changes", OrganisationChangeViewSet,
                    basename="accreditation-organisation-change")



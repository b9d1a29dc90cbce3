"""REST face of the trust fund under /api/v1/ (thin: the same selectors and services).

- trustfund/funds            funds with ledger-derived balances (staff, board, donors)
- trustfund/contributions    money received (a donor sees its own; staff record new ones)
- trustfund/calls            calls for travel grants
- trustfund/applications     an NGO sees and submits its own; staff and board see all; others 403/404
- trustfund/awards           awarded grants (staff and board)
- trustfund/reports/<code>   aggregates only (?year=)
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from accreditation.models import Organisation
from participation.models import Designation, Meeting
from portal.api import (
    ActionsOnSingleObjectsMixin,
    LabelledModelSerializer,
    RoleGate,
    WorkflowActionsField,
    object_and_input,
    read_input,
)
from portal.models import Country
from portal.params import parse_query
from portal.roles import Role

from . import services
from .filters import GrantApplicationFilter, YearFilter
from .ledger import balances_by_fund
from .models import BoardReview, CapacityInitiative, Contribution, Donor, Fund, GrantApplication, GrantCall, Pledge
from .rules import sees_personal_data
from .selectors import applications_for, contributions_for, fund_report
from .workflow import CAPACITY_INITIATIVE, FUNDED_STATES, GRANT_APPLICATION


def perm(name):
    class HasPerm(permissions.BasePermission):
        def has_permission(self, request, view):
            return bool(request.user and request.user.is_authenticated and request.user.has_perm(name))

    HasPerm.__name__ = f"HasPerm_{name.replace('.', '_')}"
    return HasPerm


class MoneyField(serializers.DecimalField):
    def __init__(self, **kwargs):
        super().__init__(max_digits=14, decimal_places=2, **kwargs)


class FundSerializer(LabelledModelSerializer):
    received_usd = serializers.SerializerMethodField()
    committed_usd = serializers.SerializerMethodField()
    spent_usd = serializers.SerializerMethodField()
    available_usd = serializers.SerializerMethodField()

    class Meta:
        model = Fund
        fields = ["id", "code", "name", "kind", "mandate", "managed_by", "guided_by", "received_usd",
                  "committed_usd", "spent_usd", "available_usd"]

    def _b(self, obj):
        return self.context["balances"][obj.pk]

    def get_received_usd(self, obj) -> str:
        return str(self._b(obj).received)

    def get_committed_usd(self, obj) -> str:
        return str(self._b(obj).committed)

    def get_spent_usd(self, obj) -> str:
        return str(self._b(obj).spent)

    def get_available_usd(self, obj) -> str:
        return str(self._b(obj).available)


STAFF_ACTORS = frozenset({Role.SECRETARIAT, Role.ADMIN})


class FundViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FundSerializer
    permission_classes = [perm("trustfund.view_fund")]
    queryset = Fund.objects.order_by("kind", "name")
    lookup_field = "code"

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        ctx["balances"] = balances_by_fund(list(Fund.objects.all()))
        return ctx


class ReviewBodySerializer(serializers.Serializer):
    """A board member's review, as the API reads it."""

    score = serializers.IntegerField(min_value=1, max_value=5)
    recommendation = serializers.ChoiceField(choices=BoardReview.Recommendation.choices)
    recommended_usd = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class AwardBodySerializer(serializers.Serializer):
    """An award: the amount in US dollars, or nothing for the full amount requested."""

    amount_usd = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)


class ContributionSerializer(LabelledModelSerializer):
    donor = serializers.PrimaryKeyRelatedField(queryset=Donor.objects.all())
    fund = serializers.SlugRelatedField(slug_field="code", queryset=Fund.objects.all())
    donor_name = serializers.CharField(source="donor.name", read_only=True)
    amount = MoneyField()
    rate_to_usd = serializers.DecimalField(max_digits=14, decimal_places=6)
    amount_usd = MoneyField(read_only=True)

    class Meta:
        model = Contribution
        fields = ["id", "donor", "donor_name", "fund", "pledge", "amount", "currency", "rate_to_usd", "amount_usd",
                  "received_on"]


class ContributionViewSet(RoleGate, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = ContributionSerializer
    action_roles = {"create": {Role.SECRETARIAT, Role.ADMIN}}
    permission_classes = [perm("trustfund.view_fund")]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Contribution.objects.none()
        return contributions_for(self.request.user).order_by("-received_on", "-id")

    def perform_create(self, serializer):
        serializer.instance = services.contribution_record(by=self.request.user, **serializer.validated_data)


class PledgeSerializer(LabelledModelSerializer):
    donor = serializers.PrimaryKeyRelatedField(queryset=Donor.objects.all())
    fund = serializers.SlugRelatedField(slug_field="code", queryset=Fund.objects.all())
    donor_name = serializers.CharField(source="donor.name", read_only=True)
    amount_usd = MoneyField(min_value=Decimal("0.01"))

    class Meta:
        model = Pledge
        fields = ["id", "donor", "donor_name", "fund", "amount_usd", "pledged_on", "note", "created_at"]
        read_only_fields = ["created_at"]


class PledgeViewSet(RoleGate, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    viewsets.GenericViewSet):
    """Pledges: promises of money (never spent: grants use money received). A
    donor records and sees its own; the fund manager and the board see all."""

    action_roles = {"create": {Role.DONOR, Role.SECRETARIAT, Role.ADMIN}}
    serializer_class = PledgeSerializer
    permission_classes = [perm("trustfund.view_fund")]
    queryset = Pledge.objects.none()  # for the schema; get_queryset scopes by user

    def get_queryset(self):
        qs = Pledge.objects.select_related("donor", "fund").order_by("-pledged_on", "-id")
        user = self.request.user
        if user.has_perm("trustfund.manage_fund") or sees_personal_data(user):
            return qs
        return qs.filter(donor__users=user)

    def perform_create(self, serializer):
        serializer.instance = services.pledge_record(by=self.request.user, **serializer.validated_data)


class GrantCallSerializer(LabelledModelSerializer):
    fund = serializers.SlugRelatedField(slug_field="code", read_only=True)
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    meeting_starts_on = serializers.DateField(source="meeting.starts_on", read_only=True)

    class Meta:
        model = GrantCall
        fields = ["id", "fund", "meeting", "meeting_title", "meeting_starts_on", "title", "opens_on", "closes_on",
                  "budget_ceiling_usd", "venue_city", "dsa_rate_usd", "max_nominees_per_organisation",
                  "max_funded_per_organisation"]


class GrantCallInSerializer(serializers.Serializer):
    fund = serializers.SlugRelatedField(slug_field="code", queryset=Fund.objects.all())
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())
    title = serializers.CharField(max_length=300)
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    budget_ceiling_usd = MoneyField(min_value=0)
    dsa_rate_usd = MoneyField(min_value=0)
    venue_city = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class GrantCallViewSet(RoleGate, viewsets.ReadOnlyModelViewSet):
    """Calls for travel grants; the fund manager opens new ones (POST)."""

    action_roles = {"create": STAFF_ACTORS}
    serializer_class = GrantCallSerializer
    permission_classes = [perm("trustfund.view_calls")]
    queryset = GrantCall.objects.select_related("fund", "meeting").order_by("-opens_on", "-id")

    @extend_schema(request=GrantCallInSerializer, responses={201: GrantCallSerializer})
    def create(self, request):
        d = read_input(GrantCallInSerializer, request)
        grant_call = services.call_create(by=request.user, **d)
        return Response(GrantCallSerializer(self.get_queryset().get(pk=grant_call.pk)).data, status=201)


PERSONAL = ("nominee", "passport_name", "nationality")


class GrantApplicationSerializer(LabelledModelSerializer):
    call = serializers.PrimaryKeyRelatedField(queryset=GrantCall.objects.select_related("meeting"))
    designation = serializers.PrimaryKeyRelatedField(queryset=Designation.objects.select_related("representative"),
                                                     write_only=True)
    organisation = serializers.PrimaryKeyRelatedField(read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    nominee = serializers.CharField(source="representative.full_name", read_only=True)
    origin_country = serializers.SlugRelatedField(slug_field="iso2", queryset=Country.objects.all())
    nationality = serializers.SlugRelatedField(slug_field="iso2", queryset=Country.objects.all())
    state_label = serializers.SerializerMethodField()
    actions = WorkflowActionsField(GRANT_APPLICATION)
    fare_usd = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    terminal_usd = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)

    class Meta:
        model = GrantApplication
        fields = ["id", "call", "designation", "organisation", "organisation_name", "nominee", "state", "state_label",
                  "origin_city", "origin_country", "fare_usd", "days", "dsa_rate_usd", "terminal_usd",
                  "requested_usd", "awarded_usd", "justification", "passport_name", "nationality",
                  "ticket_issued_on", "allowance_paid_on", "attendance_confirmed_on", "evaluation_filed_on",
                  "actions"]
        read_only_fields = ["state", "dsa_rate_usd", "requested_usd", "awarded_usd", "ticket_issued_on",
                            "allowance_paid_on", "attendance_confirmed_on", "evaluation_filed_on"]

    def get_state_label(self, obj) -> str:
        user = self.context["request"].user
        return obj.state_label if sees_personal_data(user) else obj.public_state_label


class GrantReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class DisburseInSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=[("ticket", gettext_lazy("Ticket")), ("allowance", gettext_lazy("Allowance"))])
    amount_usd = MoneyField(min_value=0)


class RefundInSerializer(serializers.Serializer):
    amount_usd = MoneyField(min_value=Decimal("0.01"))
    memo = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class EvaluationInSerializer(serializers.Serializer):
    evaluation = serializers.CharField(max_length=10000)


class GrantApplicationViewSet(RoleGate, ActionsOnSingleObjectsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                              viewsets.GenericViewSet):
    serializer_class = GrantApplicationSerializer
    filterset_class = GrantApplicationFilter
    permission_classes = [perm("trustfund.view_applications")]
    action_roles = {"create": {Role.NGO}, "award": STAFF_ACTORS, "review": {Role.BOARD},
                    "waitlist": STAFF_ACTORS, "reject": STAFF_ACTORS, "cancel": STAFF_ACTORS, "disburse": STAFF_ACTORS,
                    "refund": STAFF_ACTORS, "confirm_attendance": STAFF_ACTORS,
                    "withdraw": {Role.NGO}, "decline": {Role.NGO}, "evaluation": {Role.NGO}}

    def get_queryset(self):
        return applications_for(self.request.user).select_related("origin_country", "nationality") \
            .order_by("-created_at", "-id")

    def perform_create(self, serializer):
        d = dict(serializer.validated_data)
        designation = d["designation"]
        if not Organisation.objects.filter(pk=designation.organisation_id, memberships__user=self.request.user) \
                .exists():
            raise serializers.ValidationError({"designation": [_("Not a representative of your organisation.")]})
        serializer.instance = services.application_submit(organisation=designation.organisation,
                                                          by=self.request.user, **d)

    @extend_schema(request=ReviewBodySerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        app = self.get_object()
        body = ReviewBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.application_review(application=app, by=request.user, **body.validated_data)
        return Response(self.get_serializer(app).data)

    @extend_schema(request=AwardBodySerializer)
    @action(detail=True, methods=["post"])
    def award(self, request, pk=None):
        from portal.twofactor import api_needs_reauthentication

        if api_needs_reauthentication(request):
            raise PermissionDenied(_("Give your password or two-step code again (log in anew) before awarding."))
        target = self.get_object()
        body = AwardBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        app = services.application_award(application=target, by=request.user,
                                         amount_usd=body.validated_data.get("amount_usd"))
        # 202: above the four-eyes threshold the award is proposed; a second person's call confirms it.
        return Response(self.get_serializer(app).data, status=200 if app.state == "awarded" else 202)

    def _done(self, app):
        return Response(self.get_serializer(self.get_queryset().get(pk=app.pk)).data)

    @extend_schema(request=None, responses=GrantApplicationSerializer)
    @action(detail=True, methods=["post"])
    def waitlist(self, request, pk=None):
        return self._done(services.application_waitlist(application=self.get_object(), by=request.user))

    @extend_schema(request=GrantReasonSerializer, responses=GrantApplicationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Do not fund (a reason is required)."""
        target, d = object_and_input(self, GrantReasonSerializer)
        return self._done(services.application_reject(application=target, by=request.user,
                                                      reason=d["reason"]))

    @extend_schema(request=None, responses=GrantApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._done(services.application_withdraw(application=self.get_object(), by=request.user))

    @extend_schema(request=GrantReasonSerializer, responses=GrantApplicationSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """The organisation declines an awarded grant."""
        target, d = object_and_input(self, GrantReasonSerializer)
        return self._done(services.application_decline(application=target, by=request.user,
                                                       reason=d["reason"]))

    @extend_schema(request=GrantReasonSerializer, responses=GrantApplicationSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        target, d = object_and_input(self, GrantReasonSerializer)
        return self._done(services.application_cancel(application=target, by=request.user,
                                                      reason=d["reason"]))

    @extend_schema(request=DisburseInSerializer, responses=GrantApplicationSerializer)
    @action(detail=True, methods=["post"])
    def disburse(self, request, pk=None):
        """Pay the ticket or the allowance against the grant."""
        app, d = object_and_input(self, DisburseInSerializer)
        services.application_disburse(application=app, by=request.user, purpose=d["purpose"],
                                      amount_usd=d["amount_usd"])
        return self._done(app)

    @extend_schema(request=RefundInSerializer, responses=GrantApplicationSerializer)
    @action(detail=True, methods=["post"])
    def refund(self, request, pk=None):
        """Money the traveller returns (e.g. an unused ticket)."""
        app, d = object_and_input(self, RefundInSerializer)
        services.application_refund(application=app, by=request.user, amount_usd=d["amount_usd"], memo=d["memo"])
        return self._done(app)

    @extend_schema(request=None, responses=GrantApplicationSerializer)
    @action(detail=True, methods=["post"], url_path="confirm-attendance")
    def confirm_attendance(self, request, pk=None):
        return self._done(services.application_confirm_attendance(application=self.get_object(), by=request.user))

    @extend_schema(request=EvaluationInSerializer, responses=GrantApplicationSerializer)
    @action(detail=True, methods=["post"])
    def evaluation(self, request, pk=None):
        """The traveller's evaluation after the meeting."""
        target, d = object_and_input(self, EvaluationInSerializer)
        return self._done(services.application_file_evaluation(application=target, by=request.user,
                                                               text=d["evaluation"]))


class AwardSerializer(LabelledModelSerializer):
    workflow_fields = {"state": GRANT_APPLICATION}
    call_title = serializers.CharField(source="call.title", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = GrantApplication
        fields = ["id", "call", "call_title", "organisation", "organisation_name", "state", "awarded_usd",
                  "ticket_issued_on", "allowance_paid_on", "attendance_confirmed_on", "evaluation_filed_on"]


class AwardViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AwardSerializer
    permission_classes = [perm("trustfund.view_ledger")]

    def get_queryset(self):
        return (GrantApplication.objects.filter(state__in=FUNDED_STATES)
                .select_related("call", "organisation").order_by("-created_at", "-id"))


class InitiativeSerializer(LabelledModelSerializer):
    workflow_fields = {"state": CAPACITY_INITIATIVE}
    fund = serializers.SlugRelatedField(slug_field="code", queryset=Fund.objects.all())
    country = serializers.SlugRelatedField(slug_field="iso2", queryset=Country.objects.all())
    requested_usd = MoneyField(min_value=Decimal("0.01"))
    state = serializers.CharField(read_only=True)
    actions = WorkflowActionsField(CAPACITY_INITIATIVE)

    class Meta:
        model = CapacityInitiative
        fields = ["id", "fund", "country", "country_team", "title", "description", "requested_usd", "approved_usd",
                  "state", "decision_reason", "created_at", "actions"]
        read_only_fields = ["approved_usd", "decision_reason", "created_at"]


class InitiativeApproveSerializer(serializers.Serializer):
    amount_usd = MoneyField(min_value=Decimal("0.01"), required=False, allow_null=True, default=None,
                            help_text="Less than requested for a partial approval; empty: the amount requested.")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class InitiativeViewSet(RoleGate, ActionsOnSingleObjectsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Seed money from the country-level capacity fund: a country focal point
    (or the fund manager) proposes an initiative, the fund's working group
    approves or refuses it, the fund manager pays it."""

    action_roles = {"create": {Role.FOCAL_POINT, Role.SECRETARIAT, Role.ADMIN}, "approve": {Role.BOARD, Role.ADMIN},
                    "reject": {Role.BOARD, Role.ADMIN, Role.SECRETARIAT}, "pay": STAFF_ACTORS}
    serializer_class = InitiativeSerializer
    permission_classes = [perm("trustfund.view_initiatives")]
    queryset = CapacityInitiative.objects.none()  # for the schema

    def get_queryset(self):
        return (CapacityInitiative.objects.select_related("fund", "country").order_by("-created_at", "-id"))

    def perform_create(self, serializer):
        serializer.instance = services.initiative_propose(by=self.request.user, **serializer.validated_data)

    def _done(self, ini):
        return Response(self.get_serializer(self.get_queryset().get(pk=ini.pk)).data)

    @extend_schema(request=InitiativeApproveSerializer, responses=InitiativeSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        target, d = object_and_input(self, InitiativeApproveSerializer)
        return self._done(services.initiative_approve(initiative=target, by=request.user,
                                                      amount_usd=d["amount_usd"], reason=d["reason"]))

    @extend_schema(request=GrantReasonSerializer, responses=InitiativeSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        target, d = object_and_input(self, GrantReasonSerializer)
        return self._done(services.initiative_reject(initiative=target, by=request.user,
                                                     reason=d["reason"]))

    @extend_schema(request=None, responses=InitiativeSerializer)
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        return self._done(services.initiative_pay(initiative=self.get_object(), by=request.user))


def _cells(cells):
    """A suppressed cell (fewer than 3 travellers) gives no count and no amount."""
    return [{"group": c.label, "travellers": None if c.suppressed else c.travellers,
             "amount_usd": None if c.amount is None else str(c.amount), "suppressed": c.suppressed} for c in cells]


def _money(value):
    return None if value is None else str(value)


def _count(value):
    return value if isinstance(value, int) else None


class ReportViewSet(viewsets.ViewSet):
    """Aggregates only: no names, no passport data, no cell under 3 travellers."""

    permission_classes = [perm("trustfund.view_report")]
    lookup_field = "code"

    @extend_schema(responses=OpenApiTypes.OBJECT, operation_id="trustfund_reports_list")
    def list(self, request):
        return Response({"results": [{"fund": f.code, "name": f.name} for f in Fund.objects.all()]})

    @extend_schema(responses=OpenApiTypes.OBJECT, parameters=[
        OpenApiParameter("code", str, OpenApiParameter.PATH, description="Fund code"),
        OpenApiParameter("year", int, description="Calendar year of the report")])
    def retrieve(self, request, code=None):
        fund = Fund.objects.filter(code=code).first()
        if fund is None:
            raise NotFound
        year = parse_query(YearFilter, request)["year"]
        r = fund_report(fund, year=year)
        b = r.balance
        return Response({
            "fund": fund.code, "start": r.start, "end": r.end,
            "balance": {"received_usd": str(b.received), "committed_usd": _money(b.committed),
                        "spent_usd": _money(b.spent), "available_usd": _money(b.available),
                        "utilisation_rate": str(b.utilisation_rate) if b.utilisation_rate is not None else None},
            "expenditure_usd": None if r.expenditure is None else str(r.expenditure),
            "contributions": [{"donor": c["donor__name"], "year": c["received_on__year"], "amount_usd": str(c["amount"])}
                              for c in r.contributions],
            "by_meeting": _cells(r.by_meeting), "by_region": _cells(r.by_region), "by_gender": _cells(r.by_gender),
            "by_country": _cells(r.by_country),
            "travellers_funded": _count(r.travellers_funded),
            "evaluations_outstanding": _count(r.evaluations_outstanding),
            # Figures that stand for fewer than 3 travellers are suppressed (null above).
            "suppressed": [name for name, value in (("travellers_funded", r.travellers_funded),
                                                     ("evaluations_outstanding", r.evaluations_outstanding),
                                                     ("expenditure_usd", r.expenditure),
                                                     ("balance", b.committed))
                           if value is None or isinstance(value, str)],
        })


def register(router):
    router.register("trustfund/funds", FundViewSet, basename="trustfund-fund")
    router.register("trustfund/contributions", ContributionViewSet, basename="trustfund-contribution")
    router.register("trustfund/pledges", PledgeViewSet, basename="trustfund-pledge")
    router.register("trustfund/initiatives", InitiativeViewSet, basename="trustfund-initiative")
    router.register("trustfund/calls", GrantCallViewSet, basename="trustfund-call")
    router.register("trustfund/applications", GrantApplicationViewSet, basename="trustfund-application")
    router.register("trustfund/awards", AwardViewSet, basename="trustfund-award")
    router.register("trustfund/reports", ReportViewSet, basename="trustfund-report")

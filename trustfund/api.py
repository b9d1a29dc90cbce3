"""REST face of the trust fund under /api/v1/ (thin: the same selectors and services).

- trustfund/funds            funds with ledger-derived balances (staff, board, donors)
- trustfund/contributions    money received (a donor sees its own; staff record new ones)
- trustfund/calls            calls for travel grants
- trustfund/applications     an NGO sees and submits its own; staff and board see all; others 403/404
- trustfund/awards           awarded grants (staff and board)
- trustfund/reports/<code>   aggregates only (?year=)
"""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accreditation.models import Organisation
from participation.models import Designation
from portal.api import LabelledModelSerializer
from portal.models import Country
from portal.params import parse_query

from . import services
from .filters import YearFilter
from .ledger import balances_by_fund
from .models import BoardReview, Contribution, Donor, Fund, GrantApplication, GrantCall
from .rules import sees_personal_data
from .selectors import applications_for, contributions_for, fund_report
from .workflow import FUNDED_STATES, GRANT_APPLICATION


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


class ContributionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                          viewsets.GenericViewSet):
    serializer_class = ContributionSerializer
    permission_classes = [perm("trustfund.view_fund")]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Contribution.objects.none()
        return contributions_for(self.request.user).order_by("-received_on", "-id")

    def perform_create(self, serializer):
        serializer.instance = services.contribution_record(by=self.request.user, **serializer.validated_data)


class GrantCallSerializer(LabelledModelSerializer):
    fund = serializers.SlugRelatedField(slug_field="code", read_only=True)
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    meeting_starts_on = serializers.DateField(source="meeting.starts_on", read_only=True)

    class Meta:
        model = GrantCall
        fields = ["id", "fund", "meeting", "meeting_title", "meeting_starts_on", "title", "opens_on", "closes_on",
                  "budget_ceiling_usd", "venue_city", "dsa_rate_usd", "max_nominees_per_organisation",
                  "max_funded_per_organisation"]


class GrantCallViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = GrantCallSerializer
    permission_classes = [perm("trustfund.view_calls")]
    queryset = GrantCall.objects.select_related("fund", "meeting").order_by("-opens_on", "-id")


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
    fare_usd = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    terminal_usd = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)

    class Meta:
        model = GrantApplication
        fields = ["id", "call", "designation", "organisation", "organisation_name", "nominee", "state", "state_label",
                  "origin_city", "origin_country", "fare_usd", "days", "dsa_rate_usd", "terminal_usd",
                  "requested_usd", "awarded_usd", "justification", "passport_name", "nationality",
                  "ticket_issued_on", "allowance_paid_on", "attendance_confirmed_on", "evaluation_filed_on"]
        read_only_fields = ["state", "dsa_rate_usd", "requested_usd", "awarded_usd", "ticket_issued_on",
                            "allowance_paid_on", "attendance_confirmed_on", "evaluation_filed_on"]

    def get_state_label(self, obj) -> str:
        user = self.context["request"].user
        return obj.state_label if sees_personal_data(user) else obj.public_state_label


class GrantApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                              viewsets.GenericViewSet):
    serializer_class = GrantApplicationSerializer
    permission_classes = [perm("trustfund.view_applications")]

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
        body = AwardBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        app = services.application_award(application=self.get_object(), by=request.user,
                                         amount_usd=body.validated_data.get("amount_usd"))
        return Response(self.get_serializer(app).data)


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
    router.register("trustfund/calls", GrantCallViewSet, basename="trustfund-call")
    router.register("trustfund/applications", GrantApplicationViewSet, basename="trustfund-application")
    router.register("trustfund/awards", AwardViewSet, basename="trustfund-award")
    router.register("trustfund/reports", ReportViewSet, basename="trustfund-report")

"""REST face of participation: meetings, registrations (an organisation sees
its own only), statements and speakers lists. Thin: the same selectors and
services as the pages; the no-record rule holds here too."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accreditation.models import AreaOfExpertise, Body, Network, Organisation
from portal.api import ActionsOnSingleObjectsMixin, LabelledModelSerializer, RoleGate, WorkflowActionsField
from portal.roles import Role

from . import selectors, services
from .filters import DesignationFilter, RegistrationFilter, StatementFilter
from .models import Designation, Meeting, MeetingKind, Registration, Representative, SpeakingRequest, Statement
from .rules import focal_point_organisation_ids, member_organisation_ids
from .workflow import REGISTRATION, SPEAKING_REQUEST, STATEMENT


class MeetingField(serializers.PrimaryKeyRelatedField):
    """A meeting the user may act on. An invitation-only meeting to which the
    user's organisation is not invited is refused with that reason (not as an
    unknown id)."""

    default_error_messages = {
        "not_invited": _("This meeting is by invitation only, and your organisation is not invited."),
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=Meeting.objects.all(), **kwargs)

    def to_internal_value(self, data):
        meeting = super().to_internal_value(data)
        request = self.context.get("request")
        if request is not None and not selectors.meetings_for(request.user).filter(pk=meeting.pk).exists():
            self.fail("not_invited")
        return meeting


class MeetingSerializer(LabelledModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", read_only=True)
    body = serializers.SlugRelatedField(slug_field="code", read_only=True)
    registration_open = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "title", "kind", "body", "starts_on", "ends_on", "venue", "is_online",
                  "registration_opens_at", "registration_closes_at", "registration_open", "per_organisation_cap",
                  "capacity", "invitation_only", "keeps_records", "convener", "agenda", "speaking_minutes"]

    def get_registration_open(self, obj) -> bool:
        return obj.registration_is_open()


class ParticipantSerializer(LabelledModelSerializer):
    country = serializers.CharField(source="country_id", allow_null=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "acronym", "country", "entity_kind"]


class MeetingInSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", queryset=MeetingKind.objects.all())
    body = serializers.SlugRelatedField(slug_field="code", queryset=Body.objects.all())
    areas = serializers.SlugRelatedField(slug_field="code", queryset=AreaOfExpertise.objects.all(), many=True,
                                         required=False)

    class Meta:
        model = Meeting
        fields = ["kind", "body", "title", "description", "starts_on", "ends_on", "venue", "is_online",
                  "registration_opens_at", "registration_closes_at", "per_organisation_cap", "capacity",
                  "invitation_only", "keeps_records", "convener", "agenda", "speaking_minutes", "areas"]
        validators = []  # the service validates the whole meeting (full_clean)


class InviteSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())


class ManagesMeetings(permissions.BasePermission):
    """The Secretariat's rule for managing meetings (participation.manage_meetings), checked before the body."""

    def has_permission(self, request, view):
        return request.user.has_perm("participation.manage_meetings")


STAFF_ACTORS = frozenset({Role.SECRETARIAT, Role.ADMIN})


class MeetingViewSet(RoleGate, viewsets.ReadOnlyModelViewSet):
    """Meetings and hearings (by-invitation ones only for staff and the
    invited). The Secretariat creates and changes meetings and invites
    organisations."""

    action_roles = {"create": STAFF_ACTORS, "partial_update": STAFF_ACTORS, "invite": STAFF_ACTORS}
    serializer_class = MeetingSerializer
    permission_classes = [permissions.AllowAny]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self):
        if self.action not in ("list", "retrieve", "participants"):
            return [permissions.IsAuthenticated(), ManagesMeetings()]
        return super().get_permissions()

    @extend_schema(request=MeetingInSerializer, responses={201: MeetingSerializer})
    def create(self, request):
        s = MeetingInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        areas = d.pop("areas", None)
        meeting = services.meeting_save(by=request.user, meeting=Meeting(**d), areas=areas)
        return Response(MeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=MeetingInSerializer, responses=MeetingSerializer)
    def partial_update(self, request, pk=None):
        meeting = self.get_object()
        s = MeetingInSerializer(meeting, data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        areas = d.pop("areas", None)
        for key, value in d.items():
            setattr(meeting, key, value)
        meeting = services.meeting_save(by=request.user, meeting=meeting, areas=areas)
        return Response(MeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data)

    @extend_schema(request=InviteSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        """Invite an organisation to a by-invitation meeting."""
        meeting = self.get_object()
        s = InviteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.invitation_create(by=request.user, meeting=meeting, organisation=s.validated_data["organisation"])
        return Response(MeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data)

    def get_queryset(self):
        return selectors.meetings_for(self.request.user).order_by("-starts_on", "id")

    @action(detail=True, methods=["get"])
    def participants(self, request, pk=None):
        meeting = self.get_object()
        if not meeting.keeps_records:
            raise Http404  # no records kept: no participant list
        page = self.paginate_queryset(selectors.public_participants(meeting))
        return self.get_paginated_response(ParticipantSerializer(page, many=True).data)


class RegistrationSerializer(LabelledModelSerializer):
    representative = serializers.CharField(source="representative.full_name", read_only=True)
    state_label = serializers.CharField(source="public_state_label", read_only=True)
    meeting = MeetingField()
    designation = serializers.PrimaryKeyRelatedField(queryset=Designation.objects.none())
    actions = WorkflowActionsField(REGISTRATION)

    class Meta:
        model = Registration
        fields = ["id", "meeting", "organisation", "designation", "representative", "state", "state_label",
                  "registered_at", "badge_code", "checked_in_at", "actions"]
        read_only_fields = ["organisation", "state", "registered_at", "badge_code", "checked_in_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["designation"].queryset = Designation.objects.filter(
                organisation_id__in=member_organisation_ids(request.user)).select_related(
                "representative", "organisation")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


def _reason(request) -> str:
    """The body's reason, read by its serializer (a body that is not an object is a 400)."""
    serializer = ReasonSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data["reason"]


class RegistrationViewSet(RoleGate, ActionsOnSingleObjectsMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Registrations for meetings. Each registration lists the `actions` the
    caller may take on it now (approve, confirm, refuse, withdraw)."""

    action_roles = {"create": {Role.NGO, Role.SECRETARIAT, Role.ADMIN}, "check_in": STAFF_ACTORS,
                    "confirm": STAFF_ACTORS}
    serializer_class = RegistrationSerializer

    filterset_class = RegistrationFilter

    def get_queryset(self):
        return selectors.registrations_for(self.request.user).order_by("registered_at", "id")

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = services.registration_create(by=self.request.user, meeting=d["meeting"],
                                                           designation=d["designation"])

    def _act(self, request, func, **kwargs):
        reg = self.get_object()
        reg = func(by=request.user, registration=reg, **kwargs)
        return Response(RegistrationSerializer(reg, context={"request": request}).data)

    @action(detail=True, methods=["post"], serializer_class=ReasonSerializer)
    def approve(self, request, pk=None):
        return self._act(request, services.registration_approve)

    @action(detail=True, methods=["post"], serializer_class=ReasonSerializer)
    def confirm(self, request, pk=None):
        return self._act(request, services.registration_confirm)

    @action(detail=True, methods=["post"], serializer_class=ReasonSerializer)
    def withdraw(self, request, pk=None):
        return self._act(request, services.registration_withdraw, reason=_reason(request))

    @action(detail=True, methods=["post"], serializer_class=ReasonSerializer)
    def refuse(self, request, pk=None):
        return self._act(request, services.registration_refuse, reason=_reason(request))

    @extend_schema(request=None, responses=RegistrationSerializer)
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request, pk=None):
        """The check-in desk marks arrival against a valid pass; a second scan changes nothing."""
        return self._act(request, services.registration_check_in)


class DesignationSerializer(LabelledModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.none())
    representative = serializers.PrimaryKeyRelatedField(
        queryset=Representative.objects.none(), required=False, allow_null=True,
        help_text="An existing representative of the organisation; or give first_name and last_name.")
    representative_name = serializers.CharField(source="representative.full_name", read_only=True)
    first_name = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=100)
    last_name = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=100)
    gender = serializers.ChoiceField(write_only=True, required=False, default="undisclosed",
                                     choices=Representative._meta.get_field("gender").choices)
    email = serializers.EmailField(write_only=True, required=False, allow_blank=True, default="")
    title = serializers.CharField(write_only=True, required=False, allow_blank=True, default="", max_length=200)
    user = serializers.PrimaryKeyRelatedField(
        write_only=True, required=False, allow_null=True, queryset=Representative.objects.none(),
        help_text="The representative's portal account (a member of the organisation), so they can register "
                  "themselves.")

    class Meta:
        model = Designation
        fields = ["id", "organisation", "year", "role", "representative", "representative_name", "valid_until",
                  "revoked_at", "first_name", "last_name", "gender", "email", "title", "user"]
        read_only_fields = ["valid_until", "revoked_at"]
        validators = []  # the service checks the caps and duplicates, under a lock

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            from django.contrib.auth import get_user_model

            from portal.rules import is_staff_officer

            org_ids = Organisation.objects.all() if is_staff_officer(request.user) else Organisation.objects.filter(
                pk__in=focal_point_organisation_ids(request.user))
            self.fields["organisation"].queryset = org_ids
            self.fields["representative"].queryset = Representative.objects.filter(organisation__in=org_ids)
            self.fields["user"].queryset = get_user_model().objects.filter(
                memberships__organisation__in=org_ids).distinct()


class DesignationViewSet(RoleGate, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """An organisation's annual designations of its representatives (made by
    its focal point; the Secretariat sees all). A registration names one."""

    action_roles = {"create": {Role.NGO}, "revoke": {Role.NGO, Role.SECRETARIAT, Role.ADMIN}}
    serializer_class = DesignationSerializer
    filterset_class = DesignationFilter
    queryset = Designation.objects.none()  # for the schema; get_queryset scopes by user

    def get_queryset(self):
        from portal.rules import is_staff_officer

        qs = Designation.objects.select_related("representative").order_by("-year", "organisation_id", "role", "id")
        if is_staff_officer(self.request.user):
            return qs
        return qs.filter(organisation_id__in=member_organisation_ids(self.request.user))

    def perform_create(self, serializer):
        d = dict(serializer.validated_data)
        serializer.instance = services.designation_create(
            by=self.request.user, organisation=d["organisation"], year=d["year"], role=d["role"],
            first_name=d.get("first_name", ""), last_name=d.get("last_name", ""), gender=d.get("gender"),
            email=d.get("email", ""), title=d.get("title", ""), representative=d.get("representative"),
            user=d.get("user"))

    @extend_schema(request=None, responses=DesignationSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        designation = services.designation_revoke(by=request.user, designation=self.get_object())
        return Response(DesignationSerializer(designation, context={"request": request}).data)


class StatementSerializer(LabelledModelSerializer):
    meeting = MeetingField()
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    cosponsors = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all(), many=True, required=False)
    state_label = serializers.CharField(source="public_state_label", read_only=True)
    actions = WorkflowActionsField(STATEMENT)

    class Meta:
        model = Statement
        fields = ["id", "meeting", "organisation", "cosponsors", "title", "text", "language", "word_count",
                  "word_limit", "state", "state_label", "submitted_at", "actions"]
        read_only_fields = ["word_count", "word_limit", "state", "submitted_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                pk__in=member_organisation_ids(request.user))


class StatementViewSet(RoleGate, ActionsOnSingleObjectsMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    action_roles = {"create": {Role.NGO}, "withdraw": {Role.NGO}, "accept": {Role.SECRETARIAT, Role.ADMIN},
                    "reject": {Role.SECRETARIAT, Role.ADMIN}}
    serializer_class = StatementSerializer

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [permissions.AllowAny()]
        return super().get_permissions()

    filterset_class = StatementFilter

    def get_queryset(self):
        return selectors.statements_for(self.request.user).order_by("submitted_at", "id")

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = services.statement_submit(
            by=self.request.user, meeting=d["meeting"], organisation=d["organisation"], title=d["title"],
            text=d["text"], language=d.get("language", "en"), cosponsors=d.get("cosponsors", []))

    def _act(self, request, name):
        st = self.get_object()
        if name == "accept":
            st = services.statement_accept(by=request.user, statement=st, note=_reason(request))
        elif name == "reject":
            st = services.statement_reject(by=request.user, statement=st, reason=_reason(request))
        else:
            st = services.statement_withdraw(by=request.user, statement=st)
        return Response(StatementSerializer(st, context={"request": request}).data)

    @action(detail=True, methods=["post"], serializer_class=ReasonSerializer)
    def accept(self, request, pk=None):
        return self._act(request, "accept")

    @action(detail=True, methods=["post"], serializer_class=ReasonSerializer)
    def reject(self, request, pk=None):
        return self._act(request, "reject")

    @action(detail=True, methods=["post"], serializer_class=ReasonSerializer)
    def withdraw(self, request, pk=None):
        return self._act(request, "withdraw")


class SpeakerSerializer(LabelledModelSerializer):
    speaker = serializers.CharField(source="speaker.full_name")
    organisation = serializers.CharField(source="organisation.display_name")
    network = serializers.CharField(source="network.name", allow_null=True, default=None)

    class Meta:
        model = SpeakingRequest
        fields = ["position", "speaker", "organisation", "network", "topic", "minutes"]


class SpeakersListSerializer(LabelledModelSerializer):
    speakers = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "title", "speakers_list_published_at", "speaking_minutes", "speakers"]

    def get_speakers(self, obj) -> list[dict]:
        rows, elapsed = [], 0
        for s in obj.scheduled_speakers:
            rows.append({**SpeakerSerializer(s).data, "starts_after_minutes": elapsed})
            elapsed += s.minutes
        return rows


class SpeakerPlaceSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="A request to speak of this meeting.")
    position = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None,
                                        help_text="Place on the list; empty: off the list.")
    minutes = serializers.IntegerField(min_value=1, max_value=30, required=False, allow_null=True, default=None)
    decline = serializers.BooleanField(required=False, default=False)


class ArrangeSerializer(serializers.Serializer):
    entries = SpeakerPlaceSerializer(many=True)


class SpeakersListViewSet(RoleGate, viewsets.ReadOnlyModelViewSet):
    """Published speakers lists (staff also see lists being built). Meetings
    that keep no records have none."""

    action_roles = {"arrange": STAFF_ACTORS, "publish": STAFF_ACTORS}
    serializer_class = SpeakersListSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        from portal.rules import is_staff_officer

        qs = selectors.meetings_for(self.request.user).filter(keeps_records=True)
        if not is_staff_officer(self.request.user):
            qs = qs.filter(speakers_list_published_at__isnull=False)
        return qs.order_by("-starts_on", "id").prefetch_related(Prefetch(
            "speaking_requests", to_attr="scheduled_speakers",
            queryset=SpeakingRequest.objects.filter(state=SpeakingRequest.State.SCHEDULED)
            .select_related("speaker", "organisation", "network").order_by("position", "id")))

    def get_permissions(self):
        if self.action in ("arrange", "publish"):
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    @extend_schema(request=ArrangeSerializer, responses=SpeakersListSerializer)
    @action(detail=True, methods=["post"])
    def arrange(self, request, pk=None):
        """The Secretariat places requests to speak on the list (position,
        minutes), takes them off, or declines them."""
        meeting = self.get_object()
        s = ArrangeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.speakers_list_arrange(by=request.user, meeting=meeting,
                                       entries=[dict(e) for e in s.validated_data["entries"]])
        return Response(SpeakersListSerializer(self.get_queryset().get(pk=meeting.pk),
                                               context={"request": request}).data)

    @extend_schema(request=None, responses=SpeakersListSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish the speakers list (meetings that keep records only)."""
        meeting = services.speakers_list_publish(by=request.user, meeting=self.get_object())
        return Response(SpeakersListSerializer(self.get_queryset().get(pk=meeting.pk),
                                               context={"request": request}).data)


class SpeakingRequestSerializer(LabelledModelSerializer):
    meeting = MeetingField()
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    speaker = serializers.PrimaryKeyRelatedField(queryset=Representative.objects.all())
    network = serializers.PrimaryKeyRelatedField(queryset=Network.objects.all(), allow_null=True, required=False)
    actions = WorkflowActionsField(SPEAKING_REQUEST)

    class Meta:
        model = SpeakingRequest
        fields = ["id", "meeting", "organisation", "speaker", "topic", "network", "state", "position", "minutes",
                  "actions"]
        read_only_fields = ["state", "position", "minutes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            org_ids = member_organisation_ids(request.user)
            self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=org_ids)
            self.fields["speaker"].queryset = Representative.objects.filter(organisation_id__in=org_ids)


class SpeakingRequestViewSet(RoleGate, ActionsOnSingleObjectsMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    action_roles = {"create": {Role.NGO}, "withdraw": {Role.NGO, Role.SECRETARIAT, Role.ADMIN}}
    serializer_class = SpeakingRequestSerializer

    def get_queryset(self):
        from portal.rules import is_staff_officer

        qs = SpeakingRequest.objects.select_related("speaker", "organisation", "network").order_by("id")
        if is_staff_officer(self.request.user):
            return qs
        return qs.filter(organisation_id__in=member_organisation_ids(self.request.user))

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = services.speaking_request_create(
            by=self.request.user, meeting=d["meeting"], organisation=d["organisation"], speaker=d["speaker"],
            topic=d["topic"], network=d.get("network"))

    @extend_schema(request=None, responses=SpeakingRequestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        r = services.speaking_request_withdraw(by=request.user, speaking_request=self.get_object())
        return Response(self.get_serializer(self.get_queryset().get(pk=r.pk)).data)


def register(router):
    router.register("participation/meetings", MeetingViewSet, basename="participation-meeting")
    router.register("participation/registrations", RegistrationViewSet, basename="participation-registration")
    router.register("participation/designations", DesignationViewSet, basename="participation-designation")
    router.register("participation/statements", StatementViewSet, basename="participation-statement")
    router.register("participation/speakers-lists", SpeakersListViewSet, basename="participation-speakers-list")
    router.register("participation/speaking-requests", SpeakingRequestViewSet,
                    basename="participation-speaking-request")



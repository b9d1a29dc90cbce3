"""REST face of participation: meetings, registrations (an organisation sees
its own only), statements and speakers lists. Thin: the same selectors and
services as the pages; the no-record rule holds here too."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accreditation.models import Network, Organisation
from portal.api import LabelledModelSerializer
from portal.params import IdField, ParamForm, parse_query

from . import selectors, services
from .models import Designation, Meeting, Registration, Representative, SpeakingRequest, Statement
from .rules import member_organisation_ids


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


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MeetingSerializer
    permission_classes = [permissions.AllowAny]

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

    class Meta:
        model = Registration
        fields = ["id", "meeting", "organisation", "designation", "representative", "state", "state_label",
                  "registered_at", "badge_code", "checked_in_at"]
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


class MeetingParam(ParamForm):
    meeting = IdField()


class RegistrationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RegistrationSerializer

    def get_queryset(self):
        qs = selectors.registrations_for(self.request.user).order_by("registered_at", "id")
        meeting = parse_query(MeetingParam, self.request)["meeting"]
        if meeting:
            qs = qs.filter(meeting_id=meeting)
        return qs

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


class StatementSerializer(LabelledModelSerializer):
    meeting = MeetingField()
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    cosponsors = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all(), many=True, required=False)
    state_label = serializers.CharField(source="public_state_label", read_only=True)

    class Meta:
        model = Statement
        fields = ["id", "meeting", "organisation", "cosponsors", "title", "text", "language", "word_count",
                  "word_limit", "state", "state_label", "submitted_at"]
        read_only_fields = ["word_count", "word_limit", "state", "submitted_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                pk__in=member_organisation_ids(request.user))


class StatementViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = StatementSerializer

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [permissions.AllowAny()]
        return super().get_permissions()

    def get_queryset(self):
        qs = selectors.statements_for(self.request.user).order_by("submitted_at", "id")
        meeting = parse_query(MeetingParam, self.request)["meeting"]
        if meeting:
            qs = qs.filter(meeting_id=meeting)
        return qs

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


class SpeakersListViewSet(viewsets.ReadOnlyModelViewSet):
    """Published speakers lists (staff also see lists being built). Meetings
    that keep no records have none."""

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


class SpeakingRequestSerializer(LabelledModelSerializer):
    meeting = MeetingField()
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    speaker = serializers.PrimaryKeyRelatedField(queryset=Representative.objects.all())
    network = serializers.PrimaryKeyRelatedField(queryset=Network.objects.all(), allow_null=True, required=False)

    class Meta:
        model = SpeakingRequest
        fields = ["id", "meeting", "organisation", "speaker", "topic", "network", "state", "position", "minutes"]
        read_only_fields = ["state", "position", "minutes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            org_ids = member_organisation_ids(request.user)
            self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=org_ids)
            self.fields["speaker"].queryset = Representative.objects.filter(organisation_id__in=org_ids)


class SpeakingRequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
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


def register(router):
    router.register("participation/meetings", MeetingViewSet, basename="participation-meeting")
    router.register("participation/registrations", RegistrationViewSet, basename="participation-registration")
    router.register("participation/statements", StatementViewSet, basename="participation-statement")
    router.register("participation/speakers-lists", SpeakersListViewSet, basename="participation-speakers-list")
    router.register("participation/speaking-requests", SpeakingRequestViewSet,
                    basename="participation-speaking-request")



"""Declared filters and ordering of the accreditation API lists."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from portal.filters import StableOrderingFilter, StrictBooleanFilter

from .models import Application, Body, Decision, InformationRequest, Organisation
from .workflow import APPLICATION, ORGANISATION_PROFILE


class ApplicationFilter(df.FilterSet):
    state = df.MultipleChoiceFilter(choices=APPLICATION.choices, help_text=_("One or more states (repeat the "
                                                                              "parameter)."))
    track = df.ChoiceFilter(choices=Body.Track.choices)
    organisation = df.NumberFilter(field_name="organisation_id", help_text=_("An organisation's id."))
    session = df.NumberFilter(field_name="session_id", help_text=_("A committee session's id."))
    received_after = df.DateFilter(field_name="received_on", lookup_expr="gte",
                                   help_text=_("Received on or after this day (YYYY-MM-DD)."))
    received_before = df.DateFilter(field_name="received_on", lookup_expr="lte",
                                    help_text=_("Received on or before this day (YYYY-MM-DD)."))
    ordering = StableOrderingFilter(fields=("received_on", "submitted_at", "created_at", "times_deferred"))

    class Meta:
        model = Application
        fields = []


class OrganisationFilter(df.FilterSet):
    profile_state = df.ChoiceFilter(choices=ORGANISATION_PROFILE.choices)
    status_category = df.ChoiceFilter(choices=Organisation._meta.get_field("status_category").choices)
    status_state = df.ChoiceFilter(choices=Organisation._meta.get_field("status_state").choices)
    country = df.CharFilter(field_name="country_id", help_text=_("ISO 3166 two-letter country code, e.g. KE."))
    ordering = StableOrderingFilter(fields=("name", "status_granted_on", "created_at"))

    class Meta:
        model = Organisation
        fields = []


class InformationRequestFilter(df.FilterSet):
    application = df.NumberFilter(field_name="application_id")
    source = df.ChoiceFilter(choices=InformationRequest.Source.choices)
    answered = StrictBooleanFilter(field_name="answered_at", lookup_expr="isnull", exclude=True,
                                help_text=_("true: answered requests only; false: open ones only."))
    ordering = StableOrderingFilter(fields=("asked_at", "due_on", "answered_at"))

    class Meta:
        model = InformationRequest
        fields = []


class DecisionFilter(df.FilterSet):
    session = df.NumberFilter(field_name="session_id")
    application = df.NumberFilter(field_name="application_id")
    outcome = df.ChoiceFilter(choices=Decision.Outcome.choices)
    state = df.ChoiceFilter(choices=Decision.State.choices)

    class Meta:
        model = Decision
        fields = []

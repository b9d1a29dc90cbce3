"""Declared filters and ordering of the accreditation API lists.

Pages: The accreditation pages' list filters and bulk selections, parsed by forms:
a wrong value is a 400 naming the parameter (portal/params.py), never ignored."""

import django_filters as df
from django import forms
from django.utils.translation import gettext_lazy as _

from portal.filters import StableOrderingFilter, StrictBooleanFilter
from portal.params import IdListField, ParamForm, choice_field

from .models import Application, Body, Decision, InformationRequest, Organisation, Recommendation
from .quadrennial.models import LifecycleEntry
from .quadrennial.selectors import DASHBOARD_LISTS
from .workflow import APPLICATION, ORGANISATION_PROFILE, PRESCREENING_STATES


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


# ------------------------------------------------------------------ pages' filters

class QueueFilter(ParamForm):
    state = choice_field(lambda: [(s, s) for s in PRESCREENING_STATES])
    officer = forms.CharField(required=False)

    def clean_officer(self):
        value = self.cleaned_data["officer"].strip()
        if value in ("", "none") or (value.isascii() and value.isdecimal() and len(value) < 10):
            return value
        raise forms.ValidationError(_("Choose an officer from the list."), code="invalid")


class BulkSelection(ParamForm):
    applications = IdListField()


class ListFilter(ParamForm):
    q = forms.CharField(required=False)
    region = forms.CharField(required=False, max_length=40)
    recommendation = choice_field(Recommendation.choices)
    carried_over = choice_field([("yes", "yes"), ("no", "no")])
    decision = choice_field([("none", "none")])


class QuadrennialDashboardFilter(ParamForm):
    list = choice_field(lambda: [(k, k) for k in DASHBOARD_LISTS])


class LifecycleListFilter(ParamForm):
    list = choice_field(LifecycleEntry.Kind.choices)

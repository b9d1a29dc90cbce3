"""Declared filters and ordering of the participation API lists."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from portal.filters import StableOrderingFilter, StrictBooleanFilter

from .models import Designation, Registration, Statement
from .workflow import REGISTRATION, STATEMENT


class RegistrationFilter(df.FilterSet):
    meeting = df.NumberFilter(field_name="meeting_id", help_text=_("A meeting's id."))
    organisation = df.NumberFilter(field_name="organisation_id")
    state = df.MultipleChoiceFilter(choices=REGISTRATION.choices)
    checked_in = StrictBooleanFilter(field_name="checked_in_at", lookup_expr="isnull", exclude=True)
    ordering = StableOrderingFilter(fields=("registered_at", "checked_in_at"))

    class Meta:
        model = Registration
        fields = []


class DesignationFilter(df.FilterSet):
    organisation = df.NumberFilter(field_name="organisation_id")
    year = df.NumberFilter()
    role = df.ChoiceFilter(choices=Designation.Role.choices)
    revoked = StrictBooleanFilter(field_name="revoked_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Designation
        fields = []


class StatementFilter(df.FilterSet):
    meeting = df.NumberFilter(field_name="meeting_id")
    organisation = df.NumberFilter(field_name="organisation_id")
    state = df.ChoiceFilter(choices=STATEMENT.choices)
    ordering = StableOrderingFilter(fields=("submitted_at",))

    class Meta:
        model = Statement
        fields = []

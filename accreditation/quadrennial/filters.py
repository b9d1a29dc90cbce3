"""Declared filters of the quadrennial API lists."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from portal.filters import StableOrderingFilter

from .models import LifecycleEntry, QuadrennialReport
from .workflow import LIFECYCLE_ENTRY, REPORT


class ReportFilter(df.FilterSet):
    state = df.MultipleChoiceFilter(choices=REPORT.choices)
    organisation = df.NumberFilter(field_name="organisation_id", help_text=_("An organisation's id."))
    due_before = df.DateFilter(field_name="due_on", lookup_expr="lte")
    ordering = StableOrderingFilter(fields=("due_on", "submitted_on", "period_start"))

    class Meta:
        model = QuadrennialReport
        fields = []


class LifecycleEntryFilter(df.FilterSet):
    session = df.NumberFilter(field_name="session_id")
    kind = df.ChoiceFilter(choices=LifecycleEntry.Kind.choices)
    state = df.ChoiceFilter(choices=LIFECYCLE_ENTRY.choices)

    class Meta:
        model = LifecycleEntry
        fields = []

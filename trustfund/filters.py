"""Declared filters and ordering of the trust-fund API lists.

The pages' list filters, parsed by forms: a wrong value is a 400
naming the parameter (portal/params.py), never silently ignored."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from portal.filters import StableOrderingFilter
from portal.params import ParamForm, YearField, choice_field

from .models import GrantApplication
from .workflow import GRANT_APPLICATION


class GrantApplicationFilter(df.FilterSet):
    call = df.NumberFilter(field_name="call_id", help_text=_("A call's id."))
    organisation = df.NumberFilter(field_name="organisation_id")
    state = df.MultipleChoiceFilter(choices=GRANT_APPLICATION.choices)
    ordering = StableOrderingFilter(fields=("created_at", "requested_usd", "awarded_usd"))

    class Meta:
        model = GrantApplication
        fields = []


# ------------------------------------------------------------------ pages' filters

class YearFilter(ParamForm):
    year = YearField(min_value=2000, max_value=2100)


class ApplicationFilter(ParamForm):
    state = choice_field(lambda: [(s, s) for s in GRANT_APPLICATION.states])

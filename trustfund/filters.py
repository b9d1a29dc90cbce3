"""Declared filters and ordering of the trust-fund API lists."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from portal.filters import StableOrderingFilter

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

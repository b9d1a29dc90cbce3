"""The accreditation pages' list filters and bulk selections, parsed by forms:
a wrong value is a 400 naming the parameter (portal/params.py), never ignored."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.params import IdListField, ParamForm, choice_field

from .models import Recommendation
from .quadrennial.models import LifecycleEntry
from .quadrennial.selectors import DASHBOARD_LISTS
from .workflow import PRESCREENING_STATES


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

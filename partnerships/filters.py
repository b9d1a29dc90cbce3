"""The partnerships pages' list filters, parsed by forms: a wrong value is a
400 naming the parameter (portal/params.py), never silently ignored."""

from django import forms

from accreditation.models import EntityKind, Organisation, StatusCategory
from portal.params import ParamForm, YearField, choice_field

from .search import OTHER_ACCREDITATIONS
from .selectors import ELECTED_KINDS


class DirectoryFilter(ParamForm):
    q = forms.CharField(required=False, max_length=200)
    status_category = choice_field(StatusCategory.choices)
    year = YearField()
    country = forms.CharField(required=False, max_length=2)
    activity_country = forms.CharField(required=False, max_length=2)
    region = forms.CharField(required=False, max_length=40)
    area = forms.CharField(required=False, max_length=50)
    other = choice_field([(v, v) for v in OTHER_ACCREDITATIONS])
    org_type = choice_field(Organisation.Type.choices)
    entity_kind = choice_field(EntityKind.choices)

    def clean_country(self):
        return self.cleaned_data["country"].upper()

    def clean_activity_country(self):
        return self.cleaned_data["activity_country"].upper()


class InquiryQueueFilter(ParamForm):
    unit = forms.CharField(required=False, max_length=50)


class LiaisonFilter(ParamForm):
    kind = choice_field(lambda: [(k.value, k.value) for k in ELECTED_KINDS])


class RosterSearch(ParamForm):
    q = forms.CharField(required=False, max_length=200)

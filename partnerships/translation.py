"""Translated fields of the Partnerships Office's reference data (django-modeltranslation).
The translations themselves are data: partnerships/data/translations.json."""

from modeltranslation.translator import TranslationOptions, register

from .models import Agency, Measure, Proposal, Unit


@register(Agency)
class AgencyTranslation(TranslationOptions):
    fields = ("name",)


@register(Unit)
class UnitTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Proposal)
class ProposalTranslation(TranslationOptions):
    fields = ("title",)


@register(Measure)
class MeasureTranslation(TranslationOptions):
    fields = ("title",)

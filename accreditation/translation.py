"""Translated fields of accreditation's reference data (django-modeltranslation).
The translations themselves are data: accreditation/data/translations.json."""

from modeltranslation.translator import TranslationOptions, register

from .models import AreaOfExpertise, Body, Committee, Criterion


@register(AreaOfExpertise)
class AreaOfExpertiseTranslation(TranslationOptions):
    fields = ("name",)


@register(Body)
class BodyTranslation(TranslationOptions):
    fields = ("name",)


@register(Committee)
class CommitteeTranslation(TranslationOptions):
    fields = ("name",)


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("title", "description")

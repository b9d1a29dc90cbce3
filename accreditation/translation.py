"""Translated fields of accreditation's reference data (django-modeltranslation).
The translations themselves are data: accreditation/data/translations.json."""

from modeltranslation.translator import TranslationOptions, register

from .models import AreaOfExpertise, Body, CodeOfConduct, Committee, Criterion


@register(AreaOfExpertise)
class AreaOfExpertiseTranslation(TranslationOptions):
    fields = ("name",)


@register(Body)
class BodyTranslation(TranslationOptions):
    fields = ("name", "access_decision")


@register(Committee)
class CommitteeTranslation(TranslationOptions):
    fields = ("name",)


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("title", "description")


@register(CodeOfConduct)
class CodeOfConductTranslation(TranslationOptions):
    fields = ("text", "decision")

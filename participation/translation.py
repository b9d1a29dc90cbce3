"""Translated fields of participation's reference data (django-modeltranslation).
The translations themselves are data: participation/data/translations.json."""

from modeltranslation.translator import TranslationOptions, register

from .models import MeetingKind


@register(MeetingKind)
class MeetingKindTranslation(TranslationOptions):
    fields = ("name", "description")

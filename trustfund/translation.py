"""Translated fields of the trust funds (django-modeltranslation).
The translations themselves are data: trustfund/data/translations.json."""

from modeltranslation.translator import TranslationOptions, register

from .models import Fund


@register(Fund)
class FundTranslation(TranslationOptions):
    fields = ("name", "mandate", "managed_by", "guided_by", "description")

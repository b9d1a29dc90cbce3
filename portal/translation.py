"""Translated fields of the portal's reference data (django-modeltranslation).
Country names in the five other languages come from CLDR (portal.i18n.fill_country_names)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Country


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)

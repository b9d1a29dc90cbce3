"""Admin of translated reference data: the fields in tabs, one per language
(django-modeltranslation), and the languages a row still lacks — where readers
see the English text — shown in the list and on the form."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from modeltranslation.translator import translator

from .i18n import TRANSLATED_LANGUAGES, missing_translations

_LANGUAGE_NAMES = {"ar": _("Arabic"), "zh_hans": _("Chinese"), "fr": _("French"), "ru": _("Russian"),
                   "es": _("Spanish")}


def missing_languages_label(obj) -> str:
    fields = translator.get_options_for_model(type(obj)).get_field_names()
    missing = missing_translations(obj, fields)
    if not missing:
        return "—"
    return ", ".join(str(_LANGUAGE_NAMES[lang]) for lang in TRANSLATED_LANGUAGES if lang in missing)


class TranslatedReferenceAdmin(TabbedTranslationAdmin):
    """ModelAdmin for a model registered in its app's translation.py."""

    def get_list_display(self, request):
        return (*super().get_list_display(request), "missing_languages")

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "missing_languages")

    @admin.display(description=_("Not yet translated (English shown)"))
    def missing_languages(self, obj):
        return missing_languages_label(obj) if obj and obj.pk else "—"


class TranslatedReferenceInline(TranslationTabularInline):
    pass

"""Six languages for data, not only for the interface.

- Reference data: each app registers its translatable fields in its own
  `translation.py` (django-modeltranslation: one column per language, English
  the fallback) and ships the translations in `<app>/data/translations.json`,
  keyed by a stable code, never by database id. `load_translations` writes them
  (data migrations and tests/reference.py call it).
- Sorting by the reader's language: `collation()` names a collation per
  language. On PostgreSQL they are ICU collations (portal migration 0005); on
  SQLite the same names are registered on every connection with a Python
  fallback that ignores accents and case first (Chinese then sorts by code
  point, not by pinyin: use PostgreSQL for that). `collated("name")` is the
  expression to order by.
- Countries and M49 regions are named from CLDR through Babel
  (`country_name`, `region_name`).
"""

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

from django.apps import apps as global_apps
from django.conf import settings
from django.db.models import CharField, Expression, F, Value
from django.db.models.functions import Coalesce, Collate, NullIf
from django.utils import translation
from django.utils.deconstruct import deconstructible

# Django language code -> CLDR/ICU locale.
CLDR_LOCALES = {"en": "en", "ar": "ar", "zh-hans": "zh_Hans", "fr": "fr", "ru": "ru", "es": "es"}
ICU_LOCALES = {"en": "en", "ar": "ar", "zh-hans": "zh", "fr": "fr", "ru": "ru", "es": "es"}
# Language code as used in the translations files and column suffixes.
TRANSLATED_LANGUAGES = ("ar", "zh_hans", "fr", "ru", "es")


def current_language() -> str:
    lang = (translation.get_language() or settings.LANGUAGE_CODE).lower()
    if lang in CLDR_LOCALES:
        return lang
    base = lang.split("-")[0]
    return "zh-hans" if base == "zh" else (base if base in CLDR_LOCALES else settings.LANGUAGE_CODE)


def cldr_locale(lang: str | None = None) -> str:
    return CLDR_LOCALES[lang or current_language()]


def column_suffix(lang: str) -> str:
    return lang.replace("-", "_")


# ---------------------------------------------------------------- collation

def collation(lang: str | None = None) -> str:
    return "portal_" + column_suffix(lang or current_language())


def localized_column(field: str, lang: str | None = None):
    """The current language's column of a translated field, English where it is empty."""
    lang = lang or current_language()
    if lang == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return F(f"{field}_en")
    text = CharField()
    return Coalesce(NullIf(F(f"{field}_{column_suffix(lang)}"), Value(""), output_field=text), F(f"{field}_en"),
                    output_field=text)


def collated(field: str, *, translated: bool = False, lang: str | None = None):
    """An ORDER BY expression sorting `field` by the reader's language.
    `translated=True` for fields registered with modeltranslation."""
    expr = localized_column(field, lang) if translated else F(field)
    return Collate(expr, collation(lang))


@deconstructible(path="portal.i18n.ByLanguage")
class ByLanguage(Expression):
    """Ordering by the reader's language, decided when the query runs, so it
    can stand in Meta.ordering: `ordering = [ByLanguage("name", translated=True)]`.
    Related models' orderings (order_by("country")) follow it too."""

    def __init__(self, field, translated=False):
        super().__init__()
        self.translated = translated
        self.source = F(field) if isinstance(field, str) else field

    def get_source_expressions(self):
        return [self.source]

    def set_source_expressions(self, exprs):
        (self.source,) = exprs

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        expr = collated(self.source.name, translated=self.translated)
        return expr.resolve_expression(query, allow_joins, reuse, summarize, for_save)

    def __eq__(self, other):
        return isinstance(other, ByLanguage) and (self.source.name, self.translated) == (
            other.source.name, other.translated)

    def __hash__(self):
        return hash((ByLanguage, self.source.name, self.translated))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def sort_key(text) -> tuple:
    """Python fallback of the collations: letters first, then accents, then case."""
    text = str(text or "")
    return (_fold(text), unicodedata.normalize("NFKD", text.casefold()), text)


def sorted_by_language(items, key=str):
    return sorted(items, key=lambda item: sort_key(key(item)))


def _sqlite_compare(a, b):
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


def register_sqlite_collations(sender, connection, **kwargs):
    """connection_created handler: the same collation names on SQLite."""
    if connection.vendor != "sqlite":
        return
    for lang in CLDR_LOCALES:
        connection.connection.create_collation(collation(lang), _sqlite_compare)


def create_postgresql_collations(apps, schema_editor):
    """Data migration step: one ICU collation per language (PostgreSQL only)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for lang, icu in ICU_LOCALES.items():
            cursor.execute(f'CREATE COLLATION IF NOT EXISTS "{collation(lang)}" (provider = icu, locale = %s)', [icu])


def drop_postgresql_collations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for lang in ICU_LOCALES:
            cursor.execute(f'DROP COLLATION IF EXISTS "{collation(lang)}"')


# ---------------------------------------------------------------- countries and regions (CLDR)

# M49 codes of the regions and sub-regions named in portal/data/countries.csv.
M49_REGIONS = {
    "Africa": "002", "Americas": "019", "Asia": "142", "Europe": "150", "Oceania": "009",
    "Northern Africa": "015", "Sub-Saharan Africa": "202", "Latin America and the Caribbean": "419",
    "Northern America": "021", "Central Asia": "143", "Eastern Asia": "030", "South-eastern Asia": "035",
    "Southern Asia": "034", "Western Asia": "145", "Eastern Europe": "151", "Northern Europe": "154",
    "Southern Europe": "039", "Western Europe": "155", "Australia and New Zealand": "053",
    "Melanesia": "054", "Micronesia": "057", "Polynesia": "061",
}


@lru_cache(maxsize=16)
def _territories(locale: str) -> dict:
    from babel import Locale

    return dict(Locale.parse(locale).territories)


def cldr_territory(code: str, lang: str) -> str | None:
    """A country (ISO 3166 alpha-2) or M49 region (three digits) named in `lang` by CLDR."""
    return _territories(CLDR_LOCALES[lang]).get(code)


def region_name(value: str, lang: str | None = None) -> str:
    """The M49 region or sub-region stored in English (Country.region), named in the reader's language."""
    if not value:
        return value
    lang = lang or current_language()
    code = M49_REGIONS.get(value)
    if lang == "en" or code is None:
        return value
    return cldr_territory(code, lang) or value


@lru_cache(maxsize=1)
def _country_codes_by_english_name() -> dict:
    """English M49 name -> ISO code (then the other languages' names, for copies frozen in them)."""
    Country = global_apps.get_model("portal", "Country")
    columns = ["name_en"] + [f"name_{lang}" for lang in TRANSLATED_LANGUAGES]
    codes = {}
    for row in Country.objects.values_list("iso2", *columns):
        for name in row[1:]:
            if name:
                codes.setdefault(name, row[0])
    return codes


@lru_cache(maxsize=1)
def _english_country_names() -> dict:
    Country = global_apps.get_model("portal", "Country")
    return dict(Country.objects.values_list("iso2", "name_en"))


def country_name(value: str, lang: str | None = None) -> str:
    """A country given by its ISO code or its English name (as frozen copies keep it), in the reader's language."""
    if not value:
        return value
    lang = lang or current_language()
    by_name = _country_codes_by_english_name()
    code = value if len(value) == 2 and value.isupper() else by_name.get(value)
    if code is None:
        return value
    if lang == "en":
        return _english_country_names().get(code, value)
    return cldr_territory(code, lang) or value


def fill_country_names(apps, schema_editor=None):
    """Data migration step: the five other languages' country names from CLDR (Babel).
    English keeps the M49 name the UN Statistics Division publishes."""
    Country = apps.get_model("portal", "Country")
    for country in Country.objects.all():
        changes = {"name_en": country.name_en or country.name}
        for lang in CLDR_LOCALES:
            if lang != "en":
                changes[f"name_{column_suffix(lang)}"] = cldr_territory(country.iso2, lang) or ""
        Country.objects.filter(pk=country.pk).update(**changes)


# ---------------------------------------------------------------- reference data translations

def translations_file(app_label: str) -> Path:
    return Path(global_apps.get_app_config(app_label).path) / "data" / "translations.json"


def load_translations(apps, app_label: str, path: Path | None = None) -> int:
    """Write the translations shipped in `<app>/data/translations.json` into the
    language columns. The file maps "app_label.Model" to
    {"key": [lookup fields], "fields": [...], "rows": {key: {field: {lang: text}}}};
    a composite key joins its parts with "/". English is copied from the
    original column where its own column is empty. Safe to run again."""
    path = path or translations_file(app_label)
    if not path.exists():
        return 0
    data = json.loads(path.read_text(encoding="utf-8"))
    written = 0
    for model_label, spec in data.items():
        label, model_name = model_label.split(".")
        Model = apps.get_model(label, model_name)
        # A field added by a later migration is skipped here (that migration loads it).
        have = {f.name for f in Model._meta.get_fields()}
        present = [f for f in spec["fields"] if f"{f}_en" in have]
        for field in present:
            Model._base_manager.filter(**{f"{field}_en__isnull": True}).update(**{f"{field}_en": F(field)})
            Model._base_manager.filter(**{f"{field}_en": ""}).exclude(**{field: ""}).update(**{f"{field}_en": F(field)})
        for key, fields in spec["rows"].items():
            lookup = dict(zip(spec["key"], key.split("/"), strict=True))
            changes = {}
            for field, by_lang in fields.items():
                if field not in present:
                    continue
                for lang, text in by_lang.items():
                    if lang in TRANSLATED_LANGUAGES and text:
                        changes[f"{field}_{lang}"] = text
            if changes:
                written += Model._base_manager.filter(**lookup).update(**changes)
    return written


def missing_translations(obj, fields) -> list[str]:
    """Languages in which `obj` has no text of its own for one of `fields`."""
    missing = []
    for lang in TRANSLATED_LANGUAGES:
        if any(not getattr(obj, f"{field}_{lang}", "") for field in fields):
            missing.append(lang)
    return missing

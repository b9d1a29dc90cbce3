"""Reference data in the six languages: translations shipped as data, CLDR
country and region names, fallback to English marked in the admin, session
titles from display names, sorting by the reader's language."""

import json

import pytest
from babel import Locale
from django import forms
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from accreditation.models import AreaOfExpertise, Body, Committee, Criterion, Session
from participation.models import MeetingKind
from portal.i18n import TRANSLATED_LANGUAGES, column_suffix, load_translations, region_name, translations_file
from portal.models import Country
from tests.utils import ON_POSTGRES
from trustfund.models import Fund

pytestmark = pytest.mark.django_db

LANGS = ["ar", "zh-hans", "fr", "ru", "es"]


@pytest.mark.parametrize("app_label", ["accreditation", "participation", "trustfund"])
def test_every_row_of_an_app_s_translations_file_is_in_every_language(app_label):
    data = json.loads(translations_file(app_label).read_text(encoding="utf-8"))
    checked = 0
    for model_label, spec in data.items():
        Model = apps.get_model(model_label)
        for key, fields in spec["rows"].items():
            obj = Model.objects.get(**dict(zip(spec["key"], key.split("/"), strict=True)))
            for field, by_lang in fields.items():
                assert set(by_lang) == set(TRANSLATED_LANGUAGES), (model_label, key, field)
                for lang in LANGS:
                    with translation.override(lang):
                        assert getattr(obj, field) == by_lang[column_suffix(lang)]
                        checked += 1
    assert checked >= 45  # nine meeting kinds at least


def test_the_partnerships_office_s_rows_get_their_translations_when_they_are_created():
    from partnerships.models import Unit

    Unit.objects.create(code="accreditation", name="Accreditation Unit")
    load_translations(apps, "partnerships")
    unit = Unit.objects.get(code="accreditation")
    with translation.override("fr"):
        assert unit.name == "Groupe de l’accréditation"
    with translation.override("en"):
        assert unit.name == "Accreditation Unit"


@pytest.mark.parametrize(("lang", "name"), [
    ("en", "Committee on Non-Governmental Organizations"),
    ("fr", "Comité chargé des organisations non gouvernementales"),
    ("zh-hans", "非政府组织委员会"),
    ("ru", "Комитет по неправительственным организациям"),
    ("es", "Comité Encargado de las Organizaciones No Gubernamentales"),
    ("ar", "لجنة المنظمات غير الحكومية"),
])
def test_the_committee_on_ngos_has_its_official_un_name_in_each_language(lang, name):
    with translation.override(lang):
        assert Committee.objects.get(code="ngo-committee").name == name


@pytest.mark.parametrize(("lang", "title"), [
    ("en", "Committee on Non-Governmental Organizations — 2027 regular session"),
    ("fr", "Comité chargé des organisations non gouvernementales — session ordinaire de 2027"),
    ("es", "Comité Encargado de las Organizaciones No Gubernamentales — período ordinario de sesiones de 2027"),
    ("zh-hans", "非政府组织委员会 — 2027年常会"),
])
def test_a_session_is_titled_from_the_committee_s_name_never_its_code(lang, title):
    import datetime

    session = Session.objects.create(committee=Committee.objects.get(code="ngo-committee"), year=2027,
                                     kind="regular", starts_on=datetime.date(2027, 1, 20),
                                     ends_on=datetime.date(2027, 1, 29))
    with translation.override(lang):
        assert str(session) == title
        assert "ngo-committee" not in str(session)


def test_reference_rows_read_in_the_reader_s_language_everywhere_they_are_used():
    with translation.override("ru"):
        assert Body.objects.get(code="csw").name == "Комиссия по положению женщин"
        assert MeetingKind.objects.get(code="sc-arria").name == "Заседание Совета Безопасности по формуле Аррии"
        assert Fund.objects.get(code="participation").name.startswith("Целевой фонд")
        assert Criterion.objects.filter(code="constitution").first().title == "Демократически принятый устав"
        assert AreaOfExpertise.objects.get(code="human-rights").name == "Права человека"


def test_a_row_nobody_translated_yet_reads_in_english_and_the_admin_says_so(client, make_user):
    from portal.roles import Role

    AreaOfExpertise.objects.create(code="oceans", name="Oceans and the law of the sea")
    with translation.override("fr"):
        assert AreaOfExpertise.objects.get(code="oceans").name == "Oceans and the law of the sea"
    admin = make_user(username="root", role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    html = client.get(reverse("admin:accreditation_areaofexpertise_changelist"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not yet translated (English shown)" in html
    row = html[html.index("Oceans and the law of the sea"):][:600]
    assert "Arabic, Chinese, French, Russian, Spanish" in row
    translated = html[html.index("Human rights"):][:600]
    assert "Arabic, Chinese" not in translated
    form = client.get(reverse("admin:accreditation_areaofexpertise_change",
                              args=[AreaOfExpertise.objects.get(code="oceans").pk])).content.decode()
    assert 'name="name_fr"' in form and 'name="name_zh_hans"' in form and 'name="name_ar"' in form


@pytest.mark.parametrize("lang", LANGS)
def test_country_names_come_from_cldr(lang):
    cldr = Locale.parse({"zh-hans": "zh_Hans"}.get(lang, lang)).territories
    with translation.override(lang):
        names = dict(Country.objects.values_list("iso2", f"name_{column_suffix(lang)}"))
        assert all(name == cldr[iso2] for iso2, name in names.items())
        assert Country.objects.get(iso2="KE").name == cldr["KE"]


def test_english_keeps_the_m49_names():
    assert Country.objects.get(iso2="BO").name == "Bolivia (Plurinational State of)"


@pytest.mark.parametrize(("value", "lang", "name"), [
    ("Africa", "fr", "Afrique"), ("Americas", "es", "América"), ("Asia", "ru", "Азия"),
    ("Sub-Saharan Africa", "zh-hans", "撒哈拉以南非洲"), ("Western Asia", "ar", "غرب آسيا"),
    ("Europe", "en", "Europe"),
])
def test_m49_regions_are_named_from_cldr(value, lang, name):
    assert region_name(value, lang) == name


def _select_labels(lang):
    with translation.override(lang):
        field = forms.ModelChoiceField(queryset=Country.objects.all())
        return [str(label) for _value, label in field.choices][1:]


def test_the_country_select_sorts_accents_as_an_english_reader_expects():
    labels = _select_labels("en")
    assert labels.index("Côte d’Ivoire") < labels.index("Croatia") < labels.index("Czechia")


def test_the_country_select_sorts_accents_as_a_french_reader_expects():
    labels = _select_labels("fr")
    assert labels.index("Dominique") < labels.index("Égypte") < labels.index("Équateur") < labels.index("Érythrée") \
        < labels.index("Espagne") < labels.index("Fidji")


@pytest.mark.skipif(not ON_POSTGRES, reason="Chinese is sorted by pinyin with PostgreSQL's ICU collation; "
                    "SQLite's fallback sorts it by code point (portal/i18n.py)")
def test_the_country_select_sorts_chinese_by_pinyin():
    labels = _select_labels("zh-hans")
    # 阿富汗 (Āfùhàn) near the start, 中国 (Zhōngguó) near the end.
    assert labels.index("阿富汗") < 10
    assert labels.index("中国") > len(labels) - 15


@pytest.mark.skipif(not ON_POSTGRES, reason="ICU collations are created on PostgreSQL only")
def test_each_language_has_an_icu_collation_on_postgresql():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT collname FROM pg_collation WHERE collname LIKE 'portal_%%'")
        names = {row[0] for row in cursor.fetchall()}
    assert names == {"portal_en", "portal_ar", "portal_zh_hans", "portal_fr", "portal_ru", "portal_es"}

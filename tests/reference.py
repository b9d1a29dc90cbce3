"""Reference data that data migrations load (countries, bodies, criteria,
meeting kinds and rights, funds) and their translations (portal.i18n). Transactional tests end with a flush that
empties those tables; `ensure_reference_data` puts them back, once per test,
for every test that uses the database (tests/conftest.py)."""

import importlib

from django.apps import apps


def _migration(name):
    return importlib.import_module(name)


def ensure_reference_data():
    from accreditation.models import Body, CriteriaSet
    from participation.models import MeetingKind
    from portal.i18n import fill_country_names, load_translations
    from portal.models import Country
    from trustfund.models import Fund

    if not Country.objects.exists():
        _migration("portal.migrations.0004_load_countries").load(apps, None)
        fill_country_names(apps)
    reloaded = set()
    if not Body.objects.exists():
        _migration("accreditation.migrations.0002_reference_data").load(apps, None)
        reloaded.add("accreditation")
    if not CriteriaSet.objects.exists():
        _migration("accreditation.migrations.0006_criteria_v1").forward(apps, None)
        reloaded.add("accreditation")
    if not MeetingKind.objects.exists():
        _migration("participation.migrations.0002_reference_data").load(apps, None)
        reloaded.add("participation")
    if not Fund.objects.exists():
        funds = _migration("trustfund.migrations.0003_ledger_append_only_and_funds").FUNDS
        for spec in funds:
            Fund.objects.get_or_create(code=spec["code"], defaults=spec)
        reloaded.add("trustfund")
    for app_label in sorted(reloaded):
        load_translations(apps, app_label)

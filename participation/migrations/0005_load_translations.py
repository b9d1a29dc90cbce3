"""Reference data in Arabic, Chinese, French, Russian and Spanish, from
participation/data/translations.json (keyed by code; safe to run again)."""

from django.db import migrations

from portal.i18n import load_translations


def load(apps, schema_editor):
    load_translations(apps, "participation")


class Migration(migrations.Migration):
    dependencies = [("participation", "0004_reference_data_in_six_languages")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

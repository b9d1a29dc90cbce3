"""Sorting by the reader's language: one ICU collation per language on
PostgreSQL (SQLite gets the same names from portal.i18n on each connection).
Country names in Arabic, Chinese, French, Russian and Spanish from CLDR."""

from django.db import migrations

from portal.i18n import create_postgresql_collations, drop_postgresql_collations, fill_country_names


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_country_names_in_six_languages")]
    operations = [
        migrations.RunPython(create_postgresql_collations, drop_postgresql_collations),
        migrations.RunPython(fill_country_names, migrations.RunPython.noop),
    ]

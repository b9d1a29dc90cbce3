"""Country names in Arabic, Chinese, French, Russian and Spanish from CLDR
(the collations are created by 0005)."""

from django.db import migrations

from portal.i18n import fill_country_names


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_country_names_in_six_languages")]
    operations = [
        migrations.RunPython(fill_country_names, migrations.RunPython.noop),
    ]

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "countries.csv"


def load(apps, schema_editor):
    Country = apps.get_model("portal", "Country")
    with DATA.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        Country.objects.update_or_create(
            iso2=row["iso2"],
            defaults={
                "iso3": row["iso3"], "m49": row["m49"], "name": row["name"], "region": row["region"],
                "subregion": row["subregion"], "developing": row["developing"] == "1", "ldc": row["ldc"] == "1",
                "lldc": row["lldc"] == "1", "sids": row["sids"] == "1",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_country")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

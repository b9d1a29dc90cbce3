from django.db import migrations

from accreditation.reference import load_reference_data


def load(apps, schema_editor):
    load_reference_data(apps.get_model("accreditation", "Body"), apps.get_model("accreditation", "Committee"),
                        apps.get_model("accreditation", "AreaOfExpertise"))


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

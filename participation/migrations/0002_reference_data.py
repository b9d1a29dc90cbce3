from django.db import migrations

from participation.reference import load_reference_data


def load(apps, schema_editor):
    load_reference_data(apps.get_model("participation", "MeetingKind"),
                        apps.get_model("participation", "ParticipationRight"))


class Migration(migrations.Migration):
    dependencies = [("participation", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

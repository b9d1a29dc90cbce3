from django.db import migrations

from portal.i18n import load_translations


def load(apps, schema_editor):
    """Record the decisions that open bodies to applications (the General
    Assembly's stay closed, awaiting its decision) and their translations."""
    from accreditation.reference import load_reference_data

    load_reference_data(apps.get_model("accreditation", "Body"), apps.get_model("accreditation", "Committee"),
                        apps.get_model("accreditation", "AreaOfExpertise"))
    load_translations(apps, "accreditation")






class Migration(migrations.Migration):
    dependencies = [("accreditation", "0016_bodies_by_decision_and_entity_kinds")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

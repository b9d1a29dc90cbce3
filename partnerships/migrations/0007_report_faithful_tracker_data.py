from django.db import migrations

def classify(apps, schema_editor):
    """Give the UN entities already recorded their kind (funds and
    programmes, specialised agencies, regional commissions)."""
    from partnerships.reference import AGENCIES

    Agency = apps.get_model("partnerships", "Agency")
    for code, _name, kind in AGENCIES:
        Agency.objects.filter(code=code).update(kind=kind)



LANGS = ("en", "ar", "es", "fr", "ru", "zh_hans")


def correct(apps, schema_editor):
    """The tracker as the report has it: each proposal with the paragraphs
    citing it and the Secretary-General's position, no title for those it
    does not cite, and no status claiming more than its evidence."""
    from partnerships.reference import MEASURE_EVIDENCE, MEASURES, PROPOSALS

    Proposal = apps.get_model("partnerships", "Proposal")
    Measure = apps.get_model("partnerships", "Measure")
    for number, title, paragraphs, position, status, _unit, evidence in PROPOSALS:
        row = Proposal.objects.filter(number=number).first()
        if row is None:
            continue
        row.report_paragraphs, row.sg_position = paragraphs, position
        if not paragraphs:
            row.title = ""
            for lang in LANGS:
                setattr(row, f"title_{lang}", "")
        if row.status in ("implemented", "piloted") and not row.evidence_url:
            row.status, row.evidence_url = status, evidence
        row.save()
    for code, _title, _paragraphs, _numbers, status, _unit in MEASURES:
        row = Measure.objects.filter(code=code).first()
        if row is not None and row.status in ("implemented", "piloted") and not row.evidence_url:
            row.status, row.evidence_url = status, MEASURE_EVIDENCE.get(code, "")
            row.save()





class Migration(migrations.Migration):
    dependencies = [("partnerships", "0006_report_faithful_tracker_entities_and_measures")]
    operations = [
        migrations.RunPython(classify, migrations.RunPython.noop),
        migrations.RunPython(correct, migrations.RunPython.noop),
    ]

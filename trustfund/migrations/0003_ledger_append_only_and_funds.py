from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION trustfund_ledgerentry_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'trustfund_ledgerentry is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER trustfund_ledgerentry_no_change BEFORE UPDATE OR DELETE ON trustfund_ledgerentry
  FOR EACH ROW EXECUTE FUNCTION trustfund_ledgerentry_append_only();
"""
REVERSE = """
DROP TRIGGER IF EXISTS trustfund_ledgerentry_no_change ON trustfund_ledgerentry;
DROP FUNCTION IF EXISTS trustfund_ledgerentry_append_only();
"""

FUNDS = [
    {
        "code": "participation",
        "name": "Trust fund for the participation of developing-country NGOs",
        "kind": "participation",
        "mandate": "A/59/354 ¶22 (proposal 27)",
        "managed_by": "United Nations Secretariat (NGO Branch)",
        "guided_by": "Board of trustees",
        "description": "Pays travel and accommodation for representatives of accredited NGOs from developing "
                       "countries to attend intergovernmental meetings.",
    },
    {
        "code": "country-capacity",
        "name": "Fund for country-level civil-society capacity",
        "kind": "capacity",
        "mandate": "A/59/354 ¶47",
        "managed_by": "UNDP",
        "guided_by": "UNDG working group",
        "description": "Seed money for country teams' innovative initiatives with civil society and for resident "
                       "coordinator offices.",
    },
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)
    Fund = apps.get_model("trustfund", "Fund")
    for f in FUNDS:
        Fund.objects.get_or_create(code=f["code"], defaults=f)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE)


class Migration(migrations.Migration):
    dependencies = [("trustfund", "0002_funds_ledger_grants")]
    operations = [migrations.RunPython(forwards, backwards)]

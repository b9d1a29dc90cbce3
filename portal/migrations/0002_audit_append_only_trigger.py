from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION portal_auditentry_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'portal_auditentry is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER portal_auditentry_no_change BEFORE UPDATE OR DELETE ON portal_auditentry
  FOR EACH ROW EXECUTE FUNCTION portal_auditentry_append_only();
"""
REVERSE = """
DROP TRIGGER IF EXISTS portal_auditentry_no_change ON portal_auditentry;
DROP FUNCTION IF EXISTS portal_auditentry_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

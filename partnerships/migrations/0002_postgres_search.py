"""PostgreSQL search for the directory: pg_trgm and unaccent, a GIN trigram
index (partial words with LIKE, typos with %>) and a GIN full-text index on
the normalised text. Nothing on SQLite, where the same interface runs on
the normalised text alone."""

from django.db import migrations

INDEXES = [
    "CREATE INDEX IF NOT EXISTS partnerships_dir_trgm ON partnerships_directoryentry "
    "USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS partnerships_dir_fts ON partnerships_directoryentry "
    "USING gin (to_tsvector('english'::regconfig, search_text))",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for sql in INDEXES:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS partnerships_dir_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS partnerships_dir_fts")


def build_index(apps, schema_editor):
    """Index the organisations that exist before this app did."""
    Organisation = apps.get_model("accreditation", "Organisation")
    DirectoryEntry = apps.get_model("partnerships", "DirectoryEntry")
    from portal.text import normalise_name

    batch = []
    for pk, name, name_en_fr, acronym in Organisation.objects.values_list("pk", "name", "name_en_fr", "acronym"):
        text = normalise_name(" ".join(p for p in (name, name_en_fr, acronym) if p))
        batch.append(DirectoryEntry(organisation_id=pk, search_text=text, acronym=normalise_name(acronym)))
    DirectoryEntry.objects.bulk_create(batch, batch_size=2000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RunPython(build_index, migrations.RunPython.noop),
    ]

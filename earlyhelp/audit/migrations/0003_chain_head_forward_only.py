"""The head of the audit chain only moves forward, and on PostgreSQL cannot be deleted."""

from django.db import migrations

# A head set back to an earlier entry (or to another hash at the same entry) is how a cut-off
# tail would be hidden from `earlyhelp audit verify`. The head is only ever updated, never
# deleted, by the application, so these triggers never fire in normal use. No DELETE trigger on
# SQLite: Django empties tables with DELETE there (test flush, `earlyhelp demo --reset`).
SQLITE = [
    """CREATE TRIGGER audit_chainhead_forward_only BEFORE UPDATE ON audit_chainhead
       WHEN NEW.seq < OLD.seq OR (NEW.seq = OLD.seq AND NEW.hash <> OLD.hash)
       BEGIN SELECT RAISE(ABORT, 'the audit chain head only moves forward'); END;""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS audit_chainhead_forward_only;"]

POSTGRES = [
    """CREATE FUNCTION audit_chainhead_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'the audit chain head only moves forward and is never removed';
       END; $$;""",
    """CREATE TRIGGER audit_chainhead_forward_only BEFORE UPDATE ON audit_chainhead
       FOR EACH ROW WHEN (NEW.seq < OLD.seq OR (NEW.seq = OLD.seq AND NEW.hash <> OLD.hash))
       EXECUTE FUNCTION audit_chainhead_forward_only();""",
    # PostgreSQL empties tables with TRUNCATE, which fires no row trigger, so a DELETE
    # trigger here costs nothing.
    """CREATE TRIGGER audit_chainhead_no_delete BEFORE DELETE ON audit_chainhead
       FOR EACH ROW EXECUTE FUNCTION audit_chainhead_forward_only();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_chainhead_no_delete ON audit_chainhead;",
    "DROP TRIGGER IF EXISTS audit_chainhead_forward_only ON audit_chainhead;",
    "DROP FUNCTION IF EXISTS audit_chainhead_forward_only();",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = (
        POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    )
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]
    operations = [migrations.RunPython(forwards, backwards)]

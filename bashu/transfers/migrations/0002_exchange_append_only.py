"""On PostgreSQL, the exchange log refuses UPDATE and DELETE (append-only, like the audit log)."""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION transfers_exchange_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the exchange log is append-only (交换文书只能追加)';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS transfers_exchange_append_only ON transfers_exchangedocument;
CREATE TRIGGER transfers_exchange_append_only
    BEFORE UPDATE OR DELETE ON transfers_exchangedocument
    FOR EACH ROW EXECUTE FUNCTION transfers_exchange_append_only();
"""


def guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SQL)


def unguard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS transfers_exchange_append_only ON transfers_exchangedocument;"
        )


class Migration(migrations.Migration):
    dependencies = [("transfers", "0001_initial")]

    operations = [migrations.RunPython(guard, unguard)]

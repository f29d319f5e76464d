"""Trigram indexes for Chinese substring search on PostgreSQL (pg_trgm).

Django's ``icontains`` on PostgreSQL is ``UPPER(col::text) LIKE UPPER('%…%')``, so the
indexes are on those expressions. SQLite needs nothing: LIKE already finds substrings."""

from django.db import migrations

INDEXES = {
    "cases_case_description_trgm": ("cases_case", "description"),
    "cases_case_number_trgm": ("cases_case", "number"),
    "cases_applicant_name_trgm": ("cases_applicant", "name"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]

    operations = [migrations.RunPython(create, drop)]
